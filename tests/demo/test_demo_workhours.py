"""The demo resident's two weeks of shifts."""

import datetime as dt

import pytest
from django.utils import timezone

from seldinger.demo.workhours import load_demo_shifts
from seldinger.workhours import selectors
from seldinger.workhours.models import ShiftEntry

pytestmark = pytest.mark.django_db


def test_demo_resident_gets_two_weeks_with_a_split_shift_and_one_violation_once(resident):
    load_demo_shifts(resident)
    shifts = ShiftEntry.objects.filter(resident=resident).order_by("start")
    count = shifts.count()
    assert count == 10
    # The two weeks before the fixed day (Monday 2026-03-02): Monday 2026-02-16 to Friday 02-27.
    first, last = shifts.first(), shifts.last()
    assert first is not None and last is not None
    assert timezone.localtime(first.start).date() == dt.date(2026, 2, 16)
    assert timezone.localtime(last.end).date() == dt.date(2026, 2, 27)
    [violation] = selectors.violations_of(resident)
    assert violation.rule == "24+4"
    assert ShiftEntry.objects.filter(resident=resident, note__startswith="Split shift").count() == 2
    load_demo_shifts(resident)
    assert ShiftEntry.objects.filter(resident=resident).count() == count
