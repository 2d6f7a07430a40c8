"""A director solves a spec from the schedule page in a browser: the job's page says that
no schedule exists and lists the rules in conflict, on a phone and a desktop."""

import json
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

sys.path.insert(0, str(Path(__file__).parent.parent / "scheduling"))
from scheduling_programs import call
from scheduling_programs import program as program_spec

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_director_solves_an_impossible_spec_and_sees_the_conflicts(
    live_server, page, program, director, password, screenshot_dir, tmp_path, settings
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    spec = tmp_path / "SPEC.json"
    spec.write_text(json.dumps(program_spec(call=call("night", "17:00", 14, count=2))))
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("director")
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}/schedule/{program.pk}/")
    page.get_by_text("Solve a schedule from a spec").click()
    page.get_by_label("Spec file").set_input_files(str(spec))
    page.get_by_label("Time limit (seconds)").fill("5")
    page.get_by_role("button", name="Solve in the background").click()

    expect(page.locator(".job-state__message")).to_contain_text("No schedule meets every hard rule")
    conflicts = page.get_by_role("table", name="Hard rules in conflict")
    expect(conflicts).to_contain_text("coverage")
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(screenshot_dir / f"schedule-solve-{width}.png"), full_page=True)
