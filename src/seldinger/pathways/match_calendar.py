"""Match calendars: Match Day and the fellowship match's interview window and rank
order list deadline for a year, announced or projected from the usual pattern.
Pure; the planner and the calendar feed read them.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from seldinger.pathways.dates import last_of_month, nth_weekday
from seldinger.pathways.plan import Event

WEEKDAYS = tuple(day.lower() for day in calendar.day_name)


def match_day(key: str, year: int, calendar_rules: dict[str, Any]) -> Event:
    announced = {
        int(announced_year): day for announced_year, day in calendar_rules["announced"].items()
    }
    if year in announced:
        return Event(key, calendar_rules["name"], announced[year])
    usual = calendar_rules["usual"]
    return Event(
        key,
        calendar_rules["name"],
        nth_weekday(year, usual["month"], WEEKDAYS.index(usual["weekday"]), usual["week"]),
        approximate=True,
        note=f"Projected: not yet announced; usually the {_ordinal(usual['week'])} "
        f"{usual['weekday'].capitalize()} of {calendar.month_name[usual['month']]}.",
    )


def fellowship_match_dates(match: Event, year: int, calendar_rules: dict[str, Any]) -> list[Event]:
    """The radiology fellowship match's interview window and rank order list deadline for
    ``year``: the announced dates, else projected from ``usual`` (interviews by
    ``[year offset, month, day]``, the deadline some days before ``match``) and marked
    approximate."""
    interviews = calendar_rules["interviews"]
    announced = {int(key): window for key, window in interviews["announced"].items()}
    if year in announced:
        first, last = announced[year]
        window = Event("independent-ir-interviews", interviews["name"], first, until=last)
    else:
        first = season_date(year, interviews["usual"]["from"])
        last = season_date(year, interviews["usual"]["to"])
        window = Event(
            "independent-ir-interviews",
            interviews["name"],
            first,
            until=last,
            approximate=True,
            note=f"Projected: not yet announced; usually {first:%B} {first.day} "
            f"to {last:%B} {last.day}.",
        )
    deadline = calendar_rules["rank_list_deadline"]
    deadlines = {int(key): day for key, day in deadline["announced"].items()}
    if year in deadlines:
        ranks = Event("independent-rank-list-deadline", deadline["name"], deadlines[year])
    else:
        days = deadline["usual"]["days_before_match_day"]
        ranks = Event(
            "independent-rank-list-deadline",
            deadline["name"],
            match.date - dt.timedelta(days=days),
            approximate=True,
            note=f"Projected: not yet announced; usually {days} days before Match Day.",
        )
    return [window, ranks]


def season_date(match_year: int, spec: list[int]) -> dt.date:
    """``[year offset, month, day]`` relative to the match year; day -1 is the month's last."""
    offset, month, day = spec
    year = match_year + offset
    return last_of_month(year, month) if day == -1 else dt.date(year, month, day)


def _ordinal(number: int) -> str:
    return {1: "first", 2: "second", 3: "third", 4: "fourth"}.get(number, f"{number}th")
