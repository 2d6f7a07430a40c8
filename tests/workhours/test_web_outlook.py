"""At-home call on the week grid and the API; warnings ('on track to exceed') on the pages and
the API for a 4-week period not over yet."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from seldinger.workhours import services
from seldinger.workhours.models import ShiftEntry

pytestmark = pytest.mark.django_db

FIRST = dt.date(2025, 2, 3)  # a Monday; the period runs to 2025-03-02, before daylight saving
TODAY = dt.datetime(2025, 2, 23, 12, 0)  # a Sunday, day 21 of the period
WEEK = reverse("workhours:week")
API = "/api/workhours"
HEADLINE = "On track to exceed: 68 h left in this 4-week period, to 2025-03-02"


def at(day: int, hour: int) -> dt.datetime:
    moment = dt.datetime.combine(FIRST + dt.timedelta(days=day), dt.time(hour))
    return timezone.make_aware(moment)


def three_heavy_weeks(resident) -> None:
    """Mon-Sat 07-21: 252 h in the 21 days so far, a pace of 336 h in 28 days."""
    for week in range(3):
        for day in range(6):
            services.create_shift(
                resident=resident,
                start=at(7 * week + day, 7),
                end=at(7 * week + day, 21),
                kind="clinical",
            )


@pytest.fixture
def today():
    with time_machine.travel(timezone.make_aware(TODAY), tick=False):
        yield


def test_the_week_grid_takes_home_call_and_does_not_count_its_hours(client, resident):
    services.create_shift(resident=resident, start=at(0, 8), end=at(0, 18), kind="clinical")
    client.force_login(resident)
    response = client.post(
        f"{reverse('workhours:add_shift')}?week={FIRST.isoformat()}",
        {
            "day": (FIRST + dt.timedelta(days=6)).isoformat(),
            "start_time": "08:00",
            "end_time": "20:00",
            "kind": "home-call",
        },
    )
    assert response.status_code == 302
    shift = ShiftEntry.objects.get(resident=resident, kind="home-call")
    assert shift.hours == 12
    html = client.get(WEEK, {"week": FIRST.isoformat()}).content.decode()
    assert '<option value="home-call"' in client.get(WEEK).content.decode()
    assert "At-home call (not called in)" in html
    assert 'id="week-hours">10<' in html  # the 12 h of home call are not work


def test_the_api_takes_home_call(client, resident):
    client.force_login(resident)
    response = client.post(
        f"{API}/shifts",
        {"start": "2025-02-09T08:00", "end": "2025-02-09T20:00", "kind": "home-call"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["kind"] == "home-call"


def test_the_resident_sees_the_warning_on_the_week_and_violations_pages(client, resident, today):
    three_heavy_weeks(resident)
    client.force_login(resident)
    html = client.get(WEEK, {"week": "2025-02-17"}).content.decode()
    assert 'id="warnings"' in html and HEADLINE in html
    assert 'data-warning="80-hour"' in html
    assert 'id="no-violations"' in html  # a warning is not a violation
    page = client.get(reverse("workhours:my_violations")).content.decode()
    assert "0 violations" in page and HEADLINE in page
    assert "252.0 h in the 21 days so far of the 4-week period 2025-02-03 to 2025-03-02" in page


def test_a_week_after_the_period_shows_no_warning(client, resident, today):
    three_heavy_weeks(resident)
    client.force_login(resident)
    assert 'id="warnings"' in client.get(WEEK, {"week": "2025-02-17"}).content.decode()
    response = client.get(WEEK, {"week": "2025-03-10"})
    assert response.status_code == 200
    assert 'id="warnings"' not in response.content.decode()


def test_the_director_sees_warnings_apart_from_violations(client, resident, director, today):
    three_heavy_weeks(resident)
    client.force_login(director)
    html = client.get(reverse("workhours:violations")).content.decode()
    assert "0 violations, 0 justified" in html
    assert "1 warning: 4-week periods not over yet" in html
    assert re.search(
        r'class="hours-warning-row"\s+data-resident="resident" data-warning="80-hour"', html
    )
    assert HEADLINE in html
    html = client.get(reverse("workhours:violations"), {"rule": "24+4"}).content.decode()
    assert "0 warnings" in html


def test_the_api_returns_warnings_beside_violations(client, resident, director, today):
    three_heavy_weeks(resident)
    client.force_login(resident)
    body = client.get(f"{API}/check").json()
    assert body["violations"] == []
    [warning] = body["warnings"]
    assert (warning["resident"], warning["rule"], warning["hours_left"]) == (
        "resident",
        "80-hour",
        68,
    )
    assert warning["headline"] == HEADLINE
    assert warning["rule_source"] == "ACGME CPR VI.F.1"
    assert client.get(f"{API}/violations").json()["items"] == []
    client.force_login(director)
    assert [w["resident"] for w in client.get(f"{API}/check").json()["warnings"]] == ["resident"]
    assert client.get(f"{API}/check", {"resident": "nobody"}).status_code == 404


def test_a_finished_heavy_period_is_a_violation_on_the_web(client, resident):
    three_heavy_weeks(resident)
    for day in range(21, 27):
        services.create_shift(resident=resident, start=at(day, 7), end=at(day, 21), kind="clinical")
    with time_machine.travel(timezone.make_aware(dt.datetime(2025, 3, 3, 12)), tick=False):
        client.force_login(resident)
        body = client.get(f"{API}/check").json()
        page = client.get(reverse("workhours:my_violations")).content.decode()
    assert [(v["rule"], v["detail"][:24]) for v in body["violations"]] == [
        ("80-hour", "84.0 h a week on average")
    ]
    assert body["warnings"] == []
    assert 'data-rule="80-hour"' in page and 'id="warnings"' not in page


def test_nobody_else_sees_a_residents_warnings(client, resident, other_resident, faculty, today):
    three_heavy_weeks(resident)
    client.force_login(other_resident)
    assert client.get(f"{API}/check").json() == {"violations": [], "warnings": []}
    assert client.get(f"{API}/check", {"resident": "resident"}).status_code == 404
    client.force_login(faculty)
    assert client.get(f"{API}/check").json() == {"violations": [], "warnings": []}
    assert client.get(reverse("workhours:violations")).status_code == 403
    client.logout()
    assert client.get(f"{API}/check").status_code == 401
