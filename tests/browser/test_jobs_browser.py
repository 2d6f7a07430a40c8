"""Someone searches the jobs board with a filter; a logged-in resident saves a job."""

import pytest
from playwright.sync_api import expect

from seldinger.careers.models import JobPosting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, base_url, username, password):
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


@pytest.fixture
def board(make_user):
    employer = make_user("employer", "employer")
    common = {
        "employer": employer,
        "organisation": "Synthetic IR Group (synthetic)",
        "city": "Guidewire Falls",
        "description": "A synthetic posting.",
        "contact": "jobs@example.invalid",
        "is_synthetic": True,
    }
    JobPosting.objects.create(
        title="Neurointerventional Radiologist (synthetic)",
        setting=JobPosting.Setting.HOSPITAL_EMPLOYED,
        subspecialty=JobPosting.Subspecialty.NEURO,
        state="TX",
        salary_min=550000,
        salary_max=680000,
        **common,
    )
    JobPosting.objects.create(
        title="Academic Oncology IR (synthetic)",
        setting=JobPosting.Setting.ACADEMIC,
        subspecialty=JobPosting.Subspecialty.ONCOLOGY,
        state="MN",
        salary_min=400000,
        salary_max=470000,
        **common,
    )


def test_search_the_board_and_save_a_job(
    live_server, page, board, resident, password, screenshot_dir
):
    page.goto(f"{live_server.url}/careers/jobs/")
    expect(page.get_by_role("status").first).to_have_text("2 positions")
    page.get_by_label("Subspecialty").select_option("neuro")
    page.get_by_label("Minimum salary (USD)").fill("500000")
    page.get_by_role("button", name="Search jobs").click()
    results = page.locator("#job-results")
    expect(results.get_by_role("status")).to_have_text("1 position")
    expect(results).to_contain_text("Neurointerventional Radiologist (synthetic)")
    expect(results).not_to_contain_text("Academic Oncology IR")
    expect(results.locator(".synthetic-badge")).to_be_visible()
    assert "subspecialty=neuro" in page.url

    log_in(page, live_server.url, resident.username, password)
    page.goto(f"{live_server.url}/careers/jobs/?subspecialty=neuro")
    page.get_by_role("link", name="Neurointerventional Radiologist (synthetic)").click()
    page.get_by_role("button", name="Save job").click()
    expect(page.get_by_role("status").first).to_contain_text("Saved: Neurointerventional")
    page.get_by_label("Status").select_option("applied")
    page.get_by_label("Notes").fill("Sent my CV (synthetic note).")
    page.get_by_role("button", name="Update").click()
    saved = page.locator("#saved-jobs")
    expect(saved).to_contain_text("Neurointerventional Radiologist (synthetic)")
    expect(saved).to_contain_text("Applied")
    page.screenshot(path=str(screenshot_dir / "jobs-saved.png"), full_page=True)


def test_pay_page_draws_both_charts(live_server, page, screenshot_dir):
    page.goto(f"{live_server.url}/careers/")
    expect(page.locator("#sourced-pay-chart")).to_have_attribute("data-rendered", "true")
    expect(page.locator("#unsourced-pay-chart")).to_have_attribute("data-rendered", "true")
    expect(page.locator("#unsourced-pay")).to_contain_text("Unsourced")
    page.screenshot(path=str(screenshot_dir / "careers-pay.png"), full_page=True)
