"""A resident's home on a phone and on a desktop: the most urgent item first with its count,
urgency and due date in view, and doing it from the home page takes it off the list."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from seldinger.caselog.models import CaseEntry
from seldinger.workhours.models import ShiftEntry

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, base_url, username, password):
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


@pytest.fixture
def resident_with_work(resident, faculty):
    """A case returned for correction, one waiting three weeks, a 30-hour call (24+4)."""
    today = timezone.localdate()
    for days_ago, status in ((3, CaseEntry.Status.RETURNED), (21, CaseEntry.Status.PENDING)):
        CaseEntry.objects.create(
            trainee=resident,
            performed_on=today - dt.timedelta(days=days_ago),
            procedure_key="port-chest",
            category_key="venous-access",
            role="primary",
            supervisor=faculty,
            modality="fluoroscopy",
            status=status,
            fingerprint=f"home-{days_ago}",
        )
    start = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=10), dt.time(7)))
    ShiftEntry.objects.create(
        resident=resident, start=start, end=start + dt.timedelta(hours=30), kind="call"
    )
    return resident


@pytest.mark.parametrize(("viewport", "width"), [("phone", 375), ("desktop", 1280)])
def test_resident_does_the_top_item_from_home(
    live_server, browser, resident_with_work, faculty, password, screenshot_dir, viewport, width
):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    log_in(page, live_server.url, resident_with_work.username, password)

    expect(page).to_have_url(f"{live_server.url}/home/")
    items = page.locator(".todo__item")
    expect(items.first).to_have_attribute("data-urgency", "now")
    expect(page.locator(".todo__item--now")).to_have_count(2)
    returned = page.locator('.todo__item[data-kind="cases-returned"]')
    expect(returned.locator(".todo__count")).to_have_text("1")
    expect(returned).to_contain_text("Act now")
    self_assessment = page.locator('.todo__item[data-kind="self-assessment"]')
    expect(self_assessment.locator(".todo__due")).to_contain_text("Due ")
    # Logging a case is one tap away, on the first screen.
    log_case = page.get_by_role("button", name="Log a case")
    expect(log_case).to_be_visible()
    assert log_case.bounding_box()["y"] < 800
    # Nothing is wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(screenshot_dir / f"home-resident-{viewport}.png"), full_page=True)

    page.locator('.todo__item[data-kind="violations-unjustified"] a').click()
    expect(page).to_have_url(f"{live_server.url}/hours/my-violations/")
    page.get_by_label("Justification").first.fill("Stayed for a ruptured aneurysm at handover.")
    page.get_by_role("button", name="Justify").first.click()
    expect(page.get_by_role("status").first).to_contain_text("Justification saved")

    page.goto(f"{live_server.url}/home/")
    expect(page.locator('.todo__item[data-kind="violations-unjustified"]')).to_have_count(0)
    expect(page.locator(".todo__item").first).to_have_attribute("data-kind", "cases-returned")
    assert CaseEntry.objects.filter(trainee=resident_with_work).count() == 2
    context.close()
