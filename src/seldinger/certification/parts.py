"""A certification part and its status: the shape every requirement is reported in. Pure."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

MET = "met"
UPCOMING = "upcoming"
DUE_SOON = "due-soon"
BEHIND = "behind"
NOT_REQUIRED = "not-required"
STATUSES: tuple[str, ...] = (MET, UPCOMING, DUE_SOON, BEHIND, NOT_REQUIRED)
STATUS_LABELS: dict[str, str] = {
    MET: "Met",
    UPCOMING: "On track",
    DUE_SOON: "Due soon",
    BEHIND: "Behind",
    NOT_REQUIRED: "Not required",
}

DUE_SOON_DAYS = 90


@dataclass(frozen=True)
class Part:
    key: str
    name: str
    status: str
    required: int | Decimal
    done: int | Decimal
    due: dt.date | None
    note: str = ""
    exam_date: dt.date | None = None
    """For exams: the first day of the sitting the plan gives (``exam_until`` its last)."""
    exam_until: dt.date | None = None

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


def deadline_status(due: dt.date, as_of: dt.date, *, on_pace: bool) -> str:
    if as_of > due or not on_pace:
        return BEHIND
    return DUE_SOON if (due - as_of).days <= DUE_SOON_DAYS else UPCOMING


def part_as_dict(part: Part) -> dict[str, Any]:
    """A part's fields but its note, JSON-ready (dates as ISO text, credits as numbers);
    ``exam_date`` and ``exam_until`` are null but for exams."""
    return {
        "key": part.key,
        "name": part.name,
        "status": part.status,
        "required": _number(part.required),
        "done": _number(part.done),
        "due": part.due.isoformat() if part.due else None,
        "exam_date": part.exam_date.isoformat() if part.exam_date else None,
        "exam_until": part.exam_until.isoformat() if part.exam_until else None,
    }


def _number(value: int | Decimal) -> int | float:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value
