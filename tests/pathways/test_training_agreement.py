"""Every place that shows a demo resident's exam dates and training end agrees.

The planner page the resident sees when logged in, GET /api/pathways/training,
GET /api/certification/status, ``seldinger plan --user``, ``seldinger
certification status --user`` and the private calendar feed all read the one
training record; with today held at 2026-12-04 they give the same dates, and
time off beyond the ABR allowance moves them all together.
"""

import datetime as dt
import json
import re
from io import StringIO
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core.management import call_command
from icalendar import Calendar

from seldinger.accounts.models import User
from seldinger.demo.data import load_demo_data

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 4)
RESIDENTS = ["resident", "resident2"]
EXAMS = ("core-exam", "certifying-computer", "certifying-oral", "certifying-dr-oral")
EVENT = re.compile(r'<li data-event="([^"]+)">\s*<time datetime="([0-9-]+)">([^<]*)</time>', re.S)
FEED_URL = re.compile(r'id="feed-url"[^>]*value="([^"]+)"')
# Eighteen months of medical leave (390 workdays), 190 beyond the 5 x 40 allowed to the
# demo resident (independent IR with ESIR: six postgraduate years, the first clinical):
# training then ends in 2030 instead of 2029, and the exams after it move a year.
LONG_LEAVE = {"kind": "medical", "start": "2025-01-01", "end": "2026-06-30"}

Dates = dict[str, tuple[str, str]]


@pytest.fixture
def demo():
    with time_machine.travel(dt.datetime(2026, 12, 4, 12, 0), tick=False):
        load_demo_data()
        yield


def iso(text: str) -> str:
    return dt.datetime.strptime(text.strip(), "%b %d, %Y").date().isoformat()


def plan_exams(plan: dict) -> Dates:
    return {
        event["key"]: (event["date"], event["until"] or event["date"])
        for event in plan["events"]
        if event["key"] in EXAMS
    }


def part_exams(parts: list[dict]) -> Dates:
    return {
        part["key"]: (part["exam_date"], part["exam_until"])
        for part in parts
        if part["key"] in EXAMS and part["exam_date"] is not None
    }


