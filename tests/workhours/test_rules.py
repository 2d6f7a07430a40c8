"""The work-hour rules on hand-made schedules with known violations, and clean ones."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from seldinger.rules import default_parameters
from seldinger.rules.engine import RuleNotInForce
from seldinger.workhours.rules import (
    KINDS,
    RULES,
    Limits,
    Shift,
    ShiftError,
    check,
    limits_as_of,
    validate,
    work_periods,
)

LIMITS = Limits()
MONDAY = dt.date(2025, 7, 7)


def at(day: int, hour: float) -> dt.datetime:
    """``day`` days after Monday 2025-07-07, at ``hour`` o'clock (may exceed 24)."""
    return dt.datetime.combine(MONDAY, dt.time()) + dt.timedelta(days=day, hours=hour)


def shift(day: int, start: float, end: float, kind: str = "clinical", who: str = "ana") -> Shift:
    """A shift from ``start`` to ``end`` o'clock of ``day`` (``end`` past 24 runs into the next)."""
    return Shift(who, at(day, start), at(day, end), kind)


def rules_of(shifts: list[Shift], limits: Limits = LIMITS) -> list[str]:
    return [violation.rule for violation in check(shifts, limits)]


def weekdays(weeks: int, start: float = 8, end: float = 18) -> list[Shift]:
    return [shift(7 * week + day, start, end) for week in range(weeks) for day in range(5)]


def padded(shifts: list[Shift], days: int = 28) -> list[Shift]:
    """Add a half-hour session late on the last day so the block is ``days`` long."""
    return [*shifts, shift(days - 1, 23, 23.5, "education")]


# Limits ---------------------------------------------------------------------------------


def test_the_limits_come_from_the_dated_rule_data() -> None:
    limits = limits_as_of(default_parameters(), dt.date(2025, 7, 1))
    assert limits == Limits()
    assert (limits.weekly_hours, limits.block_days, limits.days_off_per_week) == (80, 28, 1)
    assert limits.max_period == dt.timedelta(hours=28)
    assert (limits.rest_between_periods_hours, limits.rest_after_call_hours) == (8, 14)
    assert (limits.call_every_nth_night, limits.merge_gap_minutes) == (3, 120)


def test_there_are_no_limits_before_the_2017_requirements() -> None:
    with pytest.raises(RuleNotInForce):
        limits_as_of(default_parameters(), dt.date(2017, 6, 30))


def test_rule_keys_and_kinds() -> None:
    assert RULES == (
        "80-hour",
        "one-day-in-seven",
        "24+4",
        "rest-between-periods",
        "rest-after-24h-call",
        "call-frequency",
        "pgy1-moonlighting",
    )
    assert set(KINDS) == {
        "clinical",
        "call",
        "home-call",
        "home-call-work",
        "moonlighting",
        "education",
    }


# Clean schedules ------------------------------------------------------------------------


def test_a_normal_month_of_weekdays_is_clean() -> None:
    assert check(padded(weekdays(4)), LIMITS) == []


def test_no_shifts_no_violations() -> None:
    assert check([], LIMITS) == []
    assert work_periods([], LIMITS) == []


def test_exactly_80_hours_a_week_is_allowed() -> None:
    # Mon-Fri 07:00-23:00: 80 h a week, 8 h rest, the weekend off.
    shifts = [shift(7 * w + d, 7, 23) for w in range(4) for d in range(5)]
    shifts[-1] = shift(25, 7, 22.5)  # half an hour moves to Sunday so the block spans 28 days
    shifts.append(shift(27, 0, 0.5, "education"))
    violations = check(shifts, LIMITS)
    assert violations == []


# Work periods and split shifts ----------------------------------------------------------


def test_a_split_shift_with_a_one_hour_break_is_one_work_period() -> None:
    shifts = [shift(0, 7, 12), shift(0, 13, 19), shift(1, 7, 12), shift(1, 13, 19)]
    periods = work_periods(shifts, LIMITS)
    assert [(p.start, p.end) for p in periods] == [(at(0, 7), at(0, 19)), (at(1, 7), at(1, 19))]
    assert periods[0].length == dt.timedelta(hours=12)
    assert periods[0].worked == dt.timedelta(hours=11)
    assert check(shifts, LIMITS) == []


