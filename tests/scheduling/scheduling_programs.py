"""Small programs for the solver tests: one 4-week block from Monday 5 July 2027."""

from __future__ import annotations

import datetime as dt
from typing import Any

from seldinger.rules import default_parameters
from seldinger.scheduling.solve import solve
from seldinger.scheduling.spec import parse_spec
from seldinger.workhours.rules import Shift, Violation, check, limits_as_of

START = "2027-07-05"  # a Monday
#: Seconds each test solve may take (they take well under one).
TIME_LIMIT = 10


def program(**changes: Any) -> dict[str, Any]:
    """A feasible program to change: PGY-3 residents on IR, no call unless added."""
    data: dict[str, Any] = {
        "start": START,
        "blocks": 1,
        "block_weeks": 4,
        "residents": [{"id": "r01", "pgy": 3}],
        "rotations": [
            {
                "name": "IR",
                "kind": "ir",
                "day_start": "07:00",
                "day_hours": 10,
                "need": {"3": [0, 5]},
            }
        ],
        "call": {"kinds": [], "coverage": {}},
        "rules": {},
    }
    data.update(changes)
    return data


def research(pgy: int = 3) -> dict[str, Any]:
    """A rotation without day work, so that only call counts."""
    return {"name": "Research", "kind": "research", "day_hours": 0, "need": {str(pgy): [0, 9]}}


def call(
    name: str,
    start: str,
    hours: float,
    days: Any = "all",
    count: int = 1,
    pgy: tuple[int, ...] = (3,),
    **more: Any,
) -> dict[str, Any]:
    return {
        "kinds": [{"name": name, "start": start, "hours": hours, "days": days, **more}],
        "coverage": {name: {"count": count, "pgy": list(pgy)}},
    }


def solved(data: dict[str, Any], time_limit: float = TIME_LIMIT) -> dict[str, Any]:
    return solve(parse_spec(data), time_limit=time_limit, workers=1)


def violations(result: dict[str, Any]) -> list[Violation]:
    """What the work-hour checker finds in a schedule's shifts, periods from its start."""
    shifts = [
        Shift(
            s["resident"],
            dt.datetime.fromisoformat(s["start"]),
            dt.datetime.fromisoformat(s["end"]),
            s["kind"],
        )
        for s in result["shifts"]
    ]
    start = dt.date.fromisoformat(result["start"])
    return check(shifts, limits_as_of(default_parameters(), start), planned=True, block_start=start)


def rules_named(result: dict[str, Any]) -> set[str]:
    return {conflict["rule"] for conflict in result["conflicts"]}
