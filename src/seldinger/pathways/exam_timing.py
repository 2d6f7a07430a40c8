"""When ABR exams are sat, by class or by the end of training. Pure.

A resident's class is the June in which they complete R4, the fourth year of
DR training (PGY-5); exam rules for a future class are dated values keyed by
June 1 of the first class they apply to (see docs/rules.md).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from seldinger.pathways.dates import add_months, last_of_month


def class_of(r4_end: dt.date) -> int:
    """A resident's class: the June in which they complete R4 (a later end joins the next June)."""
    return r4_end.year if (r4_end.month, r4_end.day) <= (6, 30) else r4_end.year + 1


def first_sitting(eligible: dt.date, sittings: list[list[int]]) -> tuple[dt.date, dt.date]:
    """The first exam window ``[from month, to month]`` that starts in or after ``eligible``'s
    month, as its first and last day."""
    month_start = eligible.replace(day=1)
    for year in (eligible.year, eligible.year + 1):
        for from_month, to_month in sorted(sittings):
            first = dt.date(year, from_month, 1)
            if first >= month_start:
                return first, last_of_month(year, to_month)
    raise ValueError(f"no sitting in {sittings!r}")  # pragma: no cover - sittings is never empty


def exam_window(
    exam: dict[str, Any], *, class_year: int, training_end: dt.date
) -> tuple[dt.date, dt.date]:
    """When an exam is sat: ``after_months`` after the end of training, or ``months`` of the
    anchor's year plus ``year``; the anchor is the class year (``class``) or the year training
    ends (``training-end``)."""
    if "after_months" in exam:
        day = add_months(training_end, exam["after_months"])
        return day.replace(day=1), last_of_month(day.year, day.month)
    year = (class_year if exam["anchor"] == "class" else training_end.year) + exam["year"]
    from_month, to_month = exam["months"]
    if exam["anchor"] == "training-end" and last_of_month(year, to_month) < training_end:
        # Training extended past this year's sitting: the next year's is the first after it.
        year += 1
    return dt.date(year, from_month, 1), last_of_month(year, to_month)


def provenance(rule: dict[str, Any]) -> str:
    if rule.get("reported"):
        return (
            f"Reported, not yet on the ABR's pages (confidence {rule['confidence']}): "
            f"{rule['source']}."
        )
    return f"Source: {rule['source']}."
