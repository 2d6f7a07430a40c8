"""Data entry without typing twice, in Chromium on a phone and a desktop: a hospital export
mapped and an ambiguous code chosen in the import preview, a week of hours entered from
last week's, every case of the verification queue selected at once, and each milestone
level's meaning beside the rating. Screenshots are kept under var/screenshots/."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from seldinger.caselog import selectors as case_selectors
from seldinger.caselog import services as case_services
from seldinger.caselog.entries import validate_case
from seldinger.caselog.models import CaseEntry
from seldinger.milestones.services import assign_evaluator
from seldinger.workhours import services as hour_services
from seldinger.workhours.models import ShiftEntry

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"phone": 390, "desktop": 1280}
EXPORT = (
    "MRN,Procedure Date,CPT Code,Patient Name,Attending,Guidance\n"
    "7781234,2025-02-03,37243,Doe Jane,faculty,fluoroscopy\n"
    "7785678,2025-02-04,37243,Roe Richard,faculty,fluoroscopy\n"
)


def log_in(page, base_url, username, password):
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base_url}/home/")


@pytest.mark.parametrize("viewport", list(WIDTHS))
def test_import_a_hospital_export_and_choose_the_procedure(
    live_server, browser, resident, faculty, password, screenshot_dir, tmp_path, viewport, settings
):
    settings.CASELOG_IMPORT_DIR = tmp_path / "imports"
    export = tmp_path / "hospital.csv"
    export.write_text(EXPORT, encoding="utf-8")
    context = browser.new_context(viewport={"width": WIDTHS[viewport], "height": 844})
    page = context.new_page()
    log_in(page, live_server.url, resident.username, password)
    page.goto(f"{live_server.url}/cases/import/")
    page.get_by_label("Case log file").set_input_files(str(export))
    page.get_by_role("button", name="Check the file").click()
    expect(page.locator("#identifier-note")).to_contain_text("MRN, Patient Name")
    expect(page.locator("body")).not_to_contain_text("Doe Jane")
    page.get_by_label("Role").select_option("primary")
    page.screenshot(path=str(screenshot_dir / f"import-mapping-{viewport}.png"), full_page=True)
    page.get_by_role("button", name="Use these columns").click()
    expect(page.get_by_text("CPT 37243: 2 rows, 2 still to choose")).to_be_visible()
    page.get_by_label("Every row with 37243 is").select_option("tace")
    page.get_by_text("Choose row by row").click()
    page.get_by_label("Line 3").select_option("radioembolization")
    page.screenshot(path=str(screenshot_dir / f"import-cpt-{viewport}.png"), full_page=True)
    page.get_by_role("button", name="Use these procedures").click()
    page.get_by_role("button", name="Confirm: import 2 cases").click()
    expect(page.get_by_role("status").first).to_contain_text("Imported 2 cases")
    keys = sorted(CaseEntry.objects.values_list("procedure_key", flat=True))
    assert keys == ["radioembolization", "tace"]
    context.close()


@pytest.mark.parametrize("viewport", list(WIDTHS))
def test_copy_last_week_then_add_the_week(
    live_server, browser, resident, password, screenshot_dir, viewport
):
    monday = dt.date(2025, 1, 13)
    last = monday - dt.timedelta(days=7)

    def at(day, hour):
        return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))

    for offset in range(5):
        day = last + dt.timedelta(days=offset)
        hour_services.create_shift(
            resident=resident, start=at(day, 7), end=at(day, 17), kind="clinical"
        )
    context = browser.new_context(viewport={"width": WIDTHS[viewport], "height": 844})
    page = context.new_page()
    log_in(page, live_server.url, resident.username, password)
    page.goto(f"{live_server.url}/hours/?week={monday}")
    page.get_by_role("button", name="Copy last week").click()
    expect(page.locator("#copy-note")).to_contain_text("5 shifts moved on by seven days")
    page.get_by_text("Call on Tuesday").click()
    page.get_by_label("Tuesday's call: start").fill("17:00")
    page.get_by_label("Tuesday's call: end").fill("07:00")
    page.screenshot(path=str(screenshot_dir / f"hours-week-form-{viewport}.png"), full_page=True)
    page.get_by_role("button", name="Add the week").click()
    expect(page.get_by_role("status").first).to_contain_text("Added 6 shifts to the week")
    assert ShiftEntry.objects.filter(start__gte=at(monday, 0)).count() == 6
    context.close()


@pytest.mark.parametrize("viewport", list(WIDTHS))
def test_select_all_in_the_queue_and_level_meanings(
    live_server, browser, resident, faculty, director, password, screenshot_dir, viewport
):
    for day in ("2026-01-05", "2026-01-06", "2026-01-07"):
        data, errors = validate_case(
            {
                "date": day,
                "procedure": "picc",
                "role": "primary",
                "supervisor": faculty.username,
                "modality": "ultrasound",
            },
            catalogue=case_selectors.catalogue(),
            supervisors={faculty.username},
            today=timezone.localdate(),
        )
        assert errors == []
        case_services.log_case(trainee=resident, data=data)
    assign_evaluator(actor=director, resident=resident, evaluator=faculty)
    context = browser.new_context(viewport={"width": WIDTHS[viewport], "height": 844})
    page = context.new_page()
    log_in(page, live_server.url, faculty.username, password)
    page.goto(f"{live_server.url}/cases/verify/?order=newest")
    select_all = page.get_by_label("Select all 3 cases on this page")
    select_all.check()
    expect(page.locator('input[name="case_ids"]:checked')).to_have_count(3)
    page.screenshot(path=str(screenshot_dir / f"verify-queue-{viewport}.png"), full_page=True)
    page.locator('input[name="case_ids"]').first.uncheck()
    expect(select_all).not_to_be_checked()
    page.get_by_role("button", name="Verify selected").click()
    expect(page.get_by_role("status").first).to_contain_text("Verified 2 cases")
    assert page.url.endswith("?order=newest")

    page.goto(f"{live_server.url}/milestones/residents/{resident.pk}/evaluate/")
    page.get_by_label("PC1 Reporting").select_option("3")
    expect(page.locator("#meaning-pc1")).to_have_text(
        "Continues to advance; demonstrates most milestones targeted for residency."
    )
    expect(page.locator("#level-meanings dl")).to_be_hidden()
    page.locator("fieldset", has_text="Patient Care").screenshot(
        path=str(screenshot_dir / f"milestone-rating-{viewport}.png")
    )
    page.get_by_text("What the levels mean").click()
    expect(page.locator("#level-meanings dl")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / f"milestone-levels-{viewport}.png"), full_page=False)
    context.close()
