"""The director's reports on a cohort: which a viewer may have, and their figures.

Each report reads one app's records and asks that app's selectors who may see them, so a
report never shows more than the app's own pages do:

- **case totals**: the cohort's residents (``caselog``: a program's director and
  coordinator, and administrators), each requirement's minimum, the cases of the period
  that count toward it and those done by its end;
- **work-hour compliance**: the hours report's residents (``workhours``: directors and
  coordinators only), weeks logged, hours, violations by rule, justified or not;
- **milestone summaries**: the residents the viewer rates as the competency committee
  (``milestones``: directors and coordinators), each subcompetency's latest level from
  the submitted evaluations of the evaluation periods overlapping the period;
- **scholarly activity**: the annual update's residents (``scholarship``: directors and
  coordinators; graduates appointed during the period included), counted by type and listed.

Administrators see case totals (and each resident's procedure log): milestones and work
hours they see only in the Django admin, as everywhere else.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from seldinger.accounts import selectors as access
from seldinger.accounts.models import User
from seldinger.caselog import selectors_progress as progress
from seldinger.caselog.models import CaseRole
from seldinger.caselog.selectors import catalogue
from seldinger.milestones import milestones as levels
from seldinger.milestones import selectors as milestones
from seldinger.programs.models import Program
from seldinger.reporting import Period, Report, Table
from seldinger.scholarship import export as scholarly
from seldinger.scholarship import selectors as scholarship
from seldinger.tabular import Cell
from seldinger.workhours import selectors as hours

CASE_TOTALS = "case-totals"
WORK_HOURS = "work-hours"
MILESTONES = "milestones"
SCHOLARLY = "scholarly-activity"


@dataclass(frozen=True)
class Kind:
    slug: str
    title: str
    what: str


KINDS: dict[str, Kind] = {
    kind.slug: kind
    for kind in (
        Kind(
            CASE_TOTALS,
            "Cohort case totals",
            "Per resident and requirement: the minimum, the cases of the period, "
            "the total by its end; and the period's cases by category and role.",
        ),
        Kind(
            WORK_HOURS,
            "Work-hour compliance",
            "Per resident: weeks logged, hours, violations by rule, justified and not; "
            "and each violation.",
        ),
        Kind(
            MILESTONES,
            "Milestone summaries",
            "Per resident and subcompetency: the latest level evaluated in the period, "
            "its evaluation period and the date it was submitted.",
        ),
        Kind(
            SCHOLARLY,
            "Scholarly activity",
            "Per resident: publications, presentations, research and QI projects and "
            "conferences of the period; and each activity.",
        ),
    )
}


def _name(user: User) -> str:
    return str(user.get_full_name() or user.get_username())


# -- who may have which report --------------------------------------------------------------


def may_have(viewer: User, kind: str) -> bool:
    """Whether ``viewer`` may have the report ``kind`` (on any period)."""
    if not access.is_active_user(viewer):
        return False
    if kind == CASE_TOTALS:
        return progress.may_see_cohort(viewer)
    if kind == WORK_HOURS:
        return hours.may_see_hours_report(viewer)
    if kind == MILESTONES:
        return milestones.programs_led(viewer).exists()
    if kind == SCHOLARLY:
        return scholarship.programs_for_export(viewer).exists()
    return False


def available(viewer: User) -> list[Kind]:
    """The reports ``viewer`` may have, in the order the cohort page lists them."""
    return [kind for slug, kind in KINDS.items() if may_have(viewer, slug)]


def _as_of(period: Period) -> dt.date:
    """The day whose cohort a report names: the period's end, or today for one not over."""
    return min(period.end, timezone.localdate())


def _cohort_programs(viewer: User) -> list[Program]:
    return list(progress.cohort_programs(viewer))


def _scholarly_residents(viewer: User, period: Period) -> list[User]:
    found: dict[int, User] = {}
    for program in scholarship.programs_for_export(viewer):
        for resident in scholarship.residents_for_export(program, period.start, period.end):
            found.setdefault(resident.pk, resident)
    return sorted(found.values(), key=lambda user: (user.last_name, user.first_name, user.username))


def resident_count(viewer: User, kind: str, period: Period) -> int:
    """How many residents the report covers (what decides whether a job writes it)."""
    if kind == CASE_TOTALS:
        programs = Program.objects.filter(pk__in=[p.pk for p in _cohort_programs(viewer)])
        return access.trainees_of(programs, on=_as_of(period)).count()
    if kind == WORK_HOURS:
        return hours.report_residents(viewer).count()
    if kind == MILESTONES:
        return milestones.residents_led(viewer).count()
    return len(_scholarly_residents(viewer, period))


# -- the reports ----------------------------------------------------------------------------

Progress = Callable[[str, int, int | None], None]


