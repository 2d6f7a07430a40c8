"""A 4-week period not yet over: 'on track to exceed' until the limit can no longer be met."""

from __future__ import annotations

import datetime as dt

from seldinger.workhours.rules import Limits, Shift, assess, check

LIMITS = Limits()
MONDAY = dt.date(2026, 7, 6)  # the period runs 2026-07-06 to 2026-08-02
AFTER = dt.date(2026, 8, 3)  # the first day after it


def at(day: int, hour: float) -> dt.datetime:
    return dt.datetime.combine(MONDAY, dt.time()) + dt.timedelta(days=day, hours=hour)


def on(day: int) -> dt.date:
    return MONDAY + dt.timedelta(days=day)


def shift(day: int, start: float, end: float, kind: str = "clinical") -> Shift:
    return Shift("ana", at(day, start), at(day, end), kind)


def heavy(weeks: int) -> list[Shift]:
    """Mon-Sat 07-21 (84 h a week), Sundays off."""
    return [shift(7 * w + d, 7, 21) for w in range(weeks) for d in range(6)]


# 80 hours -------------------------------------------------------------------------------


def test_three_heavy_weeks_warn_rather_than_violate() -> None:
    found = assess(heavy(3), LIMITS, as_of=on(20))  # Sunday, day 21
    assert found.violations == []
    [warning] = found.warnings
    assert (warning.rule, warning.start, warning.end) == ("80-hour", at(0, 0), at(28, 0))
    assert warning.hours_left == 68  # 320 - 18 x 14
    assert warning.headline == "On track to exceed: 68 h left in this 4-week period, to 2026-08-02"
    assert "252.0 h in the 21 days so far of the 4-week period 2026-07-06 to 2026-08-02" in (
        warning.detail
    )
    assert "averaged over 4 weeks" not in warning.detail


def test_the_same_weeks_planned_are_a_violation_over_the_days_planned() -> None:
    [violation] = check(heavy(3), LIMITS, as_of=on(20), planned=True)
    assert (violation.rule, violation.start, violation.end) == ("80-hour", at(0, 0), at(20, 0))
    assert violation.detail.startswith(
        "88.2 h a week on average over the 20 days planned, 2026-07-06 to 2026-07-25"
    )
    assert assess(heavy(3), LIMITS, as_of=on(20), planned=True).warnings == []


def test_four_heavy_weeks_asked_after_the_period_are_a_violation() -> None:
    found = assess(heavy(4), LIMITS, as_of=AFTER)
    assert [(v.rule, v.start, v.end) for v in found.violations] == [
        ("80-hour", at(0, 0), at(28, 0))
    ]
    assert found.violations[0].detail.startswith(
        "84.0 h a week on average over the 4-week period 2026-07-06 to 2026-08-02 (336.0 h)"
    )
    assert found.warnings == []


def test_a_record_that_stops_early_is_judged_over_28_days_once_the_period_is_over() -> None:
    # The days after the last entry were not worked: 252 h in 28 days is 63 h a week.
    assert check(heavy(3), LIMITS, as_of=AFTER) == []


def test_more_than_320_hours_before_the_end_is_a_violation_at_once() -> None:
    shifts = [shift(d, 6, 22) for d in range(21)]  # 16 h a day: 336 h by day 21
    found = assess(shifts, LIMITS, as_of=on(20))
    eighty = [v for v in found.violations if v.rule == "80-hour"]
    assert [(v.start, v.end) for v in eighty] == [(at(0, 0), at(28, 0))]
    assert eighty[0].detail.startswith(
        "336.0 h already in the 21 days so far of the 4-week period 2026-07-06 to 2026-08-02"
    )
    assert "80-hour" not in {w.rule for w in found.warnings}


def test_a_pace_within_the_limit_gives_nothing() -> None:
    shifts = [shift(7 * w + d, 7, 19) for w in range(3) for d in range(6)]  # 72 h a week
    assert assess(shifts, LIMITS, as_of=on(20)).warnings == []


