"""The spec: the issue's shape is read; every problem is named by key and resident."""

from __future__ import annotations

import datetime as dt

import pytest
from scheduling_programs import program

from seldinger.scheduling.spec import SpecError, parse_spec

ISSUE_SHAPE = {
    "start": "2027-07-05",
    "blocks": 13,
    "block_weeks": 4,
    "residents": [
        {
            "id": "r01",
            "pgy": 3,
            "pathway": "integrated-ir",
            "esir": False,
            "requests": [
                {"kind": "vacation", "from": "2027-08-02", "to": "2027-08-08", "priority": 1}
            ],
        }
    ],
    "rotations": [
        {
            "name": "IR",
            "kind": "ir",
            "day_start": "07:00",
            "day_hours": 10,
            "need": {"3": [1, 2], "5": [1, 3]},
        }
    ],
    "call": {
        "kinds": [
            {"name": "night", "start": "17:00", "hours": 14, "in_house": True, "days": "all"},
            {
                "name": "weekend-day",
                "start": "07:00",
                "hours": 10,
                "in_house": True,
                "days": "weekend",
            },
        ],
        "coverage": {
            "night": {"count": 2, "pgy": [3, 4, 5, 6]},
            "weekend-day": {"count": 1, "pgy": [2, 3]},
        },
    },
    "rules": {},
}


def test_the_issue_shape_is_read() -> None:
    spec = parse_spec(ISSUE_SHAPE)

    assert spec.days == 364
    assert spec.residents[0].requests[0].first == dt.date(2027, 8, 2)
    assert spec.residents[0].requests[0].priority == 1
    assert spec.rotations[0].need == {3: (1, 2), 5: (1, 3)}
    assert spec.rotations[0].day_start == 7 * 60 and spec.rotations[0].day_minutes == 600
    night, weekend = spec.call_kinds
    assert night.overnight and night.checker_kind == "call"
    assert not weekend.overnight and weekend.days == "weekend"
    assert spec.coverage["night"].count == 2


def problems(data: object) -> list[str]:
    with pytest.raises(SpecError) as caught:
        parse_spec(data)
    return [f"{item.field}: {item.message}" for item in caught.value.problems]


def test_every_problem_names_its_key_and_the_resident() -> None:
    data = program(
        residents=[
            {"id": "r01", "pgy": "three"},
            {
                "id": "r02",
                "pgy": 3,
                "requests": [
                    {"kind": "sabbatical", "from": "2027-07-12", "to": "2027-07-13"},
                    {"kind": "vacation", "from": "2027-07-20", "to": "2027-07-19"},
                    {"kind": "vacation", "from": "2027-09-01", "to": "2027-09-03"},
                ],
            },
        ]
    )

    assert problems(data) == [
        "residents[0].pgy: 'three' is not a whole number (resident r01)",
        "residents[1].requests[0].kind: 'sabbatical' is not one of vacation, conference, "
        "day-off (resident r02)",
        "residents[1].requests[1].to: 2027-07-19 is before 2027-07-20 (resident r02)",
        "residents[1].requests[2]: 2027-09-01 to 2027-09-03 is outside the schedule "
        "2027-07-05 to 2027-08-01 (resident r02)",
    ]


def test_bad_rotations_call_and_rules_are_named() -> None:
    data = program(
        start="2027-13-01",
        rotations=[{"name": "IR", "day_start": "7am", "need": {"3": [2, 1]}}],
        call={
            "kinds": [{"name": "night", "hours": 30, "days": "sometimes"}],
            "coverage": {"nights": {"count": 1, "pgy": [3]}},
        },
        rules={"penalties": {"mood": 3}, "holidays": ["soon"]},
    )

    assert problems(data) == [
        "start: '2027-13-01' is not a date (YYYY-MM-DD)",
        "rules.holidays[0]: 'soon' is not a date (YYYY-MM-DD)",
        "rules.penalties.mood: not one of request, calls, weekends, holidays, share",
        "rotations[0].day_start: '7am' is not a time of day (HH:MM)",
        "rotations[0].need.3: [2, 1] is not [min, max] with 0 <= min <= max",
        "call.kinds[0].hours: 30 hours is not between 0 and 24",
        "call.kinds[0].days: 'sometimes' is not one of all, weekday, weekend or a list of "
        "mon, tue, wed, thu, fri, sat, sun",
        "call.coverage.nights: no call kind is named 'nights'",
    ]


def test_a_year_that_is_not_whole_four_week_periods_is_refused() -> None:
    assert problems(program(blocks=3, block_weeks=1)) == [
        "blocks: 3 blocks of 1 weeks is not a whole number of 4-week averaging periods "
        "(the ACGME limits are averaged over 4 weeks)"
    ]


def test_a_resident_no_rotation_can_take_is_named() -> None:
    data = program(
        residents=[{"id": "r00", "pgy": "x"}, {"id": "r01", "pgy": 3}, {"id": "r09", "pgy": 7}]
    )

    assert problems(data) == [
        "residents[0].pgy: 'x' is not a whole number (resident r00)",
        "residents[2].pgy: no rotation has a need for PGY-7 (resident r09)",
    ]


def test_a_spec_that_is_not_an_object_is_refused() -> None:
    assert problems([1, 2]) == ["spec: the spec is not a JSON object"]
