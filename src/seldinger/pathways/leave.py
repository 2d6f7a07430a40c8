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


def extension_workdays(
    interruptions: Interruptions,
    *,
    training_start: dt.date,
    training_end: dt.date,
    residency_years: int,
    rules: ParameterSet,
) -> int:
    """Workdays training is extended by: the time off beyond the ABR's average allowance per
    residency year (``abr/leave-of-absence``, from the 2021-2022 academic year), or the
    program director's extension if longer (the ABR sets only the minimum)."""
    required = 0
    policy = rules["abr/leave-of-absence"]
    if interruptions.time_off and policy.in_force(training_end):
        allowance = policy.value_at(training_end)["workdays_per_year"] * residency_years
        taken = sum(
            workdays(max(leave.start, training_start), min(leave.end, training_end))
            for leave in interruptions.time_off
        )
        required = max(0, taken - allowance)
    return max(required, interruptions.extension_workdays)


NO_INTERRUPTIONS = Interruptions()
