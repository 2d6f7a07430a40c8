"""A director publishes a month's call schedule built by the solver; a resident sees it on a
phone and asks for a swap, which the work-hour check passes; the coordinator approves it."""

import orjson
import pytest
from playwright.sync_api import expect

from seldinger.accounts.membership import ProgramMembership
from seldinger.accounts.models import Role
from seldinger.scheduling.solve import solve
from seldinger.scheduling.spec import parse_spec

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RESIDENTS = [
    ("r01", 3, "ann", "Ann", "Avery"),
    ("r02", 3, "ben", "Ben", "Brook"),
    ("r03", 4, "cara", "Cara", "Chen"),
    ("r04", 4, "dev", "Dev", "Desai"),
    ("r05", 5, "eli", "Eli", "Evans"),
    ("r06", 5, "fay", "Fay", "Fischer"),
]
NEED = {"3": [0, 2], "4": [0, 2], "5": [0, 2]}
SPEC = {
    "start": "2030-01-07",  # a Monday, well after today, so every call is still to come
    "blocks": 1,
    "block_weeks": 4,
    "residents": [{"id": key, "pgy": pgy} for key, pgy, *_ in RESIDENTS],
    "rotations": [
        {"name": "IR", "kind": "ir", "day_hours": 10, "need": NEED},
        {"name": "DR", "kind": "dr", "day_hours": 9, "need": NEED},
    ],
    "call": {
        "kinds": [
            {"name": "night", "start": "17:00", "hours": 14, "days": "all"},
            {"name": "weekend-day", "start": "07:00", "hours": 10, "days": "weekend"},
        ],
        "coverage": {
            "night": {"count": 1, "pgy": [3, 4, 5]},
            "weekend-day": {"count": 1, "pgy": [3, 4, 5]},
        },
    },
    "rules": {},
}


def log_in(page, base_url, username, password):
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def test_publish_view_on_a_phone_swap_and_approve(
    live_server,
    browser,
    program,
    director,
    coordinator,
    make_user,
    password,
    tmp_path,
    screenshot_dir,
):
    for _key, _pgy, username, first, last in RESIDENTS:
        make_user(
            username,
            Role.RESIDENT,
            program=program,
            kind=ProgramMembership.Kind.TRAINEE,
            first_name=first,
            last_name=last,
        )
    schedule = solve(parse_spec(SPEC), time_limit=20, workers=1)
    assert schedule["status"] in ("optimal", "feasible")
    path = tmp_path / "schedule.json"
    path.write_bytes(orjson.dumps(schedule))

    desktop = browser.new_context(viewport={"width": 1280, "height": 900})
    page = desktop.new_page()
    log_in(page, live_server.url, director.username, password)
    nav = page.get_by_role("navigation", name="Main")
    nav.locator("summary", has_text="Program").click()
    nav.get_by_role("link", name="Schedule").click()
    expect(page.get_by_text("No schedule is published for this program yet.")).to_be_visible()
    page.get_by_label("Schedule file").set_input_files(str(path))
    page.locator("textarea[name='residents']").fill(
        "\n".join(f"{key}={username}" for key, _pgy, username, *_ in RESIDENTS)
    )
    page.get_by_label("Note").fill("January call")
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("status").first).to_contain_text("Published version 1")
    expect(page.locator("#month-label")).to_have_text("January 2030")
    expect(page.locator("tbody tr[data-resident]")).to_have_count(6)
    # Every night from the 7th has one resident on call.
    expect(page.locator('td[data-day="2030-01-08"] .sched-chip--call')).to_have_count(1)
    page.screenshot(path=str(screenshot_dir / "schedule-month-1280.png"), full_page=True)

    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    mobile = phone.new_page()
    log_in(mobile, live_server.url, "ann", password)
    mobile.goto(f"{live_server.url}/schedule/")
    expect(mobile.locator("#month-label")).to_have_text("January 2030")
    mobile.screenshot(path=str(screenshot_dir / "schedule-month-390.png"), full_page=True)
    mobile.get_by_role("link", name="My shifts").click()
    expect(mobile.locator(".sched-item").first).to_be_visible()
    mobile.screenshot(path=str(screenshot_dir / "schedule-mine-390.png"), full_page=True)

    mobile.get_by_role("link", name="Swaps").click()
    give = mobile.get_by_label("My call shift")
    take = mobile.get_by_label("Their call shift")
    # Ann's last call for the first other call: whatever the checker finds is shown with the
    # request (the service tests hold what it finds).
    gives = give.locator("option").all_inner_texts()
    takes = take.locator("option").all_inner_texts()
    assert gives and takes
    give.select_option(label=gives[-1])
    take.select_option(label=takes[0])
    mobile.get_by_role("button", name="Request swap").click()
    expect(mobile.get_by_role("status").first).to_contain_text("Swap requested")
    swap = mobile.locator("article.sched-swap").first
    expect(swap.locator(".sched-status")).to_have_text("Pending")
    expect(swap.locator(".sched-check")).to_be_visible()
    mobile.screenshot(path=str(screenshot_dir / "schedule-swaps-390.png"), full_page=True)

    desk = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(desk, live_server.url, coordinator.username, password)
    desk.goto(f"{live_server.url}/schedule/{program.pk}/swaps/")
    desk.get_by_role("button", name="Approve").click()
    expect(desk.get_by_role("status").first).to_contain_text("Swap approved")
    expect(desk.locator("article.sched-swap .sched-status").first).to_have_text("Approved")
    desk.goto(f"{live_server.url}/schedule/{program.pk}/versions/")
    expect(desk.locator("[data-version]")).to_have_count(2)
    desk.screenshot(path=str(screenshot_dir / "schedule-versions-1280.png"), full_page=True)

    mobile.goto(f"{live_server.url}/schedule/{program.pk}/mine/")
    mobile.set_viewport_size({"width": 1280, "height": 900})
    mobile.screenshot(path=str(screenshot_dir / "schedule-mine-1280.png"), full_page=True)
    phone.close()
    desktop.close()
