"""Reads for work hours, and the one place that decides who sees whose hours.

- a resident sees and changes their own shifts and sees their own violations;
- a program's director and coordinator see the violations of that program's
  current trainees (the hours report, by ``seldinger.accounts.selectors``); faculty do not;
- nobody else sees anyone's hours.

Violations are never stored: they are recomputed from the shifts by the pure
checker in ``seldinger.workhours.rules``, as of today (a 4-week period not yet
over gives warnings, "on track to exceed", until its limit can no longer be
met); justifications are matched to them by (resident, rule, period start,
period end).
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from seldinger.accounts import selectors as access
from seldinger.accounts.models import User
from seldinger.pathways import training
from seldinger.rules import default_parameters
from seldinger.rules.engine import RuleNotInForce
from seldinger.workhours.models import ShiftEntry, ShiftKind, ViolationJustification
from seldinger.workhours.rules import Assessment, Limits, Shift, assess, limits_as_of, work_periods


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
        "ACGME CPR VI.F.2.c (2023 numbering; 6.21.b from 2025)",
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
    "pgy1-moonlighting": RuleInfo(
        "No moonlighting in PGY-1",
        "PGY-1 residents are not permitted to moonlight.",
        "ACGME CPR VI.F.5.c",
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


@dataclass(frozen=True)
class WarningView:
    """A 4-week period under way on track to exceed a limit (not a violation yet)."""

    resident: User
    rule: str
    start: dt.datetime
    end: dt.datetime
    headline: str
    detail: str
    hours_left: float | None
    days_off_needed: int | None
    call_nights_left: int | None

    @property
    def info(self) -> RuleInfo:
        return rule_info(self.rule)

    @property
    def last_day(self) -> dt.date:
        """The period's last day (``end`` is the midnight after it)."""
        return (self.end - dt.timedelta(seconds=1)).date()


@dataclass(frozen=True)
class Findings:
    """What the checker found for some residents: violations, and warnings."""

    violations: list[ViolationView]
    warnings: list[WarningView]


# Who may do what ------------------------------------------------------------------------


def may_log_hours(user: User) -> bool:
    """Residents and fellows (by role or by a trainee membership) log work hours."""
    return access.is_trainee(user)


def may_see_hours_report(user: User) -> bool:
    """Directors and coordinators of a program (not faculty) see its residents' violations."""
    return access.programs_led_by(user).exists()


def report_residents(viewer: User) -> QuerySet[User]:
    """The residents whose violations ``viewer`` sees on the hours report."""
    if not access.is_active_user(viewer):
        return User.objects.none()
    return access.trainees_led_by(viewer).order_by("last_name", "first_name", "username")


# Shifts -----------------------------------------------------------------------------------


def shifts_of(resident: User) -> QuerySet[ShiftEntry]:
    return ShiftEntry.objects.filter(resident=resident)


def shifts_between(resident: User, start: dt.datetime, end: dt.datetime) -> QuerySet[ShiftEntry]:
    """The resident's shifts that overlap [start, end)."""
    return shifts_of(resident).filter(start__lt=end, end__gt=start)


def get_own_shift(viewer: User, shift_id: int) -> ShiftEntry:
    """One of the viewer's own shifts; 404 for anyone else's."""
    shift = None
    if access.is_active_user(viewer):
        shift = ShiftEntry.objects.filter(pk=shift_id, resident=viewer).first()
    if shift is None:
        raise Http404("No such shift among your hours.")
    return shift


def hours_worked(entries: Iterable[ShiftEntry]) -> float:
    """Hours worked: at-home call while not called in is shown but not counted."""
    return round(sum(entry.hours for entry in entries if entry.kind != ShiftKind.HOME_CALL), 2)


def week_hours(resident: User, monday: dt.date) -> float:
    """The resident's hours worked in shifts starting in the week from ``monday``, as the
    week page counts them."""
    start = local_midnight(monday)
    return hours_worked(
        shifts_of(resident).filter(start__gte=start, start__lt=start + dt.timedelta(days=7))
    )


