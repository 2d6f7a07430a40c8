"""The week page shows the violations and warnings of the resident's whole record that fall
in the week, though it checks only the shifts that can change them (``findings_in``)."""

import datetime as dt
import random

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from seldinger.workhours import selectors
from seldinger.workhours.models import ShiftEntry

pytestmark = pytest.mark.django_db

FIRST = dt.datetime(2025, 9, 1, 7, 0)  # a Monday
TODAY = dt.datetime(2026, 1, 14, 12, 0)  # a Wednesday, inside a 4-week period under way
KINDS = ("clinical",) * 5 + ("call", "call", "home-call", "home-call-work", "moonlighting")


def busy_months(resident, seed: int) -> None:
    """Shifts of every length, back to back or with short rests, from FIRST to past TODAY:
    long periods, short rests, heavy weeks, no day off, frequent call (a month off too)."""
    rng = random.Random(seed)
    moment, shifts = FIRST, []
    while moment < TODAY + dt.timedelta(days=3):
        end = moment + dt.timedelta(hours=rng.choice((0.5, 3, 8, 10, 12, 14, 24, 26, 29)))
        shifts.append(
            ShiftEntry(
                resident=resident,
                start=timezone.make_aware(moment),
                end=timezone.make_aware(end),
                kind=rng.choice(KINDS),
            )
        )
        rest = rng.choice((0, 0.5, 1, 1.9, 3, 6, 7.5, 9, 13, 15, 30, 50))
        moment = end + dt.timedelta(hours=rest if rng.random() > 0.005 else 24 * 30)
    ShiftEntry.objects.bulk_create(shifts)


def week_of(monday: dt.date) -> tuple[dt.datetime, dt.datetime]:
    return selectors.local_midnight(monday), selectors.local_midnight(monday + dt.timedelta(7))


def whole_record_in(resident, start, end) -> selectors.Findings:
    found = selectors.findings_of(resident)
    return selectors.Findings(
        [view for view in found.violations if view.start < end and view.end > start],
        [view for view in found.warnings if view.start < end and view.end > start],
    )


@pytest.fixture
def today():
    with time_machine.travel(timezone.make_aware(TODAY), tick=False):
        yield


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_week_shows_what_the_whole_record_finds_in_it(today, resident, seed):
    busy_months(resident, seed)
    monday = FIRST.date() - dt.timedelta(days=14)
    weeks = with_violations = 0
    while monday <= TODAY.date() + dt.timedelta(days=14):
        start, end = week_of(monday)
        expected = whole_record_in(resident, start, end)
        assert selectors.findings_in(resident, start, end) == expected, monday
        weeks += 1
        with_violations += bool(expected.violations)
        monday += dt.timedelta(days=7)
    assert weeks == 24 and with_violations > 12


def test_a_period_under_way_shows_its_warnings(today, resident):
    """Mon-Sat 07-21 from 2025-12-22: on track to exceed 80 hours in the period under way."""
    first = dt.datetime(2025, 12, 22, 7, 0)
    ShiftEntry.objects.bulk_create(
        ShiftEntry(
            resident=resident,
            start=timezone.make_aware(first + dt.timedelta(days=day)),
            end=timezone.make_aware(first + dt.timedelta(days=day, hours=14)),
        )
        for day in range(24)
        if day % 7 != 6
    )
    start, end = week_of(dt.date(2026, 1, 12))
    found = selectors.findings_in(resident, start, end)
    assert found == whole_record_in(resident, start, end)
    assert [view.rule for view in found.warnings] == ["80-hour"]


def test_a_week_inside_a_month_long_run_of_work_checks_the_whole_record(today, resident):
    """Shifts back to back for five weeks: the week's work period began before the shifts
    the week's check starts from, so the whole record is checked (and says the same)."""
    moment = timezone.make_aware(dt.datetime(2025, 11, 3, 7, 0))
    ShiftEntry.objects.bulk_create(
        ShiftEntry(
            resident=resident,
            start=moment + dt.timedelta(hours=12 * index),
            end=moment + dt.timedelta(hours=12 * (index + 1)),
        )
        for index in range(70)
    )
    start, end = week_of(dt.date(2025, 12, 1))
    assert selectors._findings_from(resident, start) is None
    found = selectors.findings_in(resident, start, end)
    assert found == whole_record_in(resident, start, end)
    assert [view.rule for view in found.violations][:1] == ["24+4"]


def test_the_week_page_lists_the_weeks_violations(client, today, resident):
    busy_months(resident, 4)
    start, end = week_of(dt.date(2025, 12, 8))
    expected = whole_record_in(resident, start, end).violations
    client.force_login(resident)

    response = client.get(reverse("workhours:week"), {"week": "2025-12-10"})

    shown = [item["violation"] for item in response.context["violations"]]
    assert shown == expected and expected