def test_with_a_smaller_merge_gap_the_lunch_break_is_a_short_rest() -> None:
    shifts = [shift(0, 7, 12), shift(0, 13, 19)]
    violations = check(shifts, Limits(merge_gap_minutes=30))
    assert [(v.rule, v.start, v.end) for v in violations] == [
        ("rest-between-periods", at(0, 12), at(0, 13))
    ]
    assert "1 h off between work periods; at least 8 h required" in violations[0].detail


def test_a_break_of_exactly_the_merge_gap_separates_periods() -> None:
    shifts = [shift(0, 7, 12), shift(0, 14, 19)]
    assert len(work_periods(shifts, LIMITS)) == 2
    assert rules_of(shifts) == ["rest-between-periods"]
    assert len(work_periods([shift(0, 7, 12), shift(0, 13.99, 19)], LIMITS)) == 1


def test_touching_entries_always_merge_even_with_no_merge_gap() -> None:
    shifts = [shift(0, 7, 12), shift(0, 12, 19, "education")]
    assert len(work_periods(shifts, Limits(merge_gap_minutes=0))) == 1
    assert check(shifts, Limits(merge_gap_minutes=0)) == []


def test_periods_are_per_resident() -> None:
    shifts = [shift(0, 7, 19, who="ana"), shift(0, 8, 20, who="ben")]
    periods = work_periods(shifts, LIMITS)
    assert [(p.resident, p.start) for p in periods] == [("ana", at(0, 7)), ("ben", at(0, 8))]


# 24+4 -----------------------------------------------------------------------------------


def test_a_period_longer_than_28_hours_breaks_24_plus_4() -> None:
    shifts = [shift(0, 7, 31, "call"), shift(1, 7.5, 12, "clinical")]  # 29 h with a 30 min break
    violations = check(shifts, LIMITS)
    assert [(v.rule, v.start, v.end) for v in violations] == [("24+4", at(0, 7), at(1, 12))]
    assert "29 h" in violations[0].detail
    assert "the 24 h mark was 2025-07-08T07:00" in violations[0].detail


def test_28_hours_is_24_plus_4_and_allowed() -> None:
    assert "24+4" not in rules_of([shift(0, 7, 35, "call")])
    assert "24+4" not in rules_of([shift(0, 7, 31, "call"), shift(1, 8, 11, "education")])


# Rest between periods -------------------------------------------------------------------


def test_less_than_8_hours_between_periods() -> None:
    violations = check([shift(0, 8, 19), shift(1, 2, 10)], LIMITS)
    assert [(v.rule, v.start, v.end) for v in violations] == [
        ("rest-between-periods", at(0, 19), at(1, 2))
    ]
    assert "7 h off" in violations[0].detail


def test_8_hours_between_periods_is_enough() -> None:
    assert check([shift(0, 8, 19), shift(1, 3, 10)], LIMITS) == []


def test_less_than_14_hours_after_24_hours_of_in_house_call() -> None:
    shifts = [shift(0, 7, 31, "call"), shift(1, 17, 22)]  # 24 h call, 10 h off
    violations = check(shifts, LIMITS)
    assert [(v.rule, v.start, v.end) for v in violations] == [
        ("rest-after-24h-call", at(1, 7), at(1, 17))
    ]
    assert "at least 14 h" in violations[0].detail


def test_14_hours_after_24_hours_of_call_is_enough() -> None:
    assert check([shift(0, 7, 31, "call"), shift(1, 21, 23)], LIMITS) == []


def test_a_24_hour_period_that_includes_call_needs_14_hours() -> None:
    # 12 h clinical, a 1-hour break, then 12 h call: a 25 h period with 12 h of call.
    shifts = [shift(0, 7, 19), shift(0, 20, 32, "call"), shift(1, 18, 22)]
    assert rules_of(shifts) == ["rest-after-24h-call"]


def test_a_long_period_without_call_needs_only_8_hours() -> None:
    shifts = [shift(0, 7, 19), shift(0, 20, 32, "moonlighting"), shift(1, 18, 22)]
    assert rules_of(shifts) == []


# 80 hours -------------------------------------------------------------------------------


