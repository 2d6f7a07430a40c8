"""Demo data for work hours: two weeks of the resident's shifts, with one violation."""

import datetime as dt

from django.utils import timezone

from seldinger.accounts.models import User
from seldinger.workhours.models import ShiftEntry
from seldinger.workhours.services import create_shift


def load_demo_shifts(resident: User) -> None:
    """Two weeks of shifts for the demo resident (the two weeks before this one): a split
    shift (Tuesday, with a lunch break: no false short-rest violation) and one violation,
    a 30-hour in-house call (24+4). Added once, while the resident has no shifts.
    """
    if ShiftEntry.objects.filter(resident=resident).exists():
        return
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday() + 14)
    # (day offset, start, end day offset, end, kind, note)
    week_one = [
        (0, "07:00", 0, "18:00", "clinical", ""),
        (1, "07:00", 1, "12:00", "clinical", "Split shift: morning"),
        (1, "13:00", 1, "18:00", "clinical", "Split shift: afternoon"),
        (2, "07:00", 3, "13:00", "call", "30-hour in-house call"),
        (4, "07:00", 4, "17:00", "clinical", ""),
    ]
    week_two = [
        (7, "07:00", 7, "18:00", "clinical", ""),
        (8, "07:00", 8, "18:00", "clinical", ""),
        (9, "07:00", 9, "17:00", "education", "Didactics"),
        (10, "07:00", 10, "18:00", "clinical", ""),
        (11, "07:00", 11, "15:00", "clinical", ""),
    ]
    for start_day, start, end_day, end, kind, note in week_one + week_two:
        create_shift(
            resident=resident,
            start=timezone.make_aware(
                dt.datetime.combine(
                    monday + dt.timedelta(days=start_day), dt.time.fromisoformat(start)
                )
            ),
            end=timezone.make_aware(
                dt.datetime.combine(monday + dt.timedelta(days=end_day), dt.time.fromisoformat(end))
            ),
            kind=kind,
            note=note,
        )
