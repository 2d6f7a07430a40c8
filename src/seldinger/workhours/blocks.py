"""The rules averaged over four weeks: 80 hours, one day in seven, call frequency.

Pure core like :mod:`.rules` (which calls :func:`block_findings`). Blocks are
consecutive 28-day periods from the anchor (midnight of the resident's first
entry, or the program's block start). With a date asked (``as_of``):

- a block whose last day is before ``as_of`` is complete and judged over its
  28 days; days without entries are free (the record says nothing was worked);
- a block under way is a violation only when the limit can no longer be met
  (more than 320 h already, too few days left for the days off still needed,
  more than 9 call nights already); otherwise, if the pace so far would exceed
  the limit, it gives an :class:`~.shifts.Outlook` ("on track to exceed").

Without a date asked (a planned schedule) every block is judged as complete;
a schedule ending inside a block is judged over the days it covers, and not
at all if they are fewer than ``Limits.min_block_days``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from seldinger.workhours.shifts import (
    DAY,
    HOME_CALL,
    HOUR,
    IN_HOUSE_CALL,
    Limits,
    Outlook,
    Shift,
    Violation,
    WorkPeriod,
    number_text,
)


@dataclass(frozen=True)
class Block:
    """One averaging period as judged: ``days`` counted from ``start`` up to ``until``."""

    resident: str
    start: datetime
    end: datetime
    """The end of the whole 28-day period (exclusive)."""
    until: datetime
    """Where the days judged stop: ``end``, the date asked, or a plan's end."""
    complete: bool
    weeks: int

    @property
    def days(self) -> int:
        return (self.until - self.start) // DAY

    @property
    def days_left(self) -> int:
        return (self.end - self.until) // DAY

    @property
    def last_day(self) -> date:
        return (self.end - DAY).date()

    @property
    def span_end(self) -> datetime:
        """The end a violation spans: the whole period, or a plan's end."""
        return self.until if self.complete else self.end

    @property
    def phrase(self) -> str:
        """The real period judged, for messages."""
        first, whole = self.start.date().isoformat(), f"{self.weeks}-week period"
        if not self.complete:
            return (
                f"the {self.days} days so far of the {whole} {first} to {self.last_day.isoformat()}"
            )
        if self.until == self.end:
            return f"the {whole} {first} to {self.last_day.isoformat()}"
        last = (self.until - DAY).date().isoformat()
        return f"the {self.days} days planned, {first} to {last}"


def block_findings(
    resident: str,
    own: list[Shift],
    periods: list[WorkPeriod],
    limits: Limits,
    anchor: datetime,
    as_of: date | None,
) -> tuple[list[Violation], list[Outlook]]:
    """One resident's violations and outlooks of the averaged rules."""
    span = timedelta(days=limits.block_days)

    def block_of(moment: datetime) -> int:
        return (moment - anchor) // span

    last_end = max(shift.end for shift in own)
    data_end = datetime.combine(last_end.date(), time(), tzinfo=last_end.tzinfo)
    if data_end < last_end:
        data_end += DAY
    # Free time counts up to the end of the day asked (or the record's end, if later).
    horizon = data_end
    if as_of is not None:
        horizon = max(data_end, datetime.combine(as_of + DAY, time(), tzinfo=anchor.tzinfo))
    first_block, last_block = block_of(own[0].start), block_of(data_end - DAY)

    worked: dict[int, timedelta] = defaultdict(timedelta)
    for shift in own:
        if shift.kind == HOME_CALL:  # available at home, not called in: not work
            continue
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

    days_off = _days_off(own, periods, anchor + first_block * span, horizon, block_of)

    found: list[Violation] = []
    outlook: list[Outlook] = []
    for index in range(first_block, last_block + 1):
        start = anchor + index * span
        end = start + span
        if as_of is None:
            period = Block(resident, start, end, min(end, data_end), True, limits.averaging_weeks)
            if period.days < limits.min_block_days:
                continue
        elif as_of >= end.date():
            period = Block(resident, start, end, end, True, limits.averaging_weeks)
        else:
            period = Block(resident, start, end, min(end, horizon), False, limits.averaging_weeks)
            if period.days <= 0:
                continue
        hours = worked[index] / HOUR
        for judge in (
            _eighty_hours(period, hours, limits),
            _days_off_rule(period, days_off[index], limits),
            _call_frequency(period, len(call_nights[index]), limits),
        ):
            if isinstance(judge, Violation):
                found.append(judge)
            elif isinstance(judge, Outlook):
                outlook.append(judge)
    return found, outlook


