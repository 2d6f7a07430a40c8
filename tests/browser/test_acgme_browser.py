"""A resident marks a verified case entered in the ACGME Case Log on a phone; it leaves the list."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from seldinger.caselog import selectors, services
from seldinger.caselog.entries import validate_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}


def log_in(page, base_url, username, password):
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def verified_case(trainee, faculty, procedure):
    raw = {
        "date": "2026-01-05",
        "procedure": procedure,
        "role": "primary",
        "supervisor": faculty.username,
        "modality": "fluoroscopy",
    }
    data, errors = validate_case(
        raw,
        catalogue=selectors.catalogue(),
        supervisors=set(selectors.supervisors_for(trainee).values_list("username", flat=True)),
        today=timezone.localdate(),
    )
    assert not errors, errors
    case = services.log_case(trainee=trainee, data=data)
    services.verify_cases(faculty=faculty, case_ids=[case.pk])
    return case


def test_resident_marks_a_case_entered_on_a_phone(
    live_server, browser, resident, faculty, password, screenshot_dir
):
    verified_case(resident, faculty, "picc")
    verified_case(resident, faculty, "ivc-filter-placement")
    for name, options in (("desktop", DESKTOP), ("phone", PHONE)):
        context = browser.new_context(**options)
        page = context.new_page()
        log_in(page, live_server.url, resident.username, password)
        page.goto(f"{live_server.url}/acgme/")
        expect(page.get_by_role("status")).to_have_text("2 cases")
        page.screenshot(path=str(screenshot_dir / f"acgme-case-log-{name}.png"), full_page=True)
        if name == "phone":
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, f"the list scrolls sideways on a phone ({width}px)"
            page.get_by_role("button", name="Mark entered").first.click()
            expect(page.get_by_role("status")).to_have_text("1 case")
            page.get_by_role("link", name="Entered").click()
            expect(page.get_by_role("button", name="Undo entered")).to_have_count(1)
        context.close()


def test_director_finds_each_trainees_list_and_the_milestones_on_a_phone(
    live_server, browser, director, resident, faculty, password, screenshot_dir
):
    verified_case(resident, faculty, "picc")
    context = browser.new_context(**PHONE)
    page = context.new_page()
    log_in(page, live_server.url, director.username, password)
    page.goto(f"{live_server.url}/acgme/milestones/")
    page.screenshot(path=str(screenshot_dir / "acgme-milestones-phone.png"), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the ACGME page scrolls sideways on a phone ({width}px)"
    page.get_by_role("link", name=resident.username).click()
    expect(page.get_by_role("status")).to_have_text("1 case")
    context.close()