def planner_page(client) -> tuple[Dates, str]:
    response = client.get("/plan/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Your training" in html
    exams: Dates = {}
    training_end = ""
    for key, date, text in EVENT.findall(html):
        until = iso(text.split(" to ")[1]) if " to " in text else date
        if key in EXAMS:
            exams[key] = (date, until)
        if key == "training-end":
            training_end = date
    return exams, training_end


def training_api(client) -> dict:
    response = client.get("/api/pathways/training")
    assert response.status_code == 200, response.content
    return response.json()["plan"]


def status_api(client) -> dict:
    response = client.get("/api/certification/status")
    assert response.status_code == 200, response.content
    return response.json()


def plan_cli(username: str) -> dict:
    out = StringIO()
    call_command("plan", "--user", username, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def status_cli(username: str) -> dict:
    out = StringIO()
    call_command("certification", "status", "--user", username, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def feed(client, user: User) -> dict[str, dt.date]:
    """The resident's calendar feed, opened by its private URL: uid -> date."""
    page = client.get("/credentials/calendar/").content.decode()
    url = FEED_URL.search(page)
    assert url is not None, "the calendar page shows no feed URL"
    client.logout()  # calendar apps open the feed without a login
    response = client.get(urlsplit(url.group(1)).path)
    assert response.status_code == 200
    client.force_login(user)
    calendar = Calendar.from_ical(response.content)
    return {str(event["uid"]): event.decoded("dtstart") for event in calendar.walk("VEVENT")}


def uid(user: User, key: str) -> str:
    """The feed event of a certification part (credentials.selectors.certification_events)."""
    return f"certification-{user.pk}-{key}@seldinger"


def logged_in(client, username: str) -> User:
    user = User.objects.get(username=username)
    client.force_login(user)
    return user


def exam_dates_everywhere(client, username: str) -> dict[str, Dates]:
    return {
        "planner page": planner_page(client)[0],
        "training API": plan_exams(training_api(client)),
        "status API": part_exams(status_api(client)["parts"]),
        "plan CLI": plan_exams(plan_cli(username)),
        "status CLI": part_exams(status_cli(username)["parts"]),
    }


def training_ends_everywhere(client, username: str) -> dict[str, str]:
    return {
        "planner page": planner_page(client)[1],
        "training API": training_api(client)["training_end"],
        "status API": status_api(client)["training_end"],
        "plan CLI": plan_cli(username)["training_end"],
    }


def assert_all_equal(found: dict) -> None:
    values = list(found.values())
    assert all(value == values[0] for value in values), found


@pytest.mark.parametrize("username", RESIDENTS)
def test_every_surface_gives_the_same_exam_dates(demo, client, username):
    logged_in(client, username)
    found = exam_dates_everywhere(client, username)
    assert {"core-exam", "certifying-oral"} <= set(found["training API"])
    assert_all_equal(found)


@pytest.mark.parametrize("username", RESIDENTS)
def test_every_surface_gives_the_same_training_end(demo, client, username):
    logged_in(client, username)
    found = training_ends_everywhere(client, username)
    assert found["training API"]
    assert_all_equal(found)


@pytest.mark.parametrize(
    ("username", "training_end"), [("resident", "2029-06-30"), ("resident2", "2027-06-30")]
)
def test_the_demo_residents_training_ends(demo, client, username, training_end):
    logged_in(client, username)
    assert training_api(client)["training_end"] == training_end


@pytest.mark.parametrize("username", RESIDENTS)
def test_the_calendar_feed_has_each_exam_on_its_date(demo, client, username):
    user = logged_in(client, username)
    parts = {part["key"]: part for part in status_api(client)["parts"] if part["key"] in EXAMS}
    events = feed(client, user)
    in_feed = {
        key: events[uid(user, key)].isoformat() if uid(user, key) in events else None
        for key in parts
    }
    # The feed dates each exam part by its status's due date ...
    assert in_feed == {key: part["due"] for key, part in parts.items()}
    # ... which for a sitting still to come is the first day of that sitting.
    upcoming = {
        key: part["exam_date"]
        for key, part in parts.items()
        if part["exam_date"] and part["exam_date"] >= TODAY.isoformat()
    }
    assert upcoming, "no upcoming exam to check"
    assert {key: in_feed[key] for key in upcoming} == upcoming


def test_time_off_beyond_the_allowance_moves_every_surface_together(demo, client):
    user = logged_in(client, "resident")
    before = training_api(client)
    response = client.post(
        "/api/pathways/training/time-off", LONG_LEAVE, content_type="application/json"
    )
    assert response.status_code == 201, response.content

    after = training_api(client)
    assert after["extension_workdays"] == 190
    assert before["training_end"] == "2029-06-30"
    assert after["training_end"].startswith("2030-")
    assert plan_exams(after) != plan_exams(before)

    assert_all_equal(training_ends_everywhere(client, "resident"))
    assert_all_equal(exam_dates_everywhere(client, "resident"))

    parts = {part["key"]: part for part in status_api(client)["parts"] if part["key"] in EXAMS}
    events = feed(client, user)
    moved = {
        key: part["exam_date"]
        for key, part in parts.items()
        if part["exam_date"] and plan_exams(before).get(key, ("",))[0] != part["exam_date"]
    }
    assert set(moved) == {"certifying-computer", "certifying-oral"}
    assert {key: events[uid(user, key)].isoformat() for key in moved} == moved


def test_leave_entered_twice_moves_every_surface_once(demo, client):
    logged_in(client, "resident")
    for _ in range(2):
        response = client.post(
            "/api/pathways/training/time-off", LONG_LEAVE, content_type="application/json"
        )
        assert response.status_code == 201, response.content
    assert training_api(client)["extension_workdays"] == 190
    assert set(training_ends_everywhere(client, "resident").values()) == {"2030-03-22"}
    assert_all_equal(exam_dates_everywhere(client, "resident"))