def week_start(day: dt.date) -> dt.date:
    """The Monday of ``day``'s week."""
    return day - dt.timedelta(days=day.weekday())


def local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def as_rule_shift(entry: ShiftEntry, resident_key: str) -> Shift:
    """A stored shift as the checker's ``Shift``: naive wall-clock time in the site's zone."""
    return Shift(resident_key, _wall_clock(entry.start), _wall_clock(entry.end), entry.kind)


def _wall_clock(moment: dt.datetime) -> dt.datetime:
    return timezone.localtime(moment).replace(tzinfo=None)


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


def pgy1_years(residents: Iterable[User]) -> dict[str, tuple[dt.date, dt.date]]:
    """Username -> first and last day of the resident's PGY-1 year, for the moonlighting rule,
    from each resident's training record (residents without one are not checked)."""
    return training.pgy1_years(list(residents))


def _shifts(usernames: dict[int, str], since: dt.datetime | None = None) -> list[Shift]:
    """The residents' shifts (``usernames``: id -> username) starting at ``since`` or later,
    as plain values (a resident's whole record is a thousand shifts a year)."""
    entries = ShiftEntry.objects.filter(resident__in=list(usernames))
    if since is not None:
        entries = entries.filter(start__gte=since)
    return [
        Shift(usernames[resident_id], _wall_clock(start), _wall_clock(end), kind)
        for resident_id, start, end, kind in entries.values_list(
            "resident_id", "start", "end", "kind"
        )
    ]


def _findings(residents: Iterable[User], rule: str | None = None) -> Findings:
    by_key = {resident.username: resident for resident in residents}
    if not by_key:
        return Findings([], [])
    shifts = _shifts({resident.pk: username for username, resident in by_key.items()})
    if not shifts:
        return Findings([], [])
    found = assess(
        shifts,
        limits(min(shift.start for shift in shifts).date()),
        as_of=timezone.localdate(),
        pgy1=pgy1_years(by_key.values()),
    )
    return _views(by_key, found, rule)


def _views(by_key: dict[str, User], found: Assessment, rule: str | None) -> Findings:
    """The checker's findings as views, with each violation's justification."""
    violations, outlook = found.violations, found.warnings
    if rule:
        violations = [violation for violation in violations if violation.rule == rule]
        outlook = [warning for warning in outlook if warning.rule == rule]
    justifications = {
        (item.resident_id, item.rule, item.period_start, item.period_end): item
        for item in ViolationJustification.objects.filter(resident__in=by_key.values())
    }
    views = []
    for violation in violations:
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
    warnings = [
        WarningView(
            resident=by_key[item.resident],
            rule=item.rule,
            start=_aware(item.start),
            end=_aware(item.end),
            headline=item.headline,
            detail=item.detail,
            hours_left=item.hours_left,
            days_off_needed=item.days_off_needed,
            call_nights_left=item.call_nights_left,
        )
        for item in outlook
    ]
    warnings.sort(key=lambda view: (view.start, view.resident.username, view.rule))
    return Findings(views, warnings)


def findings_of(resident: User, *, rule: str | None = None) -> Findings:
    """The resident's own violations and warnings, recomputed from all their shifts."""
    if not access.is_active_user(resident):
        return Findings([], [])
    return _findings([resident], rule)


def violations_of(resident: User, *, rule: str | None = None) -> list[ViolationView]:
    """The resident's own violations, recomputed from all their shifts."""
    return findings_of(resident, rule=rule).violations


