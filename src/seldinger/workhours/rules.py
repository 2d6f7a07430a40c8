"""ACGME clinical and educational work-hour rules (Common Program Requirements VI.F, 2017 on).

Pure core: no Django. It takes the shifts residents logged and the limits in
force, and returns the violations. The semantics (work periods, 28-day
blocks, what counts as a day off) are documented in ``docs/workhours.md``.

- Entries of one resident separated by a break shorter than the merge gap
  (a Seldinger setting, default 2 hours) form one **work period**; entries
  that touch always do. A lunch break is not a rest period.
- ``24+4``: a work period longer than 24 h + 4 h (transitions of care).
- ``rest-between-periods``: less than 8 h between two work periods.
- ``rest-after-24h-call``: less than 14 h after a period holding at least
  24 h of in-house call, or a period of at least 24 h that includes call.
- ``80-hour``, ``one-day-in-seven`` and ``call-frequency`` are averaged over
  consecutive 28-day blocks aligned to midnight of the resident's first
  shift (or to ``block_start``, e.g. the program's rotation blocks). The
  last block ends at midnight after the resident's last shift; a partial
  block is averaged over its own number of days and skipped if shorter
  than ``Limits.min_block_days`` (7).

Datetimes are local times, all naive or all aware (one time zone); the
arithmetic is wall-clock time (aware datetimes sharing one ``tzinfo``
subtract as wall-clock time in Python).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import pairwise
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover - only the type is needed
    from seldinger.rules.engine import ParameterSet

KINDS = ("clinical", "call", "home-call-work", "moonlighting", "education")
HOME_CALL_WORK = "home-call-work"
"""Shift kinds. All count toward the 80 hours and break a day off; ``call`` is in-house call."""

IN_HOUSE_CALL = "call"

RULES = (
    "80-hour",
    "one-day-in-seven",
    "24+4",
    "rest-between-periods",
    "rest-after-24h-call",
    "call-frequency",
)
"""The rule keys a :class:`Violation` carries."""

PARAMETER_PREFIX = "workhours"

DAY = timedelta(days=1)
HOUR = timedelta(hours=1)


@dataclass(frozen=True)
class Shift:
    """One logged entry: who, from when to when (naive local time), and what kind of work."""

    resident: str
    start: datetime
    end: datetime
    kind: str

    @property
    def duration(self) -> timedelta:
        return self.end - self.start


@dataclass(frozen=True)
class Limits:
    """The numbers the rules use. :func:`limits_as_of` reads them from the rule data."""

    weekly_hours: float = 80
    averaging_weeks: int = 4
    days_off_per_week: int = 1
    continuous_hours: float = 24
    transition_hours: float = 4
    rest_between_periods_hours: float = 8
    rest_after_call_hours: float = 14
    call_every_nth_night: int = 3
    merge_gap_minutes: int = 120
    """Seldinger setting, not an ACGME rule: breaks shorter than this join entries."""
    min_block_days: int = 7
    """Seldinger setting: a partial averaging block shorter than this is not checked."""

    @property
    def block_days(self) -> int:
        return 7 * self.averaging_weeks

    @property
    def merge_gap(self) -> timedelta:
        return timedelta(minutes=self.merge_gap_minutes)

    @property
    def max_period(self) -> timedelta:
        return timedelta(hours=self.continuous_hours + self.transition_hours)


_PARAMETER_FIELDS = {
    "weekly-hours": "weekly_hours",
    "averaging-weeks": "averaging_weeks",
    "days-off-per-week": "days_off_per_week",
    "continuous-hours": "continuous_hours",
    "transition-hours": "transition_hours",
    "rest-between-periods-hours": "rest_between_periods_hours",
    "rest-after-call-hours": "rest_after_call_hours",
    "call-every-nth-night": "call_every_nth_night",
    "merge-gap-minutes": "merge_gap_minutes",
}
"""Parameter file (``workhours/<name>.yaml``) -> :class:`Limits` field."""


def limits_as_of(rules: ParameterSet, on: date) -> Limits:
    """The limits in force on ``on``; raises ``RuleNotInForce`` before the 2017 rules."""
    values: dict[str, float] = {}
    for name, field in _PARAMETER_FIELDS.items():
        value = rules.value(f"{PARAMETER_PREFIX}/{name}", on)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"{PARAMETER_PREFIX}/{name}: value must be a number, got {value!r}")
        values[field] = value
    return Limits(
        weekly_hours=values["weekly_hours"],
        averaging_weeks=int(values["averaging_weeks"]),
        days_off_per_week=int(values["days_off_per_week"]),
        continuous_hours=values["continuous_hours"],
        transition_hours=values["transition_hours"],
        rest_between_periods_hours=values["rest_between_periods_hours"],
        rest_after_call_hours=values["rest_after_call_hours"],
        call_every_nth_night=int(values["call_every_nth_night"]),
        merge_gap_minutes=int(values["merge_gap_minutes"]),
    )


@dataclass(frozen=True)
class Violation:
    resident: str
    rule: str
    start: datetime
    end: datetime
    detail: str

    def as_dict(self) -> dict[str, str]:
        return {
            "resident": self.resident,
            "rule": self.rule,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "detail": self.detail,
        }


@dataclass(frozen=True)
class WorkPeriod:
    """Entries of one resident with no break of the merge gap or longer between them."""

    resident: str
    start: datetime
    end: datetime
    shifts: tuple[Shift, ...]

    @property
    def length(self) -> timedelta:
        """From the first entry's start to the last entry's end, short breaks included."""
        return self.end - self.start

    @property
    def worked(self) -> timedelta:
        """The entries' own time, short breaks excluded."""
        return sum((shift.duration for shift in self.shifts), timedelta())

    @property
    def in_house_call(self) -> timedelta:
        return sum(
            (shift.duration for shift in self.shifts if shift.kind == IN_HOUSE_CALL), timedelta()
        )

    @property
    def is_home_call_only(self) -> bool:
        """Only work done from home while on call: not a scheduled work period."""
        return all(shift.kind == HOME_CALL_WORK for shift in self.shifts)

    def is_long_call(self, limits: Limits) -> bool:
        """At least 24 h of in-house call, or a period of at least 24 h that includes call."""
        threshold = timedelta(hours=limits.continuous_hours)
        if self.in_house_call >= threshold:
            return True
        return self.length >= threshold and self.in_house_call > timedelta()


