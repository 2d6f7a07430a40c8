"""The web, the API and the CLI agree.

One schedule is stored through the services; the director's hours report, each
resident's own violations page, the API and ``seldinger hours check`` on the
same schedule exported to CSV all report the same violations, and the same
warnings for a 4-week period not over on the day asked (today, held fixed).
"""

import csv
import datetime as dt
import json
import re
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from seldinger.accounts.membership import ProgramMembership
from seldinger.accounts.models import Role
from seldinger.workhours import services
from seldinger.workhours.models import ShiftEntry

pytestmark = pytest.mark.django_db

FIRST = dt.date(2025, 1, 6)  # a Monday, four weeks clear of daylight-saving changes
ROW = re.compile(
    r'data-resident="([^"]+)" data-rule="([^"]+)"\s+data-start="([^"]+)" data-end="([^"]+)"'
)
OWN = re.compile(r'data-rule="([^"]+)" data-start="([^"]+)" data-end="([^"]+)"')
WARNING_ROW = re.compile(
    r'class="hours-warning-row"\s+data-resident="([^"]+)" data-warning="([^"]+)"\s+'
    r'data-start="([^"]+)" data-end="([^"]+)"'
)
OWN_WARNING = re.compile(r'data-warning="([^"]+)" data-start="([^"]+)" data-end="([^"]+)"')
TODAY = dt.datetime(2025, 2, 23, 12, 0)  # day 21 of the pacer's first 4-week period


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    moment = dt.datetime.combine(FIRST + dt.timedelta(days=day), dt.time(hour, minute))
    return timezone.make_aware(moment)


def local(value: str) -> str:
    """An ISO date-time as naive local wall-clock time, the CLI's form."""
    moment = dt.datetime.fromisoformat(value)
    if moment.tzinfo is not None:
        moment = timezone.localtime(moment).replace(tzinfo=None)
    return moment.isoformat()


def build_schedule(heavy, light, pacer):
    """``heavy`` breaks most rules over four weeks; ``light`` has a split shift and a short rest;
    ``pacer`` works 84 h a week for the three weeks so far of a period not over today."""
    shifts = [
        (heavy, at(0, 7), at(1, 13), "call"),  # 30 h: 24+4
        (heavy, at(1, 20), at(1, 23), "clinical"),  # 7 h after it: rest-after-24h-call
    ]
    for day in range(2, 28):  # 12 h every day: 80-hour and one-day-in-seven
        kind = "call" if day % 2 and day < 23 else "clinical"  # call-frequency
        shifts.append((heavy, at(day, 7), at(day, 19), kind))
    shifts += [
        (light, at(0, 7), at(0, 12), "clinical"),  # split shift: one work period
        (light, at(0, 13), at(0, 18), "education"),
        (light, at(1, 7), at(1, 17), "clinical"),
        (light, at(1, 21), at(1, 23, 30), "moonlighting"),  # 4 h off: rest-between-periods
        (light, at(2, 8), at(2, 16), "home-call-work"),
        (light, at(2, 20), at(2, 23), "home-call"),
    ]
    for day in range(28, 49):  # from Monday 2025-02-03, Mon-Sat 07-21
        if day % 7 != 6:
            shifts.append((pacer, at(day, 7), at(day, 21), "clinical"))
    for resident, start, end, kind in shifts:
        services.create_shift(resident=resident, start=start, end=end, kind=kind)


def export_csv(path):
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["resident", "start", "end", "kind"])
        for shift in ShiftEntry.objects.select_related("resident").order_by("start", "id"):
            writer.writerow(
                [
                    shift.resident.username,
                    timezone.localtime(shift.start).replace(tzinfo=None).isoformat(),
                    timezone.localtime(shift.end).replace(tzinfo=None).isoformat(),
                    shift.kind,
                ]
            )


@pytest.fixture
def today():
    with time_machine.travel(timezone.make_aware(TODAY), tick=False):
        yield


def test_web_api_and_cli_report_the_same_violations(
    client, tmp_path, program, resident, director, make_user, today
):
    light = make_user("light", Role.RESIDENT, program=program, kind=ProgramMembership.Kind.TRAINEE)
    pacer = make_user("pacer", Role.RESIDENT, program=program, kind=ProgramMembership.Kind.TRAINEE)
    build_schedule(resident, light, pacer)

    path = tmp_path / "shifts.csv"
    export_csv(path)
    out = StringIO()
    call_command("hours", "check", str(path), "--format", "json", stdout=out)
    cli = {
        (v["resident"], v["rule"], local(v["start"]), local(v["end"]))
        for v in json.loads(out.getvalue())["violations"]
    }
    cli_warnings = {
        (w["resident"], w["rule"], local(w["start"]), local(w["end"]))
        for w in json.loads(out.getvalue())["warnings"]
    }

    client.force_login(director)
    html = client.get(reverse("workhours:violations")).content.decode()
    web = {(who, rule, local(start), local(end)) for who, rule, start, end in ROW.findall(html)}
    api = {
        (v["resident"], v["rule"], local(v["start"]), local(v["end"]))
        for v in client.get("/api/workhours/violations").json()["items"]
    }
    web_warnings = {(w, r, local(s), local(e)) for w, r, s, e in WARNING_ROW.findall(html)}
    checked = client.get("/api/workhours/check").json()
    api_warnings = {
        (w["resident"], w["rule"], local(w["start"]), local(w["end"])) for w in checked["warnings"]
    }

    own_web, own_api, own_web_warnings, own_api_warnings = set(), set(), set(), set()
    for person in (resident, light, pacer):
        client.force_login(person)
        page = client.get(reverse("workhours:my_violations")).content.decode()
        own_web |= {(person.username, r, local(s), local(e)) for r, s, e in OWN.findall(page)}
        own_api |= {
            (v["resident"], v["rule"], local(v["start"]), local(v["end"]))
            for v in client.get("/api/workhours/violations").json()["items"]
        }
        own_web_warnings |= {
            (person.username, r, local(s), local(e)) for r, s, e in OWN_WARNING.findall(page)
        }
        own_api_warnings |= {
            (w["resident"], w["rule"], local(w["start"]), local(w["end"]))
            for w in client.get("/api/workhours/check").json()["warnings"]
        }

    rules = {rule for _, rule, _, _ in cli}
    assert rules == {
        "24+4",
        "rest-after-24h-call",
        "rest-between-periods",
        "80-hour",
        "one-day-in-seven",
        "call-frequency",
    }
    assert len(cli) == len(json.loads(out.getvalue())["violations"])
    assert web == cli
    assert api == cli
    assert own_web == cli
    assert own_api == cli
    assert {(v["resident"], v["rule"]) for v in checked["violations"]} == {
        (who, rule) for who, rule, _, _ in cli
    }

    assert cli_warnings == {("pacer", "80-hour", "2025-02-03T00:00:00", "2025-03-03T00:00:00")}
    assert web_warnings == cli_warnings
    assert api_warnings == cli_warnings
    assert own_web_warnings == cli_warnings
    assert own_api_warnings == cli_warnings

    text = StringIO()
    call_command("hours", "check", str(path), stdout=text)
    assert f"{len(cli)} violations. 1 warning: on track to exceed" in text.getvalue()
