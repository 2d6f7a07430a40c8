"""Leave and extensions of training under the ABR residency leave policy. Pure.

Time off beyond an average of ``abr/leave-of-absence`` workdays per residency
year extends training by at least the excess; a program director may extend it
further. The planner adds the extension, in weekdays, after the planned end.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from seldinger.pathways.dates import workdays
from seldinger.rules.engine import ParameterSet


@dataclass(frozen=True)
class TimeOff:
    """Leave from training (vacation, parental, caregiver, medical), first to last day."""

    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class Interruptions:
    """A trainee's time off and any extension of training their program director set."""

    time_off: tuple[TimeOff, ...] = ()
    extension_workdays: int = 0


@dataclass(frozen=True)
class LeaveBalance:
    """Time off taken against the ABR allowance, and the extension that follows (workdays)."""

    taken: int
    allowance: int | None
    """None when the policy is not in force for this training."""
    extension: int


def leave_balance(
    interruptions: Interruptions,
    *,
    training_start: dt.date,
    training_end: dt.date,
    residency_years: int,
    rules: ParameterSet,
) -> LeaveBalance:
    """The time off beyond the ABR's average allowance per residency year
    (``abr/leave-of-absence``, from the 2021-2022 academic year) extends training; so does
    the program director's extension if longer (the ABR sets only the minimum)."""
    taken = sum(
        workdays(max(leave.start, training_start), min(leave.end, training_end))
        for leave in interruptions.time_off
    )
    policy = rules["abr/leave-of-absence"]
    allowance = None
    if policy.in_force(training_end):
        allowance = policy.value_at(training_end)["workdays_per_year"] * residency_years
    required = max(0, taken - allowance) if allowance is not None else 0
    return LeaveBalance(taken, allowance, max(required, interruptions.extension_workdays))


NO_INTERRUPTIONS = Interruptions()