def _days_off(
    own: list[Shift],
    periods: list[WorkPeriod],
    first: datetime,
    horizon: datetime,
    block_of: Callable[[datetime], int],
) -> dict[int, int]:
    """Whole 24-hour periods free of work and of at-home call, by block.

    Each free gap is cut into whole days from its start; a day counts in the
    block that holds its middle.
    """
    busy = sorted(
        [(period.start, period.end) for period in periods]
        + [(shift.start, shift.end) for shift in own if shift.kind == HOME_CALL]
    )
    days_off: dict[int, int] = defaultdict(int)
    free_from = first
    for busy_start, busy_end in [*busy, (horizon, horizon)]:
        for n in range(max(busy_start - free_from, timedelta()) // DAY):
            days_off[block_of(free_from + n * DAY + DAY / 2)] += 1
        free_from = max(free_from, busy_end)
    return days_off


def _eighty_hours(block: Block, hours: float, limits: Limits) -> Violation | Outlook | None:
    weekly, cap = number_text(limits.weekly_hours), limits.block_hours
    average = hours * 7 / block.days
    if block.complete:
        if hours * 7 <= limits.weekly_hours * block.days:
            return None
        return _violation(
            block,
            "80-hour",
            f"{average:.1f} h a week on average over {block.phrase} ({hours:.1f} h); "
            f"at most {weekly} h a week on average",
        )
    if hours > cap:
        return _violation(
            block,
            "80-hour",
            f"{hours:.1f} h already in {block.phrase}: more than the {number_text(cap)} h "
            f"a {block.weeks}-week period allows ({weekly} h a week on average)",
        )
    if block.days < limits.min_block_days or hours * limits.block_days <= cap * block.days:
        return None
    left = round(cap - hours, 1)
    return Outlook(
        block.resident,
        "80-hour",
        block.start,
        block.end,
        f"On track to exceed: {number_text(left)} h left in this {block.weeks}-week period, "
        f"to {block.last_day.isoformat()}",
        f"{hours:.1f} h in {block.phrase} ({average:.1f} h a week on average); "
        f"{number_text(left)} h left to stay within {number_text(cap)} h "
        f"({weekly} h a week on average)",
        hours_left=left,
    )


def _days_off_rule(block: Block, off: int, limits: Limits) -> Violation | Outlook | None:
    rate = f"{limits.days_off_per_week} in 7, averaged"
    if block.complete:
        required = block.days * limits.days_off_per_week // 7
        if off >= required:
            return None
        return _violation(
            block,
            "one-day-in-seven",
            f"{off} day(s) off (24 h free of all work and at-home call) in {block.phrase}; "
            f"at least {required} required ({rate})",
        )
    required = limits.block_days * limits.days_off_per_week // 7
    if off + block.days_left < required:
        return _violation(
            block,
            "one-day-in-seven",
            f"{off} day(s) off (24 h free of all work and at-home call) in {block.phrase} "
            f"and {block.days_left} day(s) left: at least {required} required ({rate})",
        )
    if block.days < limits.min_block_days or off >= block.days * limits.days_off_per_week // 7:
        return None
    needed = required - off
    return Outlook(
        block.resident,
        "one-day-in-seven",
        block.start,
        block.end,
        f"Behind on days off: {needed} more needed in this {block.weeks}-week period, "
        f"to {block.last_day.isoformat()}",
        f"{off} day(s) off in {block.phrase}; {needed} more needed in the "
        f"{block.days_left} day(s) left ({required} in {limits.block_days} days)",
        days_off_needed=needed,
    )


def _call_frequency(block: Block, nights: int, limits: Limits) -> Violation | Outlook | None:
    nth = limits.call_every_nth_night
    every = f"every {_ordinal(nth)} night on average"
    if block.complete:
        if nights * nth <= block.days:
            return None
        return _violation(
            block,
            "call-frequency",
            f"in-house call on {nights} nights in {block.phrase}; at most {every} "
            f"({block.days // nth} nights)",
        )
    allowed = limits.block_days // nth
    if nights > allowed:
        return _violation(
            block,
            "call-frequency",
            f"in-house call on {nights} nights in {block.phrase}: more than the {allowed} "
            f"a {block.weeks}-week period allows ({every})",
        )
    if block.days < limits.min_block_days or nights * nth <= block.days:
        return None
    left = allowed - nights
    return Outlook(
        block.resident,
        "call-frequency",
        block.start,
        block.end,
        f"On track to exceed: {left} more in-house call night(s) allowed in this "
        f"{block.weeks}-week period, to {block.last_day.isoformat()}",
        f"in-house call on {nights} nights in {block.phrase}, more often than {every}; "
        f"at most {left} more ({allowed} in {limits.block_days} days)",
        call_nights_left=left,
    )


def _violation(block: Block, rule: str, detail: str) -> Violation:
    return Violation(block.resident, rule, block.start, block.span_end, detail)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
