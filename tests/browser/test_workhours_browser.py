"""A resident enters a week of hours with a 30-hour shift, sees the violation explained and
justifies it; the director then finds it, justified, on the hours report."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WEEK = [
    # day, start, end day (empty: same or next day), end, kind
    ("2025-01-06", "07:00", "", "17:00", "Clinical (in house)"),
    ("2025-01-07", "07:00", "2025-01-08", "13:00", "In-house call"),  # 30 hours
    ("2025-01-09", "07:00", "", "12:00", "Clinical (in house)"),  # a split shift:
    ("2025-01-09", "13:00", "", "17:00", "Education"),  # lunch is no rest period
    ("2025-01-10", "07:00", "", "17:00", "Clinical (in house)"),
]


def log_in(page, base_url, username, password):
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def test_resident_justifies_a_violation_the_director_sees_it(
    live_server, browser, resident, director, password, screenshot_dir
):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log_in(page, live_server.url, resident.username, password)
    nav = page.get_by_role("navigation", name="Main")
    nav.locator("summary", has_text="Training").click()
    nav.get_by_role("link", name="Work hours").click()
    page.goto(f"{live_server.url}/hours/?week=2025-01-06")
    expect(page.locator("#week-label")).to_contain_text("Mon 6 Jan 2025")

    form = page.locator("#add-shift")
    for day, start, end_day, end, kind in WEEK:
        form.get_by_label("Day", exact=True).fill(day)
        form.get_by_label("Start", exact=True).fill(start)
        form.get_by_label("End", exact=True).fill(end)
        form.get_by_label("End day", exact=True).fill(end_day)
        form.get_by_label("Kind").select_option(label=kind)
        form.get_by_role("button", name="Add shift").click()
        expect(page.get_by_role("status").first).to_contain_text("Shift added")
    expect(page.locator("#week-hours")).to_have_text("59")

    violation = page.locator('.hours-violation[data-rule="24+4"]')
    expect(page.locator(".hours-violation")).to_have_count(1)  # not the split shift
    expect(violation).to_contain_text("24 hours plus 4")
    expect(violation).to_contain_text("Tue 7 Jan 2025 07:00")
    expect(violation).to_contain_text("continuous work period of 30 h")
    violation.get_by_text("What the rule says").click()
    expect(violation).to_contain_text("must not exceed 24 hours")
    violation.get_by_label("Justification").fill("Ruptured aneurysm at handover; stayed to finish.")
    violation.get_by_role("button", name="Justify").click()
    expect(page.get_by_role("status").first).to_contain_text("Justification saved")
    expect(violation).to_contain_text("Ruptured aneurysm at handover; stayed to finish.")
    expect(violation.locator(".hours-badge")).to_have_text("Justified")
    page.screenshot(path=str(screenshot_dir / "workhours-week.png"), full_page=True)
    context.close()

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log_in(page, live_server.url, director.username, password)
    nav = page.get_by_role("navigation", name="Main")
    nav.locator("summary", has_text="Program").click()
    nav.get_by_role("link", name="Hours report").click()
    expect(page.locator("#violation-count")).to_have_text("1 violation, 1 justified")
    row = page.locator('tr[data-resident="resident"][data-rule="24+4"]')
    expect(row).to_contain_text("Justified")
    expect(row).to_contain_text("Ruptured aneurysm at handover")
    page.screenshot(path=str(screenshot_dir / "workhours-director.png"), full_page=True)
    context.close()