def test_more_than_80_hours_a_week_on_average() -> None:
    # Mon-Sat 07:00-21:00 (84 h a week), Sundays off.
    shifts = padded([shift(7 * w + d, 7, 21) for w in range(4) for d in range(6)])
    violations = check(shifts, LIMITS)
    assert [(v.rule, v.start, v.end) for v in violations] == [("80-hour", at(0, 0), at(28, 0))]
    assert (
        "84.1 h a week on average over the 4-week period 2025-07-07 to 2025-08-03"
        in violations[0].detail
    )


def test_home_call_work_and_moonlighting_count_toward_the_80_hours() -> None:
    base = [shift(7 * w + d, 7, 21) for w in range(4) for d in range(5)]  # 70 h a week
    extra = [shift(7 * w + 5, 8, 20, "home-call-work") for w in range(4)]  # +12 h
    assert rules_of(padded(base)) == []
    assert rules_of(padded(base + extra)) == ["80-hour"]
    moonlighting = [shift(7 * w + 5, 8, 20, "moonlighting") for w in range(4)]
    assert rules_of(padded(base + moonlighting)) == ["80-hour"]


def test_a_lunch_break_does_not_count_as_work() -> None:
    # Mon-Fri 07:00-23:30 with a 1 h break: 15.5 h a day, 77.5 h a week.
    shifts = [
        s
        for w in range(4)
        for d in range(5)
        for s in (shift(7 * w + d, 7, 12), shift(7 * w + d, 13, 23.5))
    ]
    assert "80-hour" not in rules_of(padded(shifts))


def test_blocks_can_follow_the_programs_rotation_blocks() -> None:
    # Weeks of 70, 96, 96, 70, 70, 70 h: over 80 h on average only in a block
    # holding both heavy weeks with two 70 h weeks.
    def week(w: int, heavy: bool) -> list[Shift]:
        if heavy:  # Mon-Sat 06:00-22:00
            return [shift(7 * w + d, 6, 22) for d in range(6)]
        return [shift(7 * w + d, 7, 21) for d in range(5)]  # Mon-Fri 07:00-21:00

    shifts = padded([s for w in range(6) for s in week(w, w in (1, 2))], days=42)
    violations = check(shifts, LIMITS)
    assert [(v.rule, v.start, v.end) for v in violations] == [("80-hour", at(0, 0), at(28, 0))]
    rotation = MONDAY + dt.timedelta(days=14)
    assert check(shifts, LIMITS, block_start=rotation) == []


# One day in seven -----------------------------------------------------------------------


def test_off_from_saturday_18_to_sunday_18_is_a_day_off() -> None:
    # Mon-Sat 08:00-18:00 and Sunday 18:00-22:00: exactly 24 h free each week.
    shifts = []
    for w in range(4):
        shifts += [shift(7 * w + d, 8, 18) for d in range(6)]
        shifts.append(shift(7 * w + 6, 18, 22, "education"))
    assert check(shifts, LIMITS) == []


def test_a_calendar_day_without_a_shift_start_is_not_a_day_off() -> None:
    # Weekdays 08:00-18:00, Saturday 16:00 to Sunday 01:00, Sunday 23:00 to Monday 07:00:
    # the longest free stretch is 22 h, so no day off all month.
    shifts = []
    for w in range(4):
        shifts += [shift(7 * w + d, 8, 18) for d in range(5)]
        shifts += [shift(7 * w + 5, 16, 25), shift(7 * w + 6, 23, 31)]
    violations = check(shifts, LIMITS)
    assert [(v.rule, v.start, v.end) for v in violations] == [
        ("one-day-in-seven", at(0, 0), at(28, 0))
    ]
    assert "0 day(s) off" in violations[0].detail
    assert "at least 4 required" in violations[0].detail


def test_home_call_work_breaks_a_day_off() -> None:
    shifts = padded(weekdays(4))
    assert check(shifts, LIMITS) == []
    # An hour's work from home at noon on Saturday and Sunday: no 24 h free any weekend.
    weekend_calls = [shift(7 * w + 5, 12, 13, "home-call-work") for w in range(4)]
    weekend_calls += [shift(7 * w + 6, 12, 13, "home-call-work") for w in range(4)]
    assert rules_of(shifts + weekend_calls) == ["one-day-in-seven"]


