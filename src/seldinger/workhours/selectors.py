"""Reads for work hours, and the one place that decides who sees whose hours.

- a resident sees and changes their own shifts and sees their own violations;
- a program's director and coordinator see the violations of that program's
  trainees (the hours report); faculty do not;
- nobody else sees anyone's hours.

Violations are never stored: they are recomputed from the shifts by the pure
checker in ``seldinger.workhours.rules``; justifications are matched to them by
(resident, rule, period start, period end).
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from seldinger.accounts.models import ProgramMembership, Role, User
from seldinger.accounts.selectors import programs_led_by
from seldinger.caselog.selectors import trainees_led_by
from seldinger.rules import default_parameters
from seldinger.rules.engine import RuleNotInForce
from seldinger.workhours.models import ShiftEntry, ViolationJustification
from seldinger.workhours.rules import Limits, Shift, Violation, check, limits_as_of


@dataclass(frozen=True)
class RuleInfo:
    title: str
    text: str
    source: str


#: What each rule says, for explaining a violation (ACGME Common Program Requirements, 2017 on).
RULES: dict[str, RuleInfo] = {
    "80-hour": RuleInfo(
        "80 hours per week",
        "Clinical and educational work must be limited to no more than 80 hours per week, "
        "averaged over a four-week period, including all in-house clinical and educational "
        "activities, clinical work done from home, and all moonlighting.",
        "ACGME CPR VI.F.1",
    ),
    "one-day-in-seven": RuleInfo(
        "One day in seven free",
        "Residents must be scheduled for at least one day in seven free of clinical work and "
        "required education, averaged over four weeks. A day off is one continuous 24-hour "
        "period free of all clinical, educational and administrative activity; at-home call "
        "cannot be assigned on these free days.",
        "ACGME CPR VI.F.2.d",
    ),
    "24+4": RuleInfo(
        "24 hours plus 4",
        "Continuous scheduled clinical work must not exceed 24 hours. Up to 4 additional hours "
        "may be used for activities related to patient safety, such as transitions of care, "
        "and for education; no new patients may be taken in those hours.",
        "ACGME CPR VI.F.3",
    ),
    "rest-between-periods": RuleInfo(
        "8 hours off between work periods",
        "Residents should have eight hours off between scheduled clinical work and education "
        "periods.",
        "ACGME CPR VI.F.2.b",
    ),
    "rest-after-24h-call": RuleInfo(
        "14 hours off after 24 hours of in-house call",
        "Residents must have at least 14 hours free of clinical work and education after 24 "
        "hours of in-house call.",
        "ACGME CPR VI.F.2.c",
    ),
    "call-frequency": RuleInfo(
        "In-house call no more often than every third night",
        "Residents must be scheduled for in-house call no more frequently than every third "
        "night, averaged over a four-week period.",
        "ACGME CPR VI.F.7",
    ),
}


def rule_info(rule: str) -> RuleInfo:
    return RULES.get(rule, RuleInfo(rule, "", ""))


@dataclass(frozen=True)
class ViolationView:
    """A recomputed violation with who it belongs to and its justification, if any."""

    resident: User
    rule: str
    start: dt.datetime
    end: dt.datetime
    detail: str
    justification: ViolationJustification | None

    @property
    def info(self) -> RuleInfo:
        return rule_info(self.rule)

    @property
    def justified(self) -> bool:
        return self.justification is not None

    @property
    def key(self) -> tuple[int, str, dt.datetime, dt.datetime]:
        return (self.resident.pk, self.rule, self.start, self.end)


# Who may do what ------------------------------------------------------------------------


def _active(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def may_log_hours(user: Any) -> bool:
    """Residents and fellows (by role or by a trainee membership) log work hours."""
    if not _active(user):
        return False
    return bool(
        user.role == Role.RESIDENT
        or ProgramMembership.objects.filter(user=user, kind=ProgramMembership.Kind.TRAINEE).exists()
    )


def may_see_hours_report(user: Any) -> bool:
    """Directors and coordinators of a program (not faculty) see its residents' violations."""
    return _active(user) and programs_led_by(user).exists()


def report_residents(viewer: Any) -> QuerySet[User]:
    """The residents whose violations ``viewer`` sees on the hours report."""
    if not _active(viewer):
        return User.objects.none()
    return trainees_led_by(viewer).order_by("last_name", "first_name", "username")


# Shifts -----------------------------------------------------------------------------------


def shifts_of(resident: Any) -> QuerySet[ShiftEntry]:
    return ShiftEntry.objects.filter(resident=resident)


def shifts_between(resident: Any, start: dt.datetime, end: dt.datetime) -> QuerySet[ShiftEntry]:
    """The resident's shifts that overlap [start, end)."""
    return shifts_of(resident).filter(start__lt=end, end__gt=start)


