"""The published schedule's pages: who sees them, the month grid with call marked, a
resident's own shifts, the version history; and the shifts in the resident's calendar feed."""

import datetime as dt
import re

import pytest
from icalendar import Calendar

from seldinger.credentials.services import ensure_feed
from seldinger.scheduling.services import publish_schedule

pytestmark = pytest.mark.django_db


def _page(client, user, url):
    client.force_login(user)
    return client.get(url)


@pytest.mark.parametrize("who", ["director", "coordinator", "ann"])
def test_leaders_and_residents_see_the_month(who, request, client, program, published):
    response = _page(client, request.getfixturevalue(who), f"/schedule/{program.pk}/?month=2026-04")
    assert response.status_code == 200
    assert "Version 1" in response.content.decode()


@pytest.mark.parametrize("who", ["faculty", "other_resident", "student", "outsider", "admin_user"])
def test_nobody_else_sees_the_programs_schedule(who, request, client, program, published):
    user = request.getfixturevalue(who)
    for url in ("", "mine/", "versions/", "swaps/"):
        assert _page(client, user, f"/schedule/{program.pk}/{url}").status_code == 404, url


def test_the_schedule_index_shows_nothing_to_someone_without_a_program(client, student, published):
    response = _page(client, student, "/schedule/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "not a resident, director or coordinator of a program" in html
    assert "Version 1" not in html


def test_the_index_opens_the_residents_program(client, program, ann, published):
    response = _page(client, ann, "/schedule/")
    assert response.status_code == 302
    assert response["Location"] == f"/schedule/{program.pk}/"


def _row(html: str, username: str) -> str:
    match = re.search(rf'<tr data-resident="{username}">(.*?)</tr>', html, re.S)
    assert match, username
    return match.group(1)


def _cell(row: str, day: str) -> str:
    match = re.search(rf'data-day="{day}"[^>]*>(.*?)</td>', row, re.S)
    assert match, day
    return match.group(1)


def test_the_month_grid_marks_each_residents_call(client, program, director, published):
    html = _page(client, director, f"/schedule/{program.pk}/?month=2026-04").content.decode()
    ann_row, ben_row = _row(html, "ann"), _row(html, "ben")
    assert "sched-chip--call" in _cell(ann_row, "2026-04-06")
    assert "sched-chip--call" not in _cell(ann_row, "2026-04-08")
    assert "IR" in _cell(ann_row, "2026-04-08")
    assert "sched-chip--call" in _cell(ben_row, "2026-04-08")
    # Each call kind by its initial: Ben's Sunday is weekend-day call, not a night.
    assert 'aria-label="weekend-day call">W</span>' in _cell(ben_row, "2026-04-12")
    assert 'aria-label="night call">N</span>' in _cell(ben_row, "2026-04-08")
    assert "ICU" in _cell(ben_row, "2026-04-07")
    assert '<td class="sched-total">2</td>' in ann_row
    assert "April 2026" in html


def test_a_month_without_shifts_still_lists_every_resident_of_the_schedule(
    client, program, director, published
):
    html = _page(client, director, f"/schedule/{program.pk}/?month=2026-06").content.decode()
    for row in (_row(html, "ann"), _row(html, "ben")):
        assert "sched-chip" not in row
        assert '<td class="sched-total">0</td>' in row


def test_without_a_month_the_grid_opens_on_the_schedules_first_month(
    client, program, director, published
):
    html = _page(client, director, f"/schedule/{program.pk}/").content.decode()
    assert "April 2026" in html


def test_a_resident_sees_only_their_own_shifts(client, program, ann, published):
    html = _page(client, ann, f"/schedule/{program.pk}/mine/?month=2026-04").content.decode()
    assert html.count('data-shift="') == 4
    assert "ICU" not in html  # Ben's Tuesday
    assert "4 shifts, 2 calls, 48 h scheduled" in html
    assert "Fill my work hours for April from the schedule" in html


def test_the_history_lists_every_version(
    client, program, coordinator, ann, published, schedule, names
):
    publish_schedule(program, schedule, coordinator, residents=names, note="After the swap")
    html = _page(client, ann, f"/schedule/{program.pk}/versions/").content.decode()
    assert re.findall(r'data-version="(\d+)"', html) == ["2", "1"]
    assert "After the swap" in html
    old = _page(client, ann, f"/schedule/{program.pk}/?version=1&month=2026-04").content.decode()
    assert "an earlier version" in old


def test_the_publish_form_is_for_leaders_only(client, program, director, ann, published):
    assert (
        "Publish a new version"
        in _page(client, director, f"/schedule/{program.pk}/").content.decode()
    )
    assert (
        "Publish a new version"
        not in _page(client, ann, f"/schedule/{program.pk}/").content.decode()
    )


def _feed(client, user):
    feed = ensure_feed(owner=user)
    response = client.get(f"/credentials/feed/{feed.token}.ics")
    assert response.status_code == 200
    events = Calendar.from_ical(response.content).walk("VEVENT")
    return [event for event in events if str(event["UID"]).startswith("shift-")]


def test_the_residents_published_shifts_are_in_their_calendar_feed(
    client, program, ann, ben, director, published, schedule, names
):
    events = _feed(client, ann)
    times = sorted((e.decoded("DTSTART"), e.decoded("DTEND"), str(e["SUMMARY"])) for e in events)
    assert len(times) == 4
    start, end, summary = times[1]
    assert summary == "night (call)"
    assert end - start == dt.timedelta(hours=14)
    assert start.tzinfo is not None
    # A new version replaces the old one in the feed: only the current version's shifts.
    schedule["shifts"] = schedule["shifts"][:2]
    publish_schedule(program, schedule, director, residents=names)
    assert len(_feed(client, ann)) == 2
    assert _feed(client, ben) == []


def test_a_leaders_feed_holds_no_ones_shifts(client, director, published):
    assert _feed(client, director) == []