def test_a_long_free_stretch_counts_as_several_days_off() -> None:
    # Three weeks of Mon-Sun 08:00-18:00 with no day off, then a week's vacation.
    shifts = padded([shift(d, 8, 18) for d in range(21)])
    assert "one-day-in-seven" not in rules_of(shifts)  # 6 whole free days in the last week
    shifts = padded([shift(d, 8, 18) for d in range(25)])
    assert "one-day-in-seven" in rules_of(shifts)  # only 1


def test_a_day_off_across_a_block_boundary_counts_in_the_block_holding_most_of_it() -> None:
    # Days off on days 6, 13 and 20, and from 06:00 on day 27 (the block's last day)
    # to 06:00 on day 28: 18 h in the first block, 6 h in the second.
    shifts = [shift(d, 8, 18) for d in range(26) if d not in (6, 13, 20)]
    shifts += [shift(26, 8, 18), shift(26, 19, 30), shift(28, 6, 16)]
    shifts += [shift(d, 8, 18) for d in range(29, 55) if d not in (34, 41, 48)]
    assert check(shifts, LIMITS) == []
    without = [s for s in shifts if s.start != at(28, 6)] + [shift(27, 22, 23)]
    assert [(v.rule, v.start) for v in check(without, LIMITS)] == [("one-day-in-seven", at(0, 0))]


# Call frequency -------------------------------------------------------------------------


def test_in_house_call_every_third_night_is_10_in_28_days_and_too_many() -> None:
    shifts = [shift(d, 17, 32, "call") for d in range(0, 28, 3)]  # 10 nights
    violations = check(shifts, LIMITS)
    assert [(v.rule, v.start, v.end) for v in violations] == [
        ("call-frequency", at(0, 0), at(28, 0))
    ]
    assert (
        "in-house call on 10 nights in the 4-week period 2025-07-07 to 2025-08-03"
        in violations[0].detail
    )


def test_nine_call_nights_in_28_days_are_allowed() -> None:
    shifts = padded([shift(d, 17, 32, "call") for d in range(0, 27, 3)])  # 9 nights
    assert check(shifts, LIMITS) == []


def test_home_call_is_not_in_house_call() -> None:
    shifts = padded([shift(d, 20, 23, "home-call-work") for d in range(0, 28, 2)])
    assert check(shifts, LIMITS) == []


def test_call_nights_are_counted_by_the_date_the_call_starts() -> None:
    # Two call entries starting the same evening are one night.
    shifts = [shift(d, 17, 23, "call") for d in range(0, 28, 3)]
    shifts += [shift(d, 23.5, 30, "call") for d in range(0, 28, 3)]
    assert rules_of(shifts) == ["call-frequency"]
    assert "on 10 nights" in check(shifts, LIMITS)[0].detail


# Partial blocks -------------------------------------------------------------------------


def test_a_last_block_shorter_than_7_days_is_not_averaged() -> None:
    shifts = [shift(d, 7, 23) for d in range(6)]  # 96 h in 6 days, no day off
    assert check(shifts, LIMITS) == []


def test_a_partial_block_of_7_days_or_more_is_averaged_over_its_days() -> None:
    shifts = [shift(d, 7, 23) for d in range(8)]  # 128 h in 8 days
    violations = check(shifts, LIMITS)
    assert [(v.rule, v.end) for v in violations] == [
        ("80-hour", at(8, 0)),
        ("one-day-in-seven", at(8, 0)),
    ]
    assert "over the 8 days planned, 2025-07-07 to 2025-07-14" in violations[0].detail
    assert "4 weeks" not in violations[0].detail
    assert "at least 1 required" in violations[1].detail


def test_a_partial_last_block_after_a_full_one() -> None:
    clean_month = padded(weekdays(4))
    heavy = [shift(28 + d, 8, 24) for d in range(9)]
    violations = check(clean_month + heavy, LIMITS)
    assert {(v.rule, v.start, v.end) for v in violations} == {
        ("80-hour", at(28, 0), at(37, 0)),
        ("one-day-in-seven", at(28, 0), at(37, 0)),
    }


