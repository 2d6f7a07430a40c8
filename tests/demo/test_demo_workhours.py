"""The demo resident's two weeks of shifts."""

import pytest

from seldinger.demo.workhours import load_demo_shifts
from seldinger.workhours import selectors
from seldinger.workhours.models import ShiftEntry

pytestmark = pytest.mark.django_db


def test_demo_resident_gets_two_weeks_with_a_split_shift_and_one_violation_once(resident):
    load_demo_shifts(resident)
    count = ShiftEntry.objects.filter(resident=resident).count()
    assert count >= 10
    [violation] = selectors.violations_of(resident)
    assert violation.rule == "24+4"
    assert ShiftEntry.objects.filter(resident=resident, note__startswith="Split shift").count() == 2
    load_demo_shifts(resident)
    assert ShiftEntry.objects.filter(resident=resident).count() == count
