"""The demo diplomate opens the certification dashboard and sees where they stand."""

import re

import pytest
from playwright.sync_api import expect

from seldinger.demo.data import DEMO_PASSWORD, load_demo_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DUE = re.compile(r"[A-Z][a-z]{2} \d{1,2}, \d{4}")


def test_demo_diplomate_sees_certification_status(
    live_server, page, screenshot_dir, settings, tmp_path
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    load_demo_data()

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("diplomate")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()

    nav = page.get_by_role("navigation", name="Main")
    nav.locator("summary", has_text="Boards").click()
    nav.get_by_role("link", name="Certification").click()
    expect(page).to_have_url(f"{live_server.url}/certification/")
    expect(page.get_by_role("heading", name="Board certification")).to_be_visible()
    expect(page.locator("#certificate")).to_contain_text("IR/DR")
    expect(page.locator("#certificate-type")).to_have_text("Continuous")

    for key in ("ola", "cme", "pqi"):
        expect(page.locator(f"#part-{key}-status")).to_have_text(
            re.compile("Met|On track|Due soon|Behind")
        )
        expect(page.locator(f"#part-{key}-due")).to_have_text(DUE)
    expect(page.locator("#part-cme-status")).to_have_text(re.compile("Due soon|Behind"))
    expect(page.locator("#part-pqi-status")).to_have_text("Met")
    expect(page.locator("#cme-total")).to_have_text("45.5 of 75")

    page.screenshot(path=str(screenshot_dir / "diplomate-certification.png"), full_page=True)
