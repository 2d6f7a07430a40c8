"""What the work-hour checker works on and reports: shift kinds, shifts, limits,
work periods, violations and outlooks. Pure: no Django.

:mod:`.rules` (validation, work periods, the per-period rules) and :mod:`.blocks`
(the rules averaged over four weeks) both build on these.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover - only the type is needed
    from seldinger.rules.engine import ParameterSet

DAY = timedelta(days=1)
HOUR = timedelta(hours=1)

KINDS = ("clinical", "call", "home-call", "home-call-work", "moonlighting", "education")
"""Shift kinds. All but ``home-call`` count toward the 80 hours and form work periods;
all of them break a day off. ``call`` is in-house call."""

IN_HOUSE_CALL = "call"
HOME_CALL = "home-call"
"""At-home call while not called in: breaks a day off (CPR VI.F.2.c), nothing else."""
HOME_CALL_WORK = "home-call-work"
"""Time actually worked from home while on call: counts like any work."""
MOONLIGHTING = "moonlighting"

RULES = (
    "80-hour",
    "one-day-in-seven",
    "24+4",
    "rest-between-periods",
    "rest-after-24h-call",
    "call-frequency",
    "pgy1-moonlighting",
)
"""The rule keys a :class:`Violation` carries (an :class:`Outlook` only the averaged three)."""

PARAMETER_PREFIX = "workhours"


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
    pgy1_may_moonlight: bool = False
    """VI.F.5.c: PGY-1 residents may not moonlight (rule data ``pgy1-moonlighting``)."""
    min_block_days: int = 7
    """Seldinger setting: a planned schedule's last block shorter than this is not checked,
    and a 4-week period under way gives no outlook before this many days."""

    @property
    def block_days(self) -> int:
        return 7 * self.averaging_weeks

    @property
    def merge_gap(self) -> timedelta:
        return timedelta(minutes=self.merge_gap_minutes)

    @property
    def max_period(self) -> timedelta:
        return timedelta(hours=self.continuous_hours + self.transition_hours)

    @property
    def block_hours(self) -> float:
        """Hours allowed in one whole averaging period (80 x 4 = 320)."""
        return self.weekly_hours * self.averaging_weeks


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
"""Parameter file (``workhours/<name>.yaml``) -> :class:`Limits` field (numbers)."""

PGY1_MOONLIGHTING = "pgy1-moonlighting"
"""Parameter file whose value says whether PGY-1 residents may moonlight (a boolean)."""


def limits_as_of(rules: ParameterSet, on: date) -> Limits:
    """The limits in force on ``on``; raises ``RuleNotInForce`` before the 2017 rules."""
    values: dict[str, float] = {}
    for name, field in _PARAMETER_FIELDS.items():
        value = rules.value(f"{PARAMETER_PREFIX}/{name}", on)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"{PARAMETER_PREFIX}/{name}: value must be a number, got {value!r}")
        values[field] = value
    permitted = rules.value(f"{PARAMETER_PREFIX}/{PGY1_MOONLIGHTING}", on)
    if not isinstance(permitted, bool):
        raise ValueError(
            f"{PARAMETER_PREFIX}/{PGY1_MOONLIGHTING}: value must be true or false, "
            f"got {permitted!r}"
        )
    return Limits(
        pgy1_may_moonlight=permitted,
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
class Outlook:
    """A 4-week period under way that is on track to exceed a limit it can still meet.

    ``start``/``end`` span the whole period (as its violation would); ``headline``
    is the short sentence for a page, ``detail`` the figures. Exactly one of
    ``hours_left`` (80-hour), ``days_off_needed`` (one-day-in-seven) and
    ``call_nights_left`` (call-frequency) is set.
    """

    resident: str
    rule: str
    start: datetime
    end: datetime
    headline: str
    detail: str
    hours_left: float | None = None
    days_off_needed: int | None = None
    call_nights_left: int | None = None

    def as_dict(self) -> dict[str, str | float | int | None]:
        return {
            "resident": self.resident,
            "rule": self.rule,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "headline": self.headline,
            "detail": self.detail,
            "hours_left": self.hours_left,
            "days_off_needed": self.days_off_needed,
            "call_nights_left": self.call_nights_left,
        }


@dataclass(frozen=True)
class Assessment:
    """What :func:`assess` found: violations, and outlooks for periods under way."""

    violations: list[Violation]
    warnings: list[Outlook]


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


def number_text(value: float) -> str:
    return f"{value:g}"
