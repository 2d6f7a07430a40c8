"""At-home call while not called in (it only breaks a day off), and no moonlighting in PGY-1."""

from __future__ import annotations

import datetime as dt

import pytest

from seldinger.rules import default_parameters
from seldinger.workhours.rules import (
    Limits,
    Shift,
    ShiftError,
    assess,
    check,
    limits_as_of,
    pgy1_spans,
    work_periods,
)

LIMITS = Limits()
MONDAY = dt.date(2025, 7, 7)
AFTER = dt.date(2025, 9, 1)  # every 4-week period below is over: judged over 28 days


def at(day: int, hour: float) -> dt.datetime:
    return dt.datetime.combine(MONDAY, dt.time()) + dt.timedelta(days=day, hours=hour)


def shift(day: int, start: float, end: float, kind: str = "clinical", who: str = "ana") -> Shift:
    return Shift(who, at(day, start), at(day, end), kind)


def rules_of(shifts: list[Shift], **options: object) -> list[str]:
    return [v.rule for v in check(shifts, LIMITS, as_of=AFTER, **options)]  # type: ignore[arg-type]


def six_days_a_week(weeks: int = 4) -> list[Shift]:
    """Mon-Sat 08-18: Sunday (Sat 18:00 to Mon 08:00, 38 h) is the only day off."""
    return [shift(7 * w + d, 8, 18) for w in range(weeks) for d in range(6)]


# At-home call ---------------------------------------------------------------------------


def test_home_call_on_the_only_free_day_breaks_one_day_in_seven() -> None:
    assert rules_of(six_days_a_week()) == []
    sundays = [shift(7 * w + 6, 8, 20, "home-call") for w in range(4)]
    violations = check(six_days_a_week() + sundays, LIMITS, as_of=AFTER)
    assert [(v.rule, v.start, v.end) for v in violations] == [
        ("one-day-in-seven", at(0, 0), at(28, 0))
    ]
    assert "0 day(s) off (24 h free of all work and at-home call)" in violations[0].detail
    assert "the 4-week period 2025-07-07 to 2025-08-03" in violations[0].detail


def test_a_short_home_call_leaves_the_24_hours_off_that_remain() -> None:
    # Home call from Sunday 20:00: Sat 18:00 to Sun 20:00 is still 26 h free.
    evenings = [shift(7 * w + 6, 20, 23, "home-call") for w in range(4)]
    assert rules_of(six_days_a_week() + evenings) == []


def test_home_call_adds_no_hours() -> None:
    base = [shift(7 * w + d, 7, 21) for w in range(4) for d in range(5)]  # 70 h a week
    saturdays = [shift(7 * w + 5, 8, 20, "home-call") for w in range(4)]  # 12 h on home call
    assert rules_of(base + saturdays) == []
    worked = [shift(7 * w + 5, 8, 20, "home-call-work") for w in range(4)]
    assert rules_of(base + worked) == ["80-hour"]


def test_home_call_neither_forms_nor_lengthens_a_work_period() -> None:
    # Day, then home call through the night, then the next day: 36 h if it were work.
    shifts = [shift(0, 7, 19), shift(0, 19, 31, "home-call"), shift(1, 7, 19)]
    periods = work_periods(shifts, LIMITS)
    assert [(p.start, p.end) for p in periods] == [(at(0, 7), at(0, 19)), (at(1, 7), at(1, 19))]
    assert rules_of(shifts) == []
    worked = [shift(0, 7, 19), shift(0, 19, 31, "home-call-work"), shift(1, 7, 19)]
    assert "24+4" in rules_of(worked)


def test_home_call_does_not_cut_the_rest_between_periods() -> None:
    # 10 h from the day's end to the next start, 6 h of them on home call.
    shifts = [shift(0, 8, 19), shift(0, 19, 23, "home-call"), shift(1, 5, 12)]
    assert rules_of(shifts) == []


def test_home_call_is_not_in_house_call() -> None:
    nights = [shift(d, 18, 31, "home-call") for d in range(0, 28, 2)]  # 14 nights
    assert "call-frequency" not in rules_of([*nights, shift(27, 8, 9)])
    in_house = [shift(d, 18, 31, "call") for d in range(0, 28, 2)]
    assert "call-frequency" in rules_of([*in_house, shift(27, 8, 9)])


