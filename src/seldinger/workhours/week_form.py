"""A whole week in one form: one row per day (a shift, and a call), and last week as a draft.

Each day of the week has two slots: the day's shift (start, end, kind) and a call
(start, end, kind of call). A slot left empty adds nothing; an end at or before the
start is the next day. The form only adds shifts: those already logged are shown beside
their day, and a slot that overlaps one is refused by the service, naming the day.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils import timezone

from seldinger.workhours.forms import aware
from seldinger.workhours.models import ShiftEntry, ShiftKind

#: The two slots of a day: (prefix of its fields, how a message names it, kinds offered).
CALL_KINDS = (ShiftKind.CALL, ShiftKind.HOME_CALL, ShiftKind.HOME_CALL_WORK)
SLOTS = (
    ("shift", "shift", [(kind.value, kind.label) for kind in ShiftKind]),
    ("call", "call", [(kind.value, kind.label) for kind in CALL_KINDS]),
)


@dataclass(frozen=True)
class WeekShift:
    """One slot of the week to add: which day and slot (for messages), and the shift."""

    day: dt.date
    slot: str
    start: dt.datetime
    end: dt.datetime
    kind: str

    @property
    def where(self) -> str:
        return where(self.day, self.slot)


def where(day: dt.date, slot: str) -> str:
    """How a message names a day's slot: "Tue 2 Dec, call"."""
    return f"{day:%a} {day.day} {day:%b}, {slot}"


def field_name(offset: int, slot: str, part: str) -> str:
    return f"d{offset}_{slot}_{part}"


class WeekForm(forms.Form):
    def __init__(self, *args: Any, monday: dt.date, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.monday = monday
        self.shifts: list[WeekShift] = []
        for offset, day in enumerate(self.days()):
            for slot, label, kinds in SLOTS:
                named = f"{day:%A}'s {label}"
                self.fields[field_name(offset, slot, "start")] = forms.TimeField(
                    label=f"{named}: start",
                    required=False,
                    widget=forms.TimeInput(attrs={"type": "time"}),
                )
                self.fields[field_name(offset, slot, "end")] = forms.TimeField(
                    label=f"{named}: end",
                    required=False,
                    widget=forms.TimeInput(attrs={"type": "time"}),
                )
                self.fields[field_name(offset, slot, "kind")] = forms.ChoiceField(
                    label=f"{named}: kind", choices=kinds, initial=kinds[0][0], required=False
                )

    def days(self) -> list[dt.date]:
        return [self.monday + dt.timedelta(days=offset) for offset in range(7)]

    def rows(self) -> list[dict[str, Any]]:
        """The form's rows as the page lays them out: the day, then each slot's fields."""
        return [
            {
                "day": day,
                "offset": offset,
                "slots": [
                    {
                        "slot": slot,
                        "fields": [
                            (part.capitalize(), self[field_name(offset, slot, part)])
                            for part in ("start", "end", "kind")
                        ],
                        # An empty call is folded away; one with a time or an error is open.
                        "filled": any(
                            self[field_name(offset, slot, part)].value()
                            or self[field_name(offset, slot, part)].errors
                            for part in ("start", "end")
                        ),
                    }
                    for slot, _, _ in SLOTS
                ],
            }
            for offset, day in enumerate(self.days())
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for offset, day in enumerate(self.days()):
            for slot, label, kinds in SLOTS:
                start = data.get(field_name(offset, slot, "start"))
                end = data.get(field_name(offset, slot, "end"))
                names = (field_name(offset, slot, "start"), field_name(offset, slot, "end"))
                if any(self.has_error(name) for name in names):
                    continue
                if start is None and end is None:
                    continue
                named = where(day, label)
                if start is None:
                    self.add_error(names[0], f"{named}: start: give the start as well as the end.")
                    continue
                if end is None:
                    self.add_error(names[1], f"{named}: end: give the end as well as the start.")
                    continue
                end_day = day if end > start else day + dt.timedelta(days=1)
                try:
                    starts, ends = aware(day, start), aware(end_day, end)
                except Exception:  # a time that does not exist (clocks going forward)
                    self.add_error(
                        names[0], f"{named}: that time does not exist in this time zone."
                    )
                    continue
                kind = data.get(field_name(offset, slot, "kind")) or kinds[0][0]
                self.shifts.append(WeekShift(day, label, starts, ends, kind))
        if not self.errors and not self.shifts:
            raise forms.ValidationError("Enter at least one shift: a start and an end time.")
        return data


def draft_from(
    monday: dt.date, last_week: list[ShiftEntry], logged_days: set[dt.date]
) -> tuple[dict[str, str], int]:
    """Last week's shifts as this week's draft (initial values of a ``WeekForm``), each a
    week later; the days already logged this week are left empty. Also how many of last
    week's shifts did not fit (a third shift in a day, or a day already logged)."""
    initial: dict[str, str] = {}
    left_out = 0
    for entry in last_week:
        start = timezone.localtime(entry.start)
        end = timezone.localtime(entry.end)
        day = start.date() + dt.timedelta(days=7)
        offset = (day - monday).days
        slot = "call" if entry.kind in CALL_KINDS else "shift"
        if (
            not 0 <= offset < 7
            or day in logged_days
            or field_name(offset, slot, "start") in initial
        ):
            left_out += 1
            continue
        initial[field_name(offset, slot, "start")] = f"{start:%H:%M}"
        initial[field_name(offset, slot, "end")] = f"{end:%H:%M}"
        initial[field_name(offset, slot, "kind")] = entry.kind
    return initial, left_out