def get_own_shift(viewer: Any, shift_id: int) -> ShiftEntry:
    """One of the viewer's own shifts; 404 for anyone else's."""
    shift = None
    if _active(viewer):
        shift = ShiftEntry.objects.filter(pk=shift_id, resident=viewer).first()
    if shift is None:
        raise Http404("No such shift among your hours.")
    return shift


def week_start(day: dt.date) -> dt.date:
    """The Monday of ``day``'s week."""
    return day - dt.timedelta(days=day.weekday())


def local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def as_rule_shift(entry: ShiftEntry, resident_key: str) -> Shift:
    """A stored shift as the checker's ``Shift``: naive wall-clock time in the site's zone."""
    return Shift(
        resident=resident_key,
        start=timezone.localtime(entry.start).replace(tzinfo=None),
        end=timezone.localtime(entry.end).replace(tzinfo=None),
        kind=entry.kind,
    )


# Violations ------------------------------------------------------------------------------


def limits(on: dt.date | None = None) -> Limits:
    """The limits in force on ``on``: like ``seldinger hours check``, the first shift's date.

    Before the 2017 rules were in force, today's limits.
    """
    try:
        return limits_as_of(default_parameters(), on or timezone.localdate())
    except RuleNotInForce:
        return limits_as_of(default_parameters(), timezone.localdate())


def _aware(value: dt.datetime | dt.date) -> dt.datetime:
    if not isinstance(value, dt.datetime):
        return local_midnight(value)
    if timezone.is_naive(value):
        return timezone.make_aware(value)
    return timezone.localtime(value)


def _views(residents: Iterable[User], rule: str | None = None) -> list[ViolationView]:
    by_key = {resident.username: resident for resident in residents}
    if not by_key:
        return []
    entries = ShiftEntry.objects.filter(resident__in=by_key.values()).select_related("resident")
    shifts = [as_rule_shift(entry, entry.resident.username) for entry in entries]
    if not shifts:
        return []
    found: list[Violation] = check(shifts, limits(min(shift.start for shift in shifts).date()))
    if rule:
        found = [violation for violation in found if violation.rule == rule]
    justifications = {
        (item.resident_id, item.rule, item.period_start, item.period_end): item
        for item in ViolationJustification.objects.filter(resident__in=by_key.values())
    }
    views = []
    for violation in found:
        resident = by_key[violation.resident]
        start, end = _aware(violation.start), _aware(violation.end)
        views.append(
            ViolationView(
                resident=resident,
                rule=violation.rule,
                start=start,
                end=end,
                detail=violation.detail,
                justification=justifications.get((resident.pk, violation.rule, start, end)),
            )
        )
    views.sort(key=lambda view: (view.start, view.resident.username, view.rule, view.end))
    return views


def violations_of(resident: Any, *, rule: str | None = None) -> list[ViolationView]:
    """The resident's own violations, recomputed from all their shifts."""
    if not _active(resident):
        return []
    return _views([resident], rule)


def violations_in(resident: Any, start: dt.datetime, end: dt.datetime) -> list[ViolationView]:
    """The resident's violations whose period overlaps [start, end)."""
    return [view for view in violations_of(resident) if view.start < end and view.end > start]


def report_violations(
    viewer: Any, *, resident: str | None = None, rule: str | None = None
) -> list[ViolationView]:
    """Violations of the residents the viewer leads, optionally of one resident or rule."""
    residents = report_residents(viewer)
    if resident:
        residents = residents.filter(username=resident)
    return _views(list(residents), rule or None)


def visible_violations(
    viewer: Any, *, resident: str | None = None, rule: str | None = None
) -> list[ViolationView]:
    """The API's list: one's own violations plus those of the residents one leads.

    Naming a resident one may not see raises 404.
    """
    if not _active(viewer):
        return []
    if resident and resident != viewer.username:
        if not report_residents(viewer).filter(username=resident).exists():
            raise Http404("No such resident among those whose hours you can see.")
        return report_violations(viewer, resident=resident, rule=rule)
    if resident:
        return violations_of(viewer, rule=rule)
    residents = {user.pk: user for user in report_residents(viewer)}
    if may_log_hours(viewer):
        residents[viewer.pk] = viewer
    return _views(list(residents.values()), rule or None)


def get_own_violation(
    viewer: Any, rule: str, start: dt.datetime, end: dt.datetime
) -> ViolationView:
    """One of the viewer's own current violations; 404 when there is no such violation."""
    for view in violations_of(viewer, rule=rule):
        if view.start == start and view.end == end:
            return view
    raise Http404("No such violation among your hours.")