def test_home_call_may_not_overlap_work_it_is_split_around_the_time_called_in() -> None:
    with pytest.raises(ShiftError, match="overlaps the home-call entry"):
        check([shift(0, 18, 31, "home-call"), shift(0, 22, 23, "home-call-work")], LIMITS)
    split = [
        shift(0, 18, 22, "home-call"),
        shift(0, 22, 23, "home-call-work"),
        shift(0, 23, 31, "home-call"),
    ]
    assert check(split, LIMITS, as_of=AFTER) == []


# PGY-1 moonlighting ---------------------------------------------------------------------

PGY1 = {"ana": (dt.date(2025, 7, 1), dt.date(2026, 6, 30))}


def test_moonlighting_in_pgy1_is_a_violation() -> None:
    shifts = [shift(0, 8, 17), shift(5, 8, 16, "moonlighting")]
    violations = check(shifts, LIMITS, as_of=AFTER, pgy1=PGY1)
    assert [(v.rule, v.start, v.end) for v in violations] == [
        ("pgy1-moonlighting", at(5, 8), at(5, 16))
    ]
    assert violations[0].detail == (
        "moonlighting 2025-07-12T08:00 to 2025-07-12T16:00 (8 h) in PGY-1 "
        "(2025-07-01 to 2026-06-30); PGY-1 residents may not moonlight"
    )


def test_moonlighting_after_pgy1_or_without_a_known_pgy1_is_not_flagged() -> None:
    shifts = [shift(5, 8, 16, "moonlighting"), shift(5, 8, 16, "moonlighting", who="ben")]
    pgy2 = {"ana": (dt.date(2024, 7, 1), dt.date(2025, 6, 30))}
    assert check(shifts, LIMITS, as_of=AFTER, pgy1=pgy2) == []
    assert check(shifts, LIMITS, as_of=AFTER) == []  # nobody's PGY-1 known
    flagged = check(shifts, LIMITS, as_of=AFTER, pgy1=PGY1)
    assert [(v.resident, v.rule) for v in flagged] == [("ana", "pgy1-moonlighting")]


def test_clinical_work_in_pgy1_is_not_moonlighting() -> None:
    assert check([shift(5, 8, 16, "clinical")], LIMITS, as_of=AFTER, pgy1=PGY1) == []


def test_the_rule_comes_from_the_dated_rule_data() -> None:
    limits = limits_as_of(default_parameters(), dt.date(2025, 7, 1))
    assert limits.pgy1_may_moonlight is False
    permitted = Limits(pgy1_may_moonlight=True)
    assert check([shift(5, 8, 16, "moonlighting")], permitted, as_of=AFTER, pgy1=PGY1) == []


def test_pgy1_spans_from_entries_marked_with_their_postgraduate_year() -> None:
    years = [
        (shift(0, 8, 17), 1),
        (shift(40, 8, 17), 1),
        (shift(400, 8, 17), 2),
        (shift(3, 8, 17, who="ben"), 3),
        (shift(4, 8, 17, who="cy"), None),
    ]
    assert pgy1_spans(years) == {"ana": (MONDAY, MONDAY + dt.timedelta(days=40))}


def test_assess_returns_violations_and_warnings_and_check_only_the_violations() -> None:
    # Three weeks in, ana has 84 h a week and moonlighted in PGY-1.
    shifts = [shift(7 * w + d, 7, 21) for w in range(3) for d in range(6)]
    shifts.append(shift(5, 21, 23, "moonlighting"))  # Saturday evening, after the day
    found = assess(shifts, LIMITS, as_of=MONDAY + dt.timedelta(days=20), pgy1=PGY1)
    assert [v.rule for v in found.violations] == ["pgy1-moonlighting"]
    assert [w.rule for w in found.warnings] == ["80-hour"]
    assert check(shifts, LIMITS, as_of=MONDAY + dt.timedelta(days=20), pgy1=PGY1) == (
        found.violations
    )
