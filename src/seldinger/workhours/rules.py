"""ACGME clinical and educational work-hour rules (Common Program Requirements VI.F, 2017 on).

Pure core: no Django. It takes the shifts residents logged and the limits in
force, and returns the violations, and for a 4-week period not yet over the
outlook ("on track to exceed"). The semantics (work periods, 28-day blocks,
what counts as a day off, when a period is complete) are documented in
``docs/workhours.md``; the averaging periods live in :mod:`.blocks`.

- Entries of one resident separated by a break shorter than the merge gap
  (a Seldinger setting, default 2 hours) form one **work period**; entries
  that touch always do. A lunch break is not a rest period.
- ``24+4``: a work period longer than 24 h + 4 h (transitions of care).
- ``rest-between-periods``: less than 8 h between two work periods.
- ``rest-after-24h-call``: less than 14 h after a period holding at least
  24 h of in-house call, or a period of at least 24 h that includes call.
- ``80-hour``, ``one-day-in-seven`` and ``call-frequency`` are averaged over
  consecutive 28-day blocks aligned to midnight of the resident's first
  shift (or to ``block_start``, e.g. the program's rotation blocks). A block
  not yet over on the date asked (``as_of``) gives an :class:`Outlook` unless
  the limit can no longer be met; see :mod:`.blocks`.
- ``pgy1-moonlighting``: a moonlighting entry while the resident is in PGY-1.
- ``home-call`` (at-home call, not called in) only breaks a day off.

Datetimes are local times, all naive or all aware (one time zone); the
arithmetic is wall-clock time (aware datetimes sharing one ``tzinfo``
subtract as wall-clock time in Python).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import pairwise
from typing import TypedDict, Unpack

from seldinger.errors import ErrorItem, Invalid
from seldinger.workhours.blocks import block_findings
from seldinger.workhours.shifts import (
    HOME_CALL,
    HOME_CALL_WORK,
    IN_HOUSE_CALL,
    KINDS,
    MOONLIGHTING,
    PARAMETER_PREFIX,
    PGY1_MOONLIGHTING,
    RULES,
    Assessment,
    Limits,
    Outlook,
    Shift,
    Violation,
    WorkPeriod,
    limits_as_of,
    number_text,
)

# The shapes live in .shifts; callers ask here.
__all__ = [
    "HOME_CALL",
    "HOME_CALL_WORK",
    "IN_HOUSE_CALL",
    "KINDS",
    "MOONLIGHTING",
    "PARAMETER_PREFIX",
    "PGY1_MOONLIGHTING",
    "RULES",
    "Assessment",
    "Limits",
    "Outlook",
    "Shift",
    "ShiftError",
    "ShiftProblem",
    "Violation",
    "WorkPeriod",
    "assess",
    "check",
    "limits_as_of",
    "pgy1_spans",
    "validate",
    "work_periods",
]


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


class ShiftError(Invalid):
    """Invalid shifts: end not after start, an unknown kind, or overlapping entries."""

    def __init__(self, problems: Sequence[ShiftProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__(
            "; ".join(str(problem) for problem in self.problems),
            errors=[ErrorItem(problem.field, str(problem)) for problem in self.problems],
        )


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
    """Merge one resident's valid shifts, sorted by start, into work periods.

    At-home call while not called in is left out: it is no work (CPR VI.F.8).
    """
    periods: list[WorkPeriod] = []
    group: list[Shift] = []
    end = datetime.min
    for shift in own:
        if shift.kind == HOME_CALL:
            continue
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


def assess(
    shifts: Iterable[Shift],
    limits: Limits,
    *,
    block_start: date | None = None,
    as_of: date | None = None,
    planned: bool = False,
    pgy1: Mapping[str, tuple[date, date]] | None = None,
) -> Assessment:
    """Every violation and outlook, each sorted by resident, start and rule.

    Raises :class:`ShiftError`. ``block_start`` aligns the 28-day averaging
    blocks to a date (the program's rotation blocks); by default each
    resident's blocks start at midnight of their first shift. ``as_of`` is the
    date asked: a block is complete once ``as_of`` is past its last day, and
    judged over its 28 days; a block under way gives outlooks. ``planned``
    (or no ``as_of``) judges every block as complete, a schedule that ends
    inside a block over the days it covers. ``pgy1`` maps a resident to the
    first and last day of their PGY-1 year; residents not in it are not
    checked for ``pgy1-moonlighting``.
    """
    violations: list[Violation] = []
    warnings: list[Outlook] = []
    asked = None if planned else as_of
    for resident, own in _valid_by_resident(shifts).items():
        periods = _merge(own, limits.merge_gap)
        violations.extend(_period_violations(periods, limits))
        if resident in (pgy1 or {}) and not limits.pgy1_may_moonlight:
            violations.extend(_pgy1_moonlighting(own, (pgy1 or {})[resident]))
        anchor = datetime.combine(
            block_start or own[0].start.date(), time(), tzinfo=own[0].start.tzinfo
        )
        found, outlook = block_findings(resident, own, periods, limits, anchor, asked)
        violations.extend(found)
        warnings.extend(outlook)
    violations.sort(key=lambda v: (v.resident, v.start, v.rule))
    warnings.sort(key=lambda w: (w.resident, w.start, w.rule))
    return Assessment(violations, warnings)


class Asked(TypedDict, total=False):
    """What :func:`assess` is asked beyond the shifts and the limits (its keyword options)."""

    block_start: date | None
    as_of: date | None
    planned: bool
    pgy1: Mapping[str, tuple[date, date]] | None


def check(shifts: Iterable[Shift], limits: Limits, **asked: Unpack[Asked]) -> list[Violation]:
    """The violations of :func:`assess` (its outlooks left out)."""
    return assess(shifts, limits, **asked).violations


def pgy1_spans(years: Iterable[tuple[Shift, int | None]]) -> dict[str, tuple[date, date]]:
    """Each resident's PGY-1 from entries marked with their postgraduate year.

    PGY-1 runs from the first to the last start date of the entries marked 1;
    residents with none are left out (not checked).
    """
    spans: dict[str, tuple[date, date]] = {}
    for shift, year in years:
        if year != 1:
            continue
        day = shift.start.date()
        first, last = spans.get(shift.resident, (day, day))
        spans[shift.resident] = (min(first, day), max(last, day))
    return spans


def _pgy1_moonlighting(own: list[Shift], pgy1: tuple[date, date]) -> list[Violation]:
    first, last = pgy1
    return [
        Violation(
            shift.resident,
            "pgy1-moonlighting",
            shift.start,
            shift.end,
            f"moonlighting {shift.start.isoformat(timespec='minutes')} to "
            f"{shift.end.isoformat(timespec='minutes')} ({_hours(shift.duration)}) in PGY-1 "
            f"({first.isoformat()} to {last.isoformat()}); PGY-1 residents may not moonlight",
        )
        for shift in own
        if shift.kind == MOONLIGHTING and first <= shift.start.date() <= last
    ]


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
                    f"{number_text(limits.continuous_hours)} h + "
                    f"{number_text(limits.transition_hours)} h for transitions "
                    f"({_hours(limits.max_period)}); the {number_text(limits.continuous_hours)} h "
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
                    f"{_hours(rest)} off{why}; at least {number_text(required)} h required",
                )
            )
    return found


def _hours(span: timedelta) -> str:
    minutes = int(span.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min" if minutes else f"{hours} h"
