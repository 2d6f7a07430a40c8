"""A resident uploads a dose report on a phone, confirms the draft case in one tap, and the
dose appears on their progress."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from seldinger.dose import synthetic

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def test_resident_turns_a_dose_report_into_a_case_on_a_phone(
    live_server, browser, resident, faculty, password, screenshot_dir, tmp_path
):
    report = tmp_path / "renal.dcm"
    study = synthetic.Study(study_date=dt.date.today(), description="Renal angiogram")
    report.write_bytes(synthetic.to_bytes(synthetic.build(study)))
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(resident.username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()

    page.goto(f"{live_server.url}/dose/")
    page.get_by_label("Report files (.dcm), or a zip of them").set_input_files(str(report))
    page.get_by_role("button", name="Import").click()
    expect(page.locator("#results-title")).to_be_visible()
    expect(page.locator(".dose-result--draft")).to_contain_text("renal.dcm")
    draft = page.locator(".dose-draft").first
    expect(draft).to_contain_text("DAP 42.50 Gy·cm²")
    expect(draft.get_by_label("Procedure (suggested from the report)")).to_have_value(
        "angiography-renal"
    )
    draft.get_by_label("Supervising faculty").select_option(faculty.username)
    page.screenshot(path=str(screenshot_dir / "dose-draft-phone.png"), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the dose page scrolls sideways on a phone ({width}px)"

    draft.get_by_role("button", name="Primary").tap()
    expect(page.get_by_role("status").first).to_contain_text("Case saved from the dose report")
    expect(page.get_by_text("The suite's dose report")).to_be_visible()

    page.goto(f"{live_server.url}/cases/progress/")
    expect(page.locator("#total-cases")).to_have_text("1")
    expect(page.locator("#dose-table tbody")).to_contain_text("42.5")
    expect(page.locator("#dose-table tbody")).to_contain_text("230.0")
    page.screenshot(path=str(screenshot_dir / "dose-progress-phone.png"), full_page=True)
    context.close()
