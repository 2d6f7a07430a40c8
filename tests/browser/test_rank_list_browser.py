"""A student builds a rank order list of three programs and reorders it with the buttons,
the keyboard and by dragging; after a reload the order is still there."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from seldinger.applications import selectors, services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAMES = ("Alder Integrated IR", "Birch Integrated IR", "Cedar Integrated IR")


def log_in(page, base_url, username, password):
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


@pytest.fixture
def programs(make_program, time_machine):
    # A day in the 2027 season, before the certification deadline (the server shares the clock).
    time_machine.move_to(dt.datetime(2026, 12, 1, 12, 0), tick=True)
    selectors.season.cache_clear()
    return [
        make_program(f"DEMO-09{number}", name=name, positions_advanced=2)
        for number, name in enumerate(NAMES, start=1)
    ]


def names_in_order(page):
    return page.locator("#rank-list > li .rank-item__name").all_inner_texts()


def wait_saved(page, count):
    expect(page.locator("#rank-list")).to_have_attribute("data-saved", str(count))


def test_student_builds_and_reorders_a_rank_list(
    live_server, page, student, password, programs, screenshot_dir
):
    log_in(page, live_server.url, student.username, password)
    page.goto(f"{live_server.url}/applications/rank-list/")
    expect(page.get_by_role("heading", name="Rank order list, 2027 match")).to_be_visible()
    for program in programs:
        page.get_by_label("Add a program track").select_option(f"{program.acgme_id}:advanced")
        page.get_by_role("button", name="Add to list").click()
        expect(page.get_by_role("status").first).to_contain_text(f"Added {program.name}")
    assert names_in_order(page) == list(NAMES)

    # 1. The Up button, pressed from the keyboard: Cedar moves above Birch, focus stays on it.
    up = page.get_by_role("button", name=f"Move {NAMES[2]} advanced up")
    up.focus()
    page.keyboard.press("Enter")
    wait_saved(page, 1)
    assert names_in_order(page) == [NAMES[0], NAMES[2], NAMES[1]]
    expect(up).to_be_focused()
    expect(page.locator("#reorder-status")).to_contain_text(
        f"Moved {NAMES[2]} · Advanced to position 2 of 3"
    )

    # 2. The keyboard shortcut on a focused entry: Alt+Down moves Alder below Cedar.
    page.locator("#rank-list > li", has_text=NAMES[0]).focus()
    page.keyboard.press("Alt+ArrowDown")
    wait_saved(page, 2)
    assert names_in_order(page) == [NAMES[2], NAMES[0], NAMES[1]]

    # 3. Drag and drop: Birch onto the first entry's upper half goes to the top.
    birch = page.locator("#rank-list > li", has_text=NAMES[1])
    cedar = page.locator("#rank-list > li", has_text=NAMES[2])
    birch.drag_to(cedar, target_position={"x": 40, "y": 5})
    wait_saved(page, 3)
    assert names_in_order(page) == [NAMES[1], NAMES[2], NAMES[0]]

    page.reload()
    assert names_in_order(page) == [NAMES[1], NAMES[2], NAMES[0]]
    page.screenshot(path=str(screenshot_dir / "rank-list.png"), full_page=True)

    # Certified: read-only, no reordering controls.
    page.get_by_role("button", name="Certify list").click()
    expect(page.locator("#list-state-label")).to_have_text("Certified")
    expect(page.get_by_role("button", name=f"Move {NAMES[0]} advanced up")).to_have_count(0)
    page.screenshot(path=str(screenshot_dir / "rank-list-certified.png"), full_page=True)


def test_the_buttons_work_without_javascript(live_server, browser, student, password, programs):
    services.replace_rank_list(
        applicant=student,
        match_year=2027,
        tracks=[f"{program.acgme_id}:advanced" for program in programs],
    )
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_server.url, student.username, password)
    page.goto(f"{live_server.url}/applications/rank-list/")
    page.get_by_role("button", name=f"Move {NAMES[1]} advanced up").click()
    assert names_in_order(page) == [NAMES[1], NAMES[0], NAMES[2]]
    context.close()