# Several residents, order ---------------------------------------------------------------


def test_violations_are_sorted_by_resident_start_and_rule() -> None:
    shifts = [
        shift(0, 8, 19, who="zoe"),
        shift(1, 2, 10, who="zoe"),
        shift(0, 7, 36, "call", who="ana"),
        shift(1, 20, 22, who="ana"),
    ]
    violations = check(shifts, LIMITS)
    assert [(v.resident, v.rule) for v in violations] == [
        ("ana", "24+4"),
        ("ana", "rest-after-24h-call"),
        ("zoe", "rest-between-periods"),
    ]
    assert violations[0].as_dict() == {
        "resident": "ana",
        "rule": "24+4",
        "start": "2025-07-07T07:00:00",
        "end": "2025-07-08T12:00:00",
        "detail": violations[0].detail,
    }


def test_aware_datetimes_in_one_zone_work_like_local_times() -> None:
    zone = ZoneInfo("America/New_York")
    shifts = [
        Shift(s.resident, s.start.replace(tzinfo=zone), s.end.replace(tzinfo=zone), s.kind)
        for s in [shift(0, 8, 19), shift(1, 2, 10)]
    ]
    violations = check(shifts, LIMITS)
    assert [v.rule for v in violations] == ["rest-between-periods"]
    assert violations[0].start.tzinfo is zone


# Invalid shifts -------------------------------------------------------------------------


def test_end_not_after_start_is_an_error_naming_the_entry() -> None:
    with pytest.raises(ShiftError) as raised:
        check([shift(0, 8, 18), shift(1, 18, 8)], LIMITS)
    (problem,) = raised.value.problems
    assert (problem.index, problem.field) == (1, "end")
    assert "entry 2 (ana, 2025-07-08T18:00:00): end:" in str(raised.value)
    assert "is not after the start" in str(raised.value)


def test_an_unknown_kind_is_an_error() -> None:
    with pytest.raises(ShiftError, match="kind: unknown kind 'nap'"):
        work_periods([shift(0, 8, 18, "nap")], LIMITS)


def test_overlapping_entries_of_one_resident_are_an_error() -> None:
    shifts = [shift(0, 8, 18), shift(0, 17, 20, "education"), shift(0, 8, 18, who="ben")]
    problems = validate(shifts)
    assert [(p.index, p.field, p.other) for p in problems] == [(1, "start", 0)]
    assert "overlaps the clinical entry 2025-07-07T08:00:00 to 2025-07-07T18:00:00" in str(
        problems[0]
    )
    with pytest.raises(ShiftError, match=r"entry 2 .*overlaps.*\(entry 1\)"):
        check(shifts, LIMITS)


def test_every_problem_is_listed() -> None:
    shifts = [shift(0, 8, 7), shift(1, 8, 9, "nap"), Shift("", at(2, 8), at(2, 9), "clinical")]
    assert [(p.index, p.field) for p in validate(shifts)] == [
        (0, "end"),
        (1, "kind"),
        (2, "resident"),
    ]


def test_mixing_aware_and_naive_datetimes_is_an_error() -> None:
    aware = Shift("ana", at(1, 8).replace(tzinfo=dt.UTC), at(1, 9).replace(tzinfo=dt.UTC), "call")
    with pytest.raises(ShiftError, match="with and without a time zone"):
        check([shift(0, 8, 9), aware], LIMITS)


def test_work_from_home_on_call_does_not_cut_the_rest_between_scheduled_periods():
    # Day shifts 07-17; an hour of home-call work at 21:00 the first evening.
    shifts = [
        Shift("ana", at(0, 7), at(0, 17), "clinical"),
        Shift("ana", at(0, 21), at(0, 22), "home-call-work"),
        Shift("ana", at(1, 7), at(1, 17), "clinical"),
    ]
    assert "rest-between-periods" not in {violation.rule for violation in check(shifts, LIMITS)}
    # The same hour worked in the hospital is a scheduled period and cuts the rest.
    in_house = [*shifts[:1], Shift("ana", at(0, 21), at(0, 22), "clinical"), shifts[2]]
    assert "rest-between-periods" in {violation.rule for violation in check(in_house, LIMITS)}
