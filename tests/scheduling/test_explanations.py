"""Each hard rule, made impossible on its own in a small program, is named in the answer."""

from __future__ import annotations

from typing import Any

import pytest
from scheduling_programs import call, program, research, rules_named, solved


def vacation(first: str, last: str, priority: int = 1) -> dict[str, Any]:
    return {"kind": "vacation", "from": first, "to": last, "priority": priority}


CASES = {
    # Night call four nights a week for the only resident: 16 nights in 28.
    "call-frequency": program(
        rotations=[research()],
        call=call("night", "17:00", 14, days=["mon", "tue", "wed", "fri"]),
    ),
    # 16 h of day work on every weekday and Saturday's 8 h day call: 88 h a week.
    "80-hour": program(
        rotations=[
            {
                "name": "IR",
                "kind": "ir",
                "day_start": "06:00",
                "day_hours": 16,
                "need": {"3": [1, 1]},
            }
        ],
        call=call("saturday", "08:00", 8, days=["sat"]),
    ),
    # At-home call every night: no day is free of it.
    "one-day-in-seven": program(
        rotations=[research()],
        call=call("home", "17:00", 14, in_house=False),
    ),
    # Monday's day work and a 19 h call after it are one 29 h duty period.
    "24+4": program(call=call("long-night", "17:00", 19, days=["mon"])),
    # Monday's day work and night call are 24 h; Tuesday's evening call starts 11 h later.
    "rest-after-24h-call": program(
        call={
            "kinds": [
                {"name": "night", "start": "17:00", "hours": 14, "days": ["mon"]},
                {"name": "evening", "start": "18:00", "hours": 4, "days": ["tue"]},
            ],
            "coverage": {"night": {"count": 1, "pgy": [3]}, "evening": {"count": 1, "pgy": [3]}},
        }
    ),
    # Monday's day work ends at 17:00; the late call starts 5 h later.
    "rest-between-periods": program(call=call("late", "22:00", 4, days=["mon"])),
    "coverage": program(call=call("night", "17:00", 14, days=["sat"], count=2)),
    "rotation-need": program(rotations=[{"name": "IR", "kind": "ir", "need": {"3": [2, 2]}}]),
    # The only resident for Tuesday's call asked for that Tuesday off (priority 1).
    "request": program(
        residents=[
            {
                "id": "r01",
                "pgy": 3,
                "requests": [
                    {"kind": "day-off", "from": "2027-07-13", "to": "2027-07-13", "priority": 1}
                ],
            }
        ],
        call=call("night", "17:00", 14, days=["tue"]),
    ),
    # Vacation from Wednesday; the only resident for Tuesday night's call.
    "no-call-before-vacation": program(
        residents=[{"id": "r01", "pgy": 3, "requests": [vacation("2027-07-14", "2027-07-15")]}],
        rotations=[research()],
        call=call("night", "17:00", 14, days=["tue"]),
    ),
    "max-consecutive-night-float": program(
        rotations=[research()],
        call=call("nights", "20:00", 10, days=["mon", "tue"], night_float=True),
        rules={"max_consecutive_night_float": 1},
    ),
    # An ESIR resident in R4 (PGY-5) with no IR rotations done: 8 cannot fit in one block.
    "esir-ir": program(
        residents=[{"id": "r01", "pgy": 5, "esir": True, "done": {"icu": 1}}],
        rotations=[{"name": "IR", "kind": "ir", "need": {"5": [0, 1]}}],
    ),
    "esir-icu": program(
        residents=[{"id": "r01", "pgy": 5, "esir": True, "done": {"ir": 8}}],
        rotations=[{"name": "IR", "kind": "ir", "need": {"5": [0, 1]}}],
    ),
    # Three IR-related rotations done; the program puts the resident on a fourth.
    "esir-ir-related": program(
        residents=[
            {"id": "r01", "pgy": 5, "esir": True, "done": {"ir": 8, "icu": 1, "ir-related": 3}}
        ],
        rotations=[{"name": "IR clinic", "kind": "ir-related", "need": {"5": [1, 1]}}],
    ),
    "pathway": program(
        residents=[{"id": "r01", "pgy": 3, "pathway": "integrated-ir"}],
        rules={"pathways": {"integrated-ir": {"3": {"ir": 2}}}},
    ),
}


@pytest.mark.parametrize("rule", CASES)
def test_the_rule_made_impossible_is_named_with_residents_and_dates(rule: str) -> None:
    result = solved(CASES[rule])

    assert result["status"] == "infeasible"
    assert result["shifts"] == []
    assert rule in rules_named(result), result["conflicts"]
    # Only the rule and what forces the conflict on (coverage, a priority-1 request), not
    # every guard of the model: an explanation naming all the rules would say nothing.
    assert rules_named(result) - {rule} <= {"coverage", "request"}, result["conflicts"]
    named = [c for c in result["conflicts"] if c["rule"] == rule]
    assert all(c["from"] >= "2027-07-05" and c["to"] <= "2027-08-01" for c in named)
    assert rule in result["message"]


def test_the_explanation_names_the_resident_and_the_week_in_conflict() -> None:
    result = solved(CASES["rest-between-periods"])

    named = [c for c in result["conflicts"] if c["rule"] == "rest-between-periods"]
    assert named[0]["residents"] == ["r01"]
    assert "8 h off" in named[0]["detail"]
    coverage = [c for c in result["conflicts"] if c["rule"] == "coverage"]
    # The late call is on Mondays; the conflict names one of them, not the whole block.
    assert coverage and all(c["from"] == c["to"] for c in coverage)
    assert {c["from"] for c in coverage} <= {"2027-07-05", "2027-07-12", "2027-07-19", "2027-07-26"}


def test_each_program_is_feasible_without_its_impossible_part() -> None:
    """The base program these cases change has a schedule (so the cases test the change)."""
    result = solved(program())
    assert result["status"] == "optimal"
    assert len(result["shifts"]) == 20  # every weekday of four weeks
