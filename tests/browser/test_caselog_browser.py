"""A resident logs a case on a phone and sees their dashboard count it."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def log_in(page, base_url, username, password):
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def test_resident_logs_a_case_on_a_phone(
    live_server, browser, resident, faculty, password, screenshot_dir
):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    log_in(page, live_server.url, resident.username, password)

    page.goto(f"{live_server.url}/cases/progress/")
    expect(page.locator("#total-cases")).to_have_text("0")

    page.goto(f"{live_server.url}/cases/")
    page.locator("#id_procedure_query").fill("picc")
    choice = page.get_by_label("PICC line placement Venous")
    expect(choice).to_be_visible()
    choice.check()
    page.get_by_label("Primary operator").check()
    page.get_by_label("Supervising faculty").select_option(faculty.username)
    page.get_by_label("Modality").select_option("ultrasound")
    page.screenshot(path=str(screenshot_dir / "log-case-phone.png"), full_page=True)
    page.get_by_role("button", name="Log case").click()
    expect(page.get_by_role("status").first).to_contain_text("Case logged: PICC line placement")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the log form scrolls sideways on a phone ({width}px)"

    page.goto(f"{live_server.url}/cases/progress/")
    expect(page.locator("#total-cases")).to_have_text("1")
    expect(page.locator("#pending-cases")).to_have_text("1")
    expect(page.locator("#cumulative-chart")).to_have_attribute("data-rendered", "true")
    page.screenshot(path=str(screenshot_dir / "dashboard-phone.png"), full_page=True)
    context.close()
