"""Small generated programs: every schedule the solver returns passes the work-hour checker."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from scheduling_programs import START, solved, violations

from seldinger.scheduling.spec import parse_spec

CALL_KINDS = (
    {"name": "night", "start": "17:00", "hours": 14, "days": "all"},
    {"name": "weekend-day", "start": "07:00", "hours": 10, "days": "weekend"},
    {"name": "home", "start": "17:00", "hours": 15, "in_house": False, "days": "weekday"},
    {"name": "late", "start": "20:00", "hours": 6, "days": ["tue", "thu"]},
    {
        "name": "float",
        "start": "21:00",
        "hours": 10,
        "days": ["mon", "tue", "wed"],
        "night_float": True,
    },
    {"name": "long", "start": "08:00", "hours": 24, "days": ["sat"]},
)


@st.composite
def programs(draw: st.DrawFn) -> dict[str, Any]:
    pgys = draw(st.lists(st.sampled_from([2, 3, 4]), min_size=2, max_size=5))
    rotations = []
    for n in range(draw(st.integers(1, 3))):
        rotations.append(
            {
                "name": f"rot{n}",
                "kind": draw(st.sampled_from(["ir", "dr", "icu", "research"])),
                "day_start": draw(st.sampled_from(["06:00", "07:00", "08:00"])),
                "day_hours": draw(st.sampled_from([0, 8, 10, 12])),
                "need": {str(p): [0, 5] for p in (2, 3, 4)},
                "call": draw(st.booleans()) or n == 0,
            }
        )
    kinds = draw(st.lists(st.sampled_from(CALL_KINDS), max_size=3, unique_by=lambda k: k["name"]))
    coverage = {
        k["name"]: {
            "count": 1,
            "pgy": draw(st.lists(st.sampled_from([2, 3, 4]), min_size=1, unique=True)),
        }
        for k in kinds
    }
    residents = []
    for n, pgy in enumerate(pgys):
        requests = []
        if draw(st.booleans()):
            first = draw(st.integers(0, 20))
            requests.append(
                {
                    "kind": draw(st.sampled_from(["vacation", "day-off", "conference"])),
                    "from": f"2027-07-{5 + first:02d}",
                    "to": f"2027-07-{5 + first + draw(st.integers(0, 6)):02d}",
                    "priority": draw(st.integers(1, 3)),
                }
            )
        residents.append({"id": f"r{n}", "pgy": pgy, "requests": requests})
    blocks, weeks = draw(st.sampled_from([(1, 4), (2, 2)]))
    return {
        "start": START,
        "blocks": blocks,
        "block_weeks": weeks,
        "residents": residents,
        "rotations": rotations,
        "call": {"kinds": kinds, "coverage": coverage},
        "rules": {
            "max_consecutive_night_float": draw(st.sampled_from([None, 2])),
            "holidays": draw(st.lists(st.sampled_from(["2027-07-07", "2027-07-10"]), unique=True)),
        },
    }


# Each example's solve has a 20 s time limit (and as long again to explain an impossible one).
@settings(
    max_examples=12,
    deadline=dt.timedelta(seconds=90),
    suppress_health_check=[HealthCheck.too_slow],
)
@given(programs())
def test_every_solved_schedule_passes_the_work_hour_checker(data: dict[str, Any]) -> None:
    parse_spec(data)
    result = solved(data, time_limit=20)
    event(result["status"])

    assert result["status"] in {"optimal", "feasible", "infeasible"}, result.get("message")
    ids = {r["id"] for r in data["residents"]}
    if result["status"] == "infeasible":
        # The explanation names the program's own residents and dates within its weeks.
        last = (
            dt.date.fromisoformat(START) + dt.timedelta(weeks=data["blocks"] * data["block_weeks"])
        ).isoformat()
        assert result["conflicts"], result["message"]
        assert all(
            set(c["residents"]) <= ids and START <= c["from"] <= c["to"] < last
            for c in result["conflicts"]
        ), result["conflicts"]
    else:
        assert violations(result) == []
        worked = {s["resident"] for s in result["shifts"]}
        assert worked <= ids