def test_no_outlook_in_the_first_days_of_a_period() -> None:
    assert assess(heavy(1)[:5], LIMITS, as_of=on(4)).warnings == []  # 5 days of 14 h
    assert [w.rule for w in assess(heavy(1), LIMITS, as_of=on(6)).warnings] == ["80-hour"]


# One day in seven -----------------------------------------------------------------------


def test_behind_on_days_off_is_a_warning_while_they_can_still_be_taken() -> None:
    shifts = [shift(d, 8, 18) for d in range(14)]  # two weeks without a day off
    found = assess(shifts, LIMITS, as_of=on(13))
    assert found.violations == []
    [warning] = found.warnings
    assert (warning.rule, warning.days_off_needed) == ("one-day-in-seven", 4)
    assert warning.headline == (
        "Behind on days off: 4 more needed in this 4-week period, to 2026-08-02"
    )
    assert "0 day(s) off in the 14 days so far" in warning.detail
    assert "in the 14 day(s) left" in warning.detail


def test_too_few_days_left_for_the_days_off_needed_is_a_violation_at_once() -> None:
    shifts = [shift(d, 8, 18) for d in range(25)]  # 25 days without a day off, 3 left
    found = assess(shifts, LIMITS, as_of=on(24))
    [violation] = found.violations
    assert (violation.rule, violation.start, violation.end) == (
        "one-day-in-seven",
        at(0, 0),
        at(28, 0),
    )
    assert "0 day(s) off" in violation.detail and "and 3 day(s) left" in violation.detail
    assert found.warnings == []


def test_days_off_complete_period() -> None:
    shifts = [shift(d, 8, 18) for d in range(28)]  # no day off all period
    assert [v.rule for v in check(shifts, LIMITS, as_of=AFTER)] == ["one-day-in-seven"]
    assert [v.rule for v in check(shifts, LIMITS, as_of=on(20), planned=True)] == [
        "one-day-in-seven"
    ]


# Call frequency -------------------------------------------------------------------------


def every_third_night(until: int) -> list[Shift]:
    return [shift(d, 17, 32, "call") for d in range(0, until, 3)]


def test_call_every_third_night_is_a_warning_while_under_way() -> None:
    found = assess(every_third_night(10), LIMITS, as_of=on(9))  # nights 0, 3, 6, 9
    assert found.violations == []
    [warning] = found.warnings
    assert (warning.rule, warning.call_nights_left) == ("call-frequency", 5)
    # The last call ends on the morning of day 10: the record covers 11 days so far.
    assert "in-house call on 4 nights in the 11 days so far" in warning.detail


def test_a_tenth_call_night_before_the_end_is_a_violation_at_once() -> None:
    shifts = [shift(d, 17, 32, "call") for d in range(0, 20, 2)]  # 10 nights by day 18
    found = assess(shifts, LIMITS, as_of=on(19))
    assert [(v.rule, v.end) for v in found.violations] == [("call-frequency", at(28, 0))]
    assert "more than the 9 a 4-week period allows" in found.violations[0].detail


def test_call_frequency_complete_period() -> None:
    shifts = every_third_night(28)  # 10 nights
    assert [v.rule for v in check(shifts, LIMITS, as_of=AFTER)] == ["call-frequency"]
    assert check(every_third_night(27), LIMITS, as_of=AFTER) == []  # 9 nights


def test_outlook_as_dict() -> None:
    [warning] = assess(heavy(3), LIMITS, as_of=on(20)).warnings
    assert warning.as_dict() == {
        "resident": "ana",
        "rule": "80-hour",
        "start": "2026-07-06T00:00:00",
        "end": "2026-08-03T00:00:00",
        "headline": warning.headline,
        "detail": warning.detail,
        "hours_left": 68.0,
        "days_off_needed": None,
        "call_nights_left": None,
    }