def _quiet(label: str, done: int, total: int | None) -> None:
    """No one to tell (a report written in the request)."""


def build(viewer: User, kind: str, period: Period, *, progress: Progress = _quiet) -> Report:
    """The report ``kind`` on ``period`` of the residents ``viewer`` may see (the caller has
    asked ``may_have``)."""
    builders = {
        CASE_TOTALS: _case_totals,
        WORK_HOURS: _work_hours,
        MILESTONES: _milestones,
        SCHOLARLY: _scholarly,
    }
    return builders[kind](viewer, period, progress)


def _case_totals(viewer: User, period: Period, report: Progress) -> Report:
    as_of = _as_of(period)
    rows = progress.cohort(viewer, as_of=as_of, programs=_cohort_programs(viewer))
    rows.sort(key=lambda row: (row.trainee.last_name, row.trainee.first_name, row.trainee.username))
    report(f"Counting the cases of {len(rows)} residents", 0, len(rows))
    tallies = progress.period_tallies(
        [row.trainee.pk for row in rows], start=period.start, end=period.end
    )
    categories = catalogue().categories
    requirements: list[list[Cell]] = []
    by_category: list[list[Cell]] = []
    for done, row in enumerate(rows, start=1):
        name, username = _name(row.trainee), row.trainee.get_username()
        program = row.record.program.name if row.record.program else ""
        found = tallies.get(row.trainee.pk, [])
        reached = {item.key: item for item in row.progress.requirements}
        for definition in row.record.requirements:
            in_period = sum(
                tally.count for tally in found if definition.counts(tally.category, tally.role)
            )
            item = reached.get(definition.key)
            requirements.append(
                [
                    name,
                    username,
                    program,
                    definition.name,
                    definition.minimum,
                    in_period,
                    item.done if item else 0,
                    item.status if item else "",
                ]
            )
        if not row.record.requirements:
            requirements.append(
                [name, username, program, "(no requirement on record)", None, None, None, ""]
            )
        roles: dict[str, Counter[str]] = defaultdict(Counter)
        for tally in found:
            category = categories.get(tally.category)
            roles[category.name if category else tally.category][tally.role] += tally.count
        for category_name, counted in sorted(roles.items()):
            by_category.append(
                [
                    name,
                    username,
                    category_name,
                    *(counted.get(role, 0) for role in CaseRole.values),
                    sum(counted.values()),
                ]
            )
        report("Counting cases", done, len(rows))
    return Report(
        title=KINDS[CASE_TOTALS].title,
        period=period,
        lines=[
            f"{len(rows)} residents in training on {as_of.isoformat()} in the programs you lead.",
            "Minimums are the requirements your program entered (the ACGME IR case-log "
            "minimums are not public).",
        ],
        tables=[
            Table(
                "Requirements",
                (
                    "Resident",
                    "Username",
                    "Program",
                    "Requirement",
                    "Minimum",
                    "Cases in period",
                    f"Done by {as_of.isoformat()}",
                    "Status",
                ),
                requirements,
                widths=(3, 2, 3, 4, 1.4, 1.6, 1.8, 2),
            ),
            Table(
                "Cases by category and role",
                ("Resident", "Username", "Category", *CaseRole.labels, "Total"),
                by_category,
                widths=(3, 2, 4, *(1.6 for _ in CaseRole.values), 1.4),
            ),
        ],
    )


def _work_hours(viewer: User, period: Period, report: Progress) -> Report:
    residents = list(hours.report_residents(viewer))
    start = hours.local_midnight(period.start)
    end = hours.local_midnight(period.end + dt.timedelta(days=1))
    rules = list(hours.RULES)
    summary: list[list[Cell]] = []
    listed: list[list[Cell]] = []
    report(f"Checking the hours of {len(residents)} residents", 0, len(residents))
    for done, resident in enumerate(residents, start=1):
        shifts = list(hours.shifts_between(resident, start, end))
        weeks = {hours.week_start(timezone.localtime(shift.start).date()) for shift in shifts}
        found = hours.findings_in(resident, start, end).violations
        by_rule = Counter(view.rule for view in found)
        justified = sum(1 for view in found if view.justified)
        summary.append(
            [
                _name(resident),
                resident.get_username(),
                len(weeks),
                _number(hours.hours_worked(shifts)),
                len(found),
                justified,
                len(found) - justified,
                *(by_rule.get(rule, 0) for rule in rules),
            ]
        )
        listed.extend(
            [
                _name(resident),
                resident.get_username(),
                view.info.title,
                timezone.localtime(view.start).date().isoformat(),
                (timezone.localtime(view.end) - dt.timedelta(seconds=1)).date().isoformat(),
                view.detail,
                "yes" if view.justified else "no",
            ]
            for view in found
        )
        report("Checking hours", done, len(residents))
    return Report(
        title=KINDS[WORK_HOURS].title,
        period=period,
        lines=[
            f"{len(residents)} residents of the programs you lead; violations whose period "
            "overlaps this one, recomputed from the logged shifts.",
        ],
        tables=[
            Table(
                "Compliance by resident",
                (
                    "Resident",
                    "Username",
                    "Weeks logged",
                    "Hours",
                    "Violations",
                    "Justified",
                    "Unjustified",
                    *(hours.rule_info(rule).title for rule in rules),
                ),
                summary,
                widths=(3, 2, 1.3, 1.3, 1.3, 1.3, 1.3, *(1.6 for _ in rules)),
            ),
            Table(
                "Violations",
                ("Resident", "Username", "Rule", "From", "To", "Detail", "Justified"),
                listed,
                widths=(3, 2, 3, 1.7, 1.7, 6, 1.3),
            ),
        ],
        notes=[f"{hours.rule_info(rule).title}: {hours.rule_info(rule).source}" for rule in rules],
    )


