"""A director picks a period on the cohort page, on a phone and on a desktop, and downloads a
report of it; the reports section fits the phone's width."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from seldinger.caselog.models import CaseEntry, CaseRequirement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, base_url, username, password):
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1280, 900)])
def test_director_downloads_the_case_totals_of_a_chosen_period(
    live_server, browser, program, resident, director, password, screenshot_dir, width, height
):
    CaseRequirement.objects.create(program=program, name="Embolization", minimum=40)
    for day in (dt.date(2024, 10, 1), dt.date(2025, 8, 1)):
        CaseEntry.objects.create(
            trainee=resident,
            performed_on=day,
            procedure_key="tace",
            category_key="embolization",
            role="primary",
            modality="fluoroscopy",
            fingerprint=f"browser-{day}",
        )
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    log_in(page, live_server.url, director.username, password)
    page.goto(f"{live_server.url}/cases/cohort/")

    reports = page.locator("#reports")
    reports.get_by_label("From", exact=True).fill("2024-07-01")
    reports.get_by_label("To", exact=True).fill("2025-06-30")
    reports.get_by_role("button", name="Use this period").click()
    expect(page.locator("#report-period")).to_have_text(
        "academic year 2024-25 (Jul 1, 2024 to Jun 30, 2025)"
    )
    link = reports.get_by_role("button", name="Cohort case totals as CSV")
    expect(link).to_have_attribute("href", "/reports/case-totals.csv?from=2024-07-01&to=2025-06-30")
    page.screenshot(path=str(screenshot_dir / f"cohort-reports-{width}.png"), full_page=True)
    # Nothing in the section is wider than the screen.
    overflow = reports.evaluate("section => section.scrollWidth - section.clientWidth")
    assert overflow <= 0

    with page.expect_download() as download:
        link.click()
    content = download.value.path().read_text(encoding="utf-8-sig")
    assert "Embolization" not in content.splitlines()[0]
    row = content.splitlines()[1].split(",")
    assert row[1] == "resident" and row[5] == "1"  # one case in the period, not two
    context.close()
