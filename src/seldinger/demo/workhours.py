"""Demo data for work hours: two weeks of the resident's shifts, with one violation."""

import datetime as dt

from django.utils import timezone

from seldinger.accounts.models import User
from seldinger.demo.rows import read_rows
from seldinger.workhours.models import ShiftEntry
from seldinger.workhours.services import create_shift


def load_demo_shifts(resident: User) -> None:
    """Two weeks of shifts for the demo resident (the two weeks before this one, from
    ``shifts.yaml``): a split shift (Tuesday, with a lunch break: no false short-rest
    violation) and one violation, a 30-hour in-house call (24+4). Added once, while the
    resident has no shifts.
    """
    if ShiftEntry.objects.filter(resident=resident).exists():
        return
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday() + 14)

    def at(day: int, time: str) -> dt.datetime:
        moment = dt.datetime.combine(monday + dt.timedelta(days=day), dt.time.fromisoformat(time))
        return timezone.make_aware(moment)

    for row in read_rows("shifts.yaml"):
        create_shift(
            resident=resident,
            start=at(row["day"], row["start"]),
            end=at(row["end_day"], row["end"]),
            kind=row["kind"],
            note=row["note"],
        )