def findings_in(resident: User, start: dt.datetime, end: dt.datetime) -> Findings:
    """The resident's violations and warnings whose period overlaps [start, end).

    The same as ``findings_of`` narrowed to the span, checked on the shifts that can change
    them rather than the whole record: every shift from the last one starting a week before
    the four-week block holding ``start`` on (the blocks keep their anchor, the first shift's
    midnight, and the limits in force then). The shifts left out all end before that one
    starts, so the days off, hours and call nights of the blocks from ``start`` on are those of
    the whole record; so are the work periods, except the first one, which may continue
    earlier shifts: when it ends less than the longest required rest before ``start`` (a
    month-long chain of shifts), the whole record is checked instead.
    """
    if not access.is_active_user(resident):
        return Findings([], [])
    found = _findings_from(resident, start)
    if found is None:
        found = findings_of(resident)
    return Findings(
        [view for view in found.violations if view.start < end and view.end > start],
        [view for view in found.warnings if view.start < end and view.end > start],
    )


def _findings_from(resident: User, start: dt.datetime) -> Findings | None:
    """``findings_in``'s check from the block holding ``start`` (None: check the whole)."""
    shifts = shifts_of(resident).order_by("start")
    first = shifts.values_list("start", flat=True).first()
    if first is None:
        return Findings([], [])
    anchor_day = _wall_clock(first).date()
    in_force = limits(anchor_day)
    anchor = dt.datetime.combine(anchor_day, dt.time())
    span = dt.timedelta(days=in_force.block_days)
    week = _wall_clock(start)
    window = anchor + (week - anchor) // span * span - dt.timedelta(days=7)
    since = (
        shifts.filter(start__lt=timezone.make_aware(window))
        .order_by("-start")
        .values_list("start", flat=True)
        .first()
    )
    own = _shifts({resident.pk: resident.username}, since)
    if not own:
        return Findings([], [])
    periods = work_periods(own, in_force)
    rest = dt.timedelta(
        hours=max(in_force.rest_after_call_hours, in_force.rest_between_periods_hours)
    )
    if since is not None and periods and periods[0].end + rest > week:
        return None
    found = assess(
        own,
        in_force,
        block_start=anchor_day,
        as_of=timezone.localdate(),
        pgy1=pgy1_years([resident]),
    )
    return _views({resident.username: resident}, found, None)


def violations_in(resident: User, start: dt.datetime, end: dt.datetime) -> list[ViolationView]:
    """The resident's violations whose period overlaps [start, end)."""
    return findings_in(resident, start, end).violations


def report_findings(
    viewer: User, *, resident: str | None = None, rule: str | None = None
) -> Findings:
    """Violations and warnings of the residents the viewer leads, optionally of one or a rule."""
    residents = report_residents(viewer)
    if resident:
        residents = residents.filter(username=resident)
    return _findings(list(residents), rule or None)


def report_violations(
    viewer: User, *, resident: str | None = None, rule: str | None = None
) -> list[ViolationView]:
    """Violations of the residents the viewer leads, optionally of one resident or rule."""
    return report_findings(viewer, resident=resident, rule=rule).violations


def visible_findings(
    viewer: User, *, resident: str | None = None, rule: str | None = None
) -> Findings:
    """The API's lists: one's own findings plus those of the residents one leads.

    Naming a resident one may not see raises 404.
    """
    if not access.is_active_user(viewer):
        return Findings([], [])
    if resident and resident != viewer.username:
        if not report_residents(viewer).filter(username=resident).exists():
            raise Http404("No such resident among those whose hours you can see.")
        return report_findings(viewer, resident=resident, rule=rule)
    if resident:
        return findings_of(viewer, rule=rule)
    residents = {user.pk: user for user in report_residents(viewer)}
    if may_log_hours(viewer):
        residents[viewer.pk] = viewer
    return _findings(list(residents.values()), rule or None)


def visible_violations(
    viewer: User, *, resident: str | None = None, rule: str | None = None
) -> list[ViolationView]:
    """The API's violations list (see :func:`visible_findings`)."""
    return visible_findings(viewer, resident=resident, rule=rule).violations


def get_own_violation(
    viewer: User, rule: str, start: dt.datetime, end: dt.datetime
) -> ViolationView:
    """One of the viewer's own current violations; 404 when there is no such violation."""
    for view in violations_of(viewer, rule=rule):
        if view.start == start and view.end == end:
            return view
    raise Http404("No such violation among your hours.")