def _number(value: float) -> int | float:
    """60.0 hours as 60, as a person writes it."""
    return int(value) if value.is_integer() else value


def _overlaps(sheet: levels.Period, period: Period) -> bool:
    return sheet.start <= period.end and sheet.end >= period.start


def _milestones(viewer: User, period: Period, report: Progress) -> Report:
    residents = list(milestones.residents_led(viewer))
    milestone_set = milestones.milestone_set(period.end)
    evaluations = milestones.evaluations_visible_to(viewer).filter(
        Q(resident__in=[resident.pk for resident in residents]),
        status="submitted",
        period__academic_year__gte=period.start.year - 1,
        period__academic_year__lte=period.end.year,
    )
    by_resident: dict[int, list[levels.RatingSheet]] = defaultdict(list)
    submitted: dict[tuple[int, levels.Period], dt.date] = {}
    for evaluation in evaluations:
        sheet_period = evaluation.period.period
        if not _overlaps(sheet_period, period):
            continue
        by_resident[evaluation.resident_id].append(
            levels.RatingSheet(
                sheet_period, evaluation.kind, levels.load_stored(evaluation.ratings)
            )
        )
        if evaluation.submitted_at is not None:
            day = timezone.localtime(evaluation.submitted_at).date()
            key = (evaluation.resident_id, sheet_period)
            submitted[key] = max(day, submitted.get(key, day))
    rows: list[list[Cell]] = []
    for done, resident in enumerate(residents, start=1):
        summary = levels.summarise(milestone_set, by_resident.get(resident.pk, []))
        for item in summary.rows:
            rated = [point for point in item.points if point.evaluation is not None]
            last = rated[-1] if rated else None
            rows.append(
                [
                    _name(resident),
                    resident.get_username(),
                    item.subcompetency.competency.name,
                    item.subcompetency.label,
                    levels.format_level(last.evaluation) if last else "not evaluated",
                    last.period.label if last else "",
                    submitted[(resident.pk, last.period)].isoformat()
                    if last and (resident.pk, last.period) in submitted
                    else "",
                    "yes" if item.reached_target else "no",
                ]
            )
        report("Summarising evaluations", done, len(residents))
    return Report(
        title=KINDS[MILESTONES].title,
        period=period,
        lines=[
            f"{len(residents)} residents of the programs you lead; the level is the "
            "clinical competency committee's, else the mean of the faculty evaluations, "
            "from the submitted evaluations of the evaluation periods overlapping this one.",
            f"{milestone_set.name}; graduation target level {milestone_set.graduation_target:g}.",
        ],
        tables=[
            Table(
                "Latest level by subcompetency",
                (
                    "Resident",
                    "Username",
                    "Competency",
                    "Subcompetency",
                    "Latest level",
                    "Evaluation period",
                    "Submitted",
                    "Target reached",
                ),
                rows,
                widths=(3, 2, 3, 5, 1.6, 2.6, 1.8, 1.4),
            )
        ],
    )


def _scholarly(viewer: User, period: Period, report: Progress) -> Report:
    residents = _scholarly_residents(viewer, period)
    report(f"Listing the scholarly activity of {len(residents)} residents", 0, None)
    found = scholarly.build_report(residents, period)
    return Report(
        title=KINDS[SCHOLARLY].title,
        period=period,
        lines=[
            f"{len(residents)} residents appointed during the period in the programs you "
            "lead, graduates included. A publication counts by its date (an undated one in "
            "the period ending in its year), a project while it ran, a conference by its "
            "first day."
        ],
        tables=[
            Table("Activities by resident", scholarly.SUMMARY_COLUMNS, found.summary),
            Table(
                "Activities",
                scholarly.COLUMNS,
                found.rows,
                widths=(3, 2, 5, 3, 2, 1.6, 4),
            ),
        ],
    )