@dataclass(frozen=True)
class ShiftProblem:
    """Why one entry is invalid. ``index`` is its 0-based position in the input."""

    index: int
    shift: Shift
    field: str
    reason: str
    other: int | None = None
    """For an overlap: the position of the entry it overlaps."""

    def __str__(self) -> str:
        reason = self.reason if self.other is None else f"{self.reason} (entry {self.other + 1})"
        return (
            f"entry {self.index + 1} ({self.shift.resident}, {self.shift.start.isoformat()}): "
            f"{self.field}: {reason}"
        )


class ShiftError(ValueError):
    """Invalid shifts: end not after start, an unknown kind, or overlapping entries."""

    def __init__(self, problems: Sequence[ShiftProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(str(problem) for problem in self.problems))


def validate(shifts: Sequence[Shift]) -> list[ShiftProblem]:
    """Every problem with ``shifts``, in input order (empty when they are valid)."""
    problems: list[ShiftProblem] = []
    valid_by_resident: dict[str, list[int]] = defaultdict(list)
    for index, shift in enumerate(shifts):
        ok = True
        if not shift.resident.strip():
            problems.append(ShiftProblem(index, shift, "resident", "missing"))
            ok = False
        mixed = [
            name
            for name in ("start", "end")
            if (getattr(shift, name).tzinfo is None) != (shifts[0].start.tzinfo is None)
        ]
        if mixed:
            for name in mixed:
                problems.append(
                    ShiftProblem(
                        index, shift, name, "mixes date-times with and without a time zone"
                    )
                )
            continue
        if shift.end <= shift.start:
            problems.append(
                ShiftProblem(
                    index,
                    shift,
                    "end",
                    f"{shift.end.isoformat()} is not after the start {shift.start.isoformat()}",
                )
            )
            ok = False
        if shift.kind not in KINDS:
            problems.append(
                ShiftProblem(
                    index,
                    shift,
                    "kind",
                    f"unknown kind {shift.kind!r} (one of {', '.join(KINDS)})",
                )
            )
            ok = False
        if ok:
            valid_by_resident[shift.resident].append(index)
    for indexes in valid_by_resident.values():
        indexes.sort(key=lambda i: (shifts[i].start, shifts[i].end))
        latest: int | None = None
        for index in indexes:
            shift = shifts[index]
            if latest is not None and shift.start < shifts[latest].end:
                other = shifts[latest]
                problems.append(
                    ShiftProblem(
                        index,
                        shift,
                        "start",
                        f"overlaps the {other.kind} entry {other.start.isoformat()} to "
                        f"{other.end.isoformat()} of the same resident",
                        latest,
                    )
                )
            if latest is None or shift.end > shifts[latest].end:
                latest = index
    problems.sort(key=lambda problem: problem.index)
    return problems


def _valid_by_resident(shifts: Iterable[Shift]) -> dict[str, list[Shift]]:
    entries = list(shifts)
    problems = validate(entries)
    if problems:
        raise ShiftError(problems)
    by_resident: dict[str, list[Shift]] = defaultdict(list)
    for shift in entries:
        by_resident[shift.resident].append(shift)
    for own in by_resident.values():
        own.sort(key=lambda shift: shift.start)
    return dict(sorted(by_resident.items()))


def _merge(own: list[Shift], gap: timedelta) -> list[WorkPeriod]:
    """Merge one resident's valid shifts, sorted by start, into work periods."""
    periods: list[WorkPeriod] = []
    group: list[Shift] = []
    end = datetime.min
    for shift in own:
        if group and (shift.start - end < gap or shift.start <= end):
            group.append(shift)
            end = max(end, shift.end)
            continue
        if group:
            periods.append(WorkPeriod(group[0].resident, group[0].start, end, tuple(group)))
        group, end = [shift], shift.end
    if group:
        periods.append(WorkPeriod(group[0].resident, group[0].start, end, tuple(group)))
    return periods


def work_periods(shifts: Iterable[Shift], limits: Limits) -> list[WorkPeriod]:
    """The merged work periods of every resident, sorted by resident and start."""
    periods: list[WorkPeriod] = []
    for own in _valid_by_resident(shifts).values():
        periods.extend(_merge(own, limits.merge_gap))
    return periods


def check(
    shifts: Iterable[Shift], limits: Limits, *, block_start: date | None = None
) -> list[Violation]:
    """Every violation, sorted by resident, start and rule. Raises :class:`ShiftError`.

    ``block_start`` aligns the 28-day averaging blocks to a date (the
    program's rotation blocks); by default each resident's blocks start at
    midnight of their first shift.
    """
    violations: list[Violation] = []
    for resident, own in _valid_by_resident(shifts).items():
        periods = _merge(own, limits.merge_gap)
        violations.extend(_period_violations(periods, limits))
        anchor = datetime.combine(
            block_start or own[0].start.date(), time(), tzinfo=own[0].start.tzinfo
        )
        violations.extend(_block_violations(resident, own, periods, limits, anchor))
    violations.sort(key=lambda v: (v.resident, v.start, v.rule))
    return violations


# Rules on work periods --------------------------------------------------------------------


def _period_violations(periods: list[WorkPeriod], limits: Limits) -> list[Violation]:
    found: list[Violation] = []
    continuous = timedelta(hours=limits.continuous_hours)
    for period in periods:
        if period.length > limits.max_period:
            found.append(
                Violation(
                    period.resident,
                    "24+4",
                    period.start,
                    period.end,
                    f"continuous work period of {_hours(period.length)} exceeds "
                    f"{_number(limits.continuous_hours)} h + "
                    f"{_number(limits.transition_hours)} h for transitions "
                    f"({_hours(limits.max_period)}); the {_number(limits.continuous_hours)} h "
                    f"mark was {(period.start + continuous).isoformat(timespec='minutes')}",
                )
            )
    # The 8- and 14-hour rests are between scheduled periods: work done from home
    # on call counts toward the 80 hours and breaks days off, but is not scheduled.
    scheduled = [period for period in periods if not period.is_home_call_only]
    for before, after in pairwise(scheduled):
        rest = after.start - before.end
        if before.is_long_call(limits):
            rule, required = "rest-after-24h-call", limits.rest_after_call_hours
            why = f" after a {_hours(before.length)} work period with in-house call"
        else:
            rule, required = "rest-between-periods", limits.rest_between_periods_hours
            why = " between work periods"
        if rest < timedelta(hours=required):
            found.append(
                Violation(
                    before.resident,
                    rule,
                    before.end,
                    after.start,
                    f"{_hours(rest)} off{why}; at least {_number(required)} h required",
                )
            )
    return found


# Rules averaged over 28-day blocks --------------------------------------------------------


def _block_violations(
    resident: str,
    own: list[Shift],
    periods: list[WorkPeriod],
    limits: Limits,
    anchor: datetime,
) -> list[Violation]:
    span = timedelta(days=limits.block_days)

    def block_of(moment: datetime) -> int:
        return (moment - anchor) // span

    last_end = max(shift.end for shift in own)
    data_end = datetime.combine(last_end.date(), time(), tzinfo=last_end.tzinfo)
    if data_end < last_end:
        data_end += DAY
    first_block, last_block = block_of(own[0].start), block_of(data_end - DAY)

    worked: dict[int, timedelta] = defaultdict(timedelta)
    for shift in own:
        start = shift.start
        while start < shift.end:
            block = block_of(start)
            stop = min(shift.end, anchor + (block + 1) * span)
            worked[block] += stop - start
            start = stop

    call_nights: dict[int, set[date]] = defaultdict(set)
    for shift in own:
        if shift.kind == IN_HOUSE_CALL:
            call_nights[block_of(shift.start)].add(shift.start.date())

    # Days off: each free gap is cut into whole 24-hour periods from its start; a
    # period counts in the block that holds its middle.
    days_off: dict[int, int] = defaultdict(int)
    edges = [anchor + first_block * span]
    for period in periods:
        edges += [period.start, period.end]
    edges.append(data_end)
    for gap_start, gap_end in zip(edges[::2], edges[1::2], strict=True):
        for n in range((gap_end - gap_start) // DAY):
            days_off[block_of(gap_start + n * DAY + DAY / 2)] += 1

    found: list[Violation] = []
    for block in range(first_block, last_block + 1):
        start = anchor + block * span
        end = min(start + span, data_end)
        days = (end - start) // DAY
        if days < limits.min_block_days:
            continue
        hours = worked[block] / HOUR
        if hours * 7 > limits.weekly_hours * days:
            found.append(
                Violation(
                    resident,
                    "80-hour",
                    start,
                    end,
                    f"{hours * 7 / days:.1f} h a week on average over {days} days "
                    f"({hours:.1f} h); at most {_number(limits.weekly_hours)} h a week "
                    f"averaged over {limits.averaging_weeks} weeks",
                )
            )
        required = days * limits.days_off_per_week // 7
        if days_off[block] < required:
            found.append(
                Violation(
                    resident,
                    "one-day-in-seven",
                    start,
                    end,
                    f"{days_off[block]} day(s) off (24 h free of all work) in {days} days; "
                    f"at least {required} required ({limits.days_off_per_week} in 7, averaged)",
                )
            )
        nights = len(call_nights[block])
        if nights * limits.call_every_nth_night > days:
            found.append(
                Violation(
                    resident,
                    "call-frequency",
                    start,
                    end,
                    f"in-house call on {nights} nights in {days} days; at most every "
                    f"{_ordinal(limits.call_every_nth_night)} night averaged "
                    f"({days // limits.call_every_nth_night} nights)",
                )
            )
    return found


def _number(value: float) -> str:
    return f"{value:g}"


def _hours(span: timedelta) -> str:
    minutes = int(span.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min" if minutes else f"{hours} h"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
