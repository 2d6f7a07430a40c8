"""Each soft rule's penalty moves the schedule the way it should."""

from __future__ import annotations

from typing import Any

from scheduling_programs import call, program, research, solved, violations

MONDAYS = ("2027-07-05", "2027-07-12", "2027-07-19", "2027-07-26")


def two_residents(
    requests: list[dict[str, Any]], penalties: dict[str, int], days: Any = ("mon",)
) -> dict[str, Any]:
    """r01 and r02 share call on the given weekdays; r01 asks for days off."""
    return program(
        residents=[{"id": "r01", "pgy": 3, "requests": requests}, {"id": "r02", "pgy": 3}],
        rotations=[research()],
        call=call("night", "17:00", 14, days=list(days)),
        rules={"penalties": penalties},
    )


def day_off(day: str, priority: int = 2) -> dict[str, Any]:
    return {"kind": "day-off", "from": day, "to": day, "priority": priority}


def calls(result: dict[str, Any], resident: str) -> list[str]:
    return [s["start"][:10] for s in result["shifts"] if s["resident"] == resident]


def test_a_costly_request_is_granted_at_the_price_of_fairness() -> None:
    asked = [day_off(day) for day in MONDAYS[:3]]
    result = solved(two_residents(asked, {"request": 100, "calls": 1, "share": 0}))

    assert result["status"] == "optimal"
    assert set(calls(result, "r01")).isdisjoint(MONDAYS[:3])
    assert result["fairness"]["PGY-3"]["calls"] == {"min": 1, "max": 3, "spread": 2}
    assert result["penalties"] == [
        {"rule": "calls", "resident": None, "detail": "spread of calls within PGY-3", "cost": 2}
    ]


def test_a_cheap_request_gives_way_to_an_even_spread_of_calls() -> None:
    asked = [day_off(day) for day in MONDAYS[:3]]
    result = solved(two_residents(asked, {"request": 1, "calls": 100, "share": 0}))

    assert result["status"] == "optimal"
    assert result["fairness"]["PGY-3"]["calls"]["spread"] == 0
    missed = [p for p in result["penalties"] if p["rule"] == "request"]
    assert len(missed) == 1
    assert missed[0]["resident"] == "r01"
    assert result["objective"] == 1


def test_the_request_of_higher_priority_wins() -> None:
    """Both ask for the same Monday off; one of them must take its call."""
    data = program(
        residents=[
            {"id": "r01", "pgy": 3, "requests": [day_off(MONDAYS[1], priority=3)]},
            {"id": "r02", "pgy": 3, "requests": [day_off(MONDAYS[1], priority=2)]},
        ],
        rotations=[research()],
        call=call("night", "17:00", 14, days=["mon"]),
        rules={"penalties": {"calls": 0, "share": 0}},
    )
    result = solved(data)

    assert MONDAYS[1] in calls(result, "r01")
    assert MONDAYS[1] not in calls(result, "r02")
    assert [p["resident"] for p in result["penalties"]] == ["r01"]
    assert result["objective"] == 50  # 100 / (3 - 1)


def test_weekend_calls_are_spread_when_weekends_cost() -> None:
    weekend = call("weekend", "08:00", 10, days="weekend")
    data = program(
        residents=[{"id": "r01", "pgy": 3}, {"id": "r02", "pgy": 3}],
        rotations=[research()],
        call=weekend,
        rules={"penalties": {"weekends": 10, "calls": 0, "share": 0}},
    )
    result = solved(data)

    assert result["fairness"]["PGY-3"]["weekends"]["spread"] == 0
    assert len(calls(result, "r01")) == len(calls(result, "r02")) == 4
    assert violations(result) == []


def test_holiday_calls_are_spread_when_holidays_cost() -> None:
    holidays = ["2027-07-07", "2027-07-14"]  # two Wednesdays
    data = program(
        residents=[{"id": "r01", "pgy": 3}, {"id": "r02", "pgy": 3}],
        rotations=[research()],
        call=call("holiday", "08:00", 10, days="weekend"),
        rules={
            "holidays": holidays,
            "penalties": {"holidays": 10, "weekends": 0, "calls": 0, "share": 0},
        },
    )
    result = solved(data)

    on_holidays = {s["resident"] for s in result["shifts"] if s["start"][:10] in holidays}
    assert on_holidays == {"r01", "r02"}
    assert result["fairness"]["PGY-3"]["holidays"] == {"min": 1, "max": 1, "spread": 0}


def test_calls_beyond_a_fair_share_cost_more_than_a_cheap_request() -> None:
    """Four Monday calls for two residents: a fair share is 2; r01 asks for 3 Mondays off."""
    asked = [day_off(day) for day in MONDAYS[:3]]
    free = solved(two_residents(asked, {"request": 1, "calls": 0, "share": 0}))
    shared = solved(two_residents(asked, {"request": 1, "calls": 0, "share": 10}))

    assert set(calls(free, "r01")).isdisjoint(MONDAYS[:3])
    assert free["objective"] == 0
    assert len(calls(shared, "r01")) == len(calls(shared, "r02")) == 2
    assert [p["rule"] for p in shared["penalties"]] == ["request"]
    assert shared["objective"] == 1
