"""Progress reads: from the database to the pure core (``seldinger.caselog.progress``).

The web pages, the API and ``seldinger progress`` all call these functions,
so the three give the same numbers. Queries aggregate in the database
(``values()`` + ``annotate(Count)``): per category and role for the figures
(with the cases in the pace window counted by the database), per month for the
dashboard's series; Python sees a few dozen rows, not one per case. Today's
counts are kept from one request to the next (``seldinger.caselog.counts``). The
pure core's ``tally_facts`` builds the same tallies from single cases and the
tests check that both agree.

Which training record applies to a trainee (dates, ESIR track, program
requirements): the trainee membership ``accounts.selectors.membership_on``
picks for the date asked (in force, else the latest started). Graduation
comes from the trainee's training record (``seldinger.pathways.training``):
the end of R4 in a DR program, the end of training otherwise, moved by leave
and extensions; the membership's end date only when there is no record.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, cast

from django.db import connection
from django.db.models import CharField, Count, Exists, Func, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Substr, TruncMonth
from django.http import Http404
from django.utils import timezone

from seldinger.accounts import selectors as access
from seldinger.accounts.models import User
from seldinger.accounts.requests import AnyUser
from seldinger.accounts.selectors import TraineeMembership, membership_on, programs_led_by
from seldinger.caselog.counts import case_counts, trainee_counts
from seldinger.caselog.models import CaseEntry, CaseRequirement
from seldinger.caselog.progress import (
    SKILL_LEVELS,
    UNKNOWN_SKILL,
    CaseTally,
    InformationalItem,
    MonthCounts,
    Progress,
    RequirementDefinition,
    compute_progress,
    load_requirement_set,
    progress_as_dict,
)
from seldinger.caselog.selectors import can_view_log_of, catalogue
from seldinger.lookups import one_or_404
from seldinger.pathways.training import graduations
from seldinger.programs.models import Program
from seldinger.rules import default_parameters

ESIR_SET = "esir"


# -- requirement definitions -------------------------------------------------------------


RequirementsAndInformation = tuple[tuple[RequirementDefinition, ...], tuple[InformationalItem, ...]]


@lru_cache(maxsize=64)
def esir_set(on: dt.date) -> RequirementsAndInformation:
    """The ESIR requirement set (rule data) in force on ``on``: counted and informational."""
    found = load_requirement_set(default_parameters(), ESIR_SET, on=on)
    if found is None:
        return (), ()
    return found.requirements, found.informational


def program_requirement_key(requirement_id: int) -> str:
    return f"program-{requirement_id}"


def as_definition(requirement: CaseRequirement) -> RequirementDefinition:
    return RequirementDefinition(
        key=program_requirement_key(requirement.pk),
        name=requirement.name,
        minimum=requirement.minimum,
        roles=frozenset(requirement.role_list),
        category=requirement.category_key or None,
        source="program",
        note="",
    )


def program_definitions(program_ids: Iterable[int]) -> dict[int, list[RequirementDefinition]]:
    definitions: dict[int, list[RequirementDefinition]] = defaultdict(list)
    for requirement in CaseRequirement.objects.filter(program_id__in=list(program_ids)).order_by(
        "program_id", "name", "pk"
    ):
        definitions[requirement.program_id].append(as_definition(requirement))
    return definitions


# -- the training record that applies -----------------------------------------------------


@dataclass(frozen=True)
class TrainingRecord:
    membership: TraineeMembership | None
    requirements: tuple[RequirementDefinition, ...]
    informational: tuple[InformationalItem, ...]
    planned_graduation: dt.date | None = None

    @property
    def start(self) -> dt.date | None:
        return self.membership.start_date if self.membership else None

    @property
    def graduation(self) -> dt.date | None:
        """From the trainee's training record (with leave and extensions); the membership's
        end date only for trainees without one."""
        if self.planned_graduation is not None:
            return self.planned_graduation
        return self.membership.end_date if self.membership else None

    @property
    def esir(self) -> bool:
        return bool(self.membership and self.membership.esir)

    @property
    def program(self) -> Program | None:
        return self.membership.program if self.membership else None


def training_record(
    membership: TraineeMembership | None,
    definitions: dict[int, list[RequirementDefinition]],
    *,
    as_of: dt.date,
    graduation: dt.date | None = None,
) -> TrainingRecord:
    """ESIR first (for ESIR-track trainees), then the program's own minimums."""
    requirements: list[RequirementDefinition] = []
    informational: tuple[InformationalItem, ...] = ()
    if membership is not None and membership.esir:
        esir_requirements, informational = esir_set(membership.start_date or as_of)
        requirements.extend(esir_requirements)
    if membership is not None:
        requirements.extend(definitions.get(membership.program_id, []))
    return TrainingRecord(membership, tuple(requirements), informational, graduation)


def _graduations(memberships: Iterable[TraineeMembership]) -> dict[int, dt.date]:
    return graduations(
        {
            membership.user_id: membership.program.kind in (Program.Kind.DR, Program.Kind.DR_ESIR)
            for membership in memberships
        }
    )


def training_record_of(trainee: User, *, as_of: dt.date) -> TrainingRecord:
    membership = membership_on(access.trainee_memberships([trainee.pk]), as_of)
    program_ids = [membership.program_id] if membership else []
    graduation = _graduations([membership] if membership else []).get(trainee.pk)
    return training_record(
        membership, program_definitions(program_ids), as_of=as_of, graduation=graduation
    )


# -- case tallies: aggregate queries feeding the pure core ---------------------------------


def requirement_filter(definition: RequirementDefinition) -> Q:
    """The cases counting toward a requirement, as a filter (``RequirementDefinition.counts``)."""
    condition = Q(role__in=sorted(definition.roles))
    if definition.category is not None:
        condition &= Q(category_key=definition.category)
    return condition


def _cases_up_to(as_of: dt.date) -> QuerySet[CaseEntry]:
    return CaseEntry.objects.filter(performed_on__lte=as_of).order_by()


def case_tallies(
    trainee: User, *, as_of: dt.date, training_start: dt.date | None
) -> list[CaseTally]:
    """The trainee's cases per (category, role), with those in the pace window and the first
    date (``caselog.counts``: today's are kept between requests)."""
    return case_counts({trainee.pk: training_start}, as_of=as_of).get(trainee.pk, [])


def cohort_tallies(
    starts: dict[int, dt.date | None], *, as_of: dt.date
) -> dict[int, list[CaseTally]]:
    """``case_tallies`` for many trainees (``starts``: trainee id -> training start)."""
    return case_counts(starts, as_of=as_of)


def period_tallies(
    trainee_ids: Iterable[int], *, start: dt.date, end: dt.date
) -> dict[int, list[CaseTally]]:
    """The trainees' cases from ``start`` to ``end`` (inclusive) per category and role (a
    report's period; the caller has asked who may see whom)."""
    rows = (
        CaseEntry.objects.filter(
            trainee__in=list(trainee_ids), performed_on__gte=start, performed_on__lte=end
        )
        .order_by()
        .values_list("trainee_id", "category_key", "role")
        .annotate(count=Count("id"))
        .order_by("trainee_id", "category_key", "role")
    )
    found: dict[int, list[CaseTally]] = defaultdict(list)
    for trainee_id, category, role, count in rows:
        found[trainee_id].append(CaseTally(category, role, count))
    return dict(found)


def _skill_keys() -> dict[str, list[str]]:
    keys: dict[str, list[str]] = {level: [] for level in SKILL_LEVELS}
    for key, procedure in catalogue().procedures.items():
        keys.setdefault(procedure.skill_level, []).append(key)
    return keys


def _month() -> Func:
    """The case's month: YYYY-MM text on SQLite (dates are stored as ISO text there, and
    ``TruncMonth`` would call a Python function per row), else the first day of the month."""
    if connection.vendor == "sqlite":
        return Substr("performed_on", 1, 7, output_field=CharField())
    return TruncMonth("performed_on")


def monthly_counts(
    trainee: User, requirements: tuple[RequirementDefinition, ...], *, as_of: dt.date
) -> tuple[list[MonthCounts], list[dict[str, Any]], dict[str, int]]:
    """One query: per month, the cases in all, per requirement, per skill level, and dose sums;
    and the cases by verification status, counted in the same pass."""
    skills = _skill_keys()
    annotations: dict[str, Any] = {
        "total": Count("id"),
        "dose_cases": Count("id", filter=Q(fluoro_minutes__isnull=False)),
        "fluoro": Sum("fluoro_minutes"),
        "dap": Sum("dap_gycm2"),
        "kerma": Sum("air_kerma_mgy"),
    }
    for index, requirement in enumerate(requirements):
        annotations[f"requirement_{index}"] = Count("id", filter=requirement_filter(requirement))
    for level in SKILL_LEVELS:
        annotations[f"skill_{level}"] = Count("id", filter=Q(procedure_key__in=skills[level]))
    for status in CaseEntry.Status.values:
        annotations[f"status_{status}"] = Count("id", filter=Q(status=status))
    rows = (
        _cases_up_to(as_of)
        .filter(trainee=trainee)
        .annotate(month=_month())
        .values("month")
        .annotate(**annotations)
        .order_by("month")
    )
    months: list[MonthCounts] = []
    dose: list[dict[str, Any]] = []
    by_status: dict[str, int] = defaultdict(int)
    for row in cast(Iterable[dict[str, Any]], rows):
        for status in CaseEntry.Status.values:
            by_status[status] += row[f"status_{status}"]
        month = row["month"] if isinstance(row["month"], str) else f"{row['month']:%Y-%m}"
        by_skill = {level: row[f"skill_{level}"] for level in SKILL_LEVELS}
        by_skill[UNKNOWN_SKILL] = row["total"] - sum(by_skill.values())
        months.append(
            MonthCounts(
                month,
                row["total"],
                {
                    requirement.key: row[f"requirement_{index}"]
                    for index, requirement in enumerate(requirements)
                },
                by_skill,
            )
        )
        dose.append(
            {
                "month": month,
                "cases": row["total"],
                "dose_cases": row["dose_cases"],
                "fluoro_minutes": float(row["fluoro"] or 0),
                "dap_gycm2": float(row["dap"] or 0),
                "air_kerma_mgy": float(row["kerma"] or 0),
            }
        )
    return months, dose, {status: count for status, count in by_status.items() if count}


# -- one trainee ---------------------------------------------------------------------------


@dataclass
class TraineeProgress:
    trainee: User
    record: TrainingRecord
    progress: Progress
    by_status: dict[str, int] = field(default_factory=dict)
    dose_by_month: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The CLI/API JSON."""
        return progress_as_dict(self.progress, trainee=self.trainee.get_username())


def trainee_progress(
    trainee: User, *, as_of: dt.date | None = None, detail: bool = False
) -> TraineeProgress:
    """Progress of one trainee (no permission check): the CLI/API figures.

    ``detail`` adds what only the dashboard shows: the monthly series, the
    skill-level mix, dose by month and cases by verification status.
    """
    as_of = as_of or timezone.localdate()
    record = training_record_of(trainee, as_of=as_of)
    monthly: list[MonthCounts] | None = None
    dose: list[dict[str, Any]] = []
    by_status: dict[str, int] = {}
    if detail:
        tallies, (monthly, dose, by_status) = trainee_counts(
            trainee.pk,
            record.start,
            record.requirements,
            as_of=as_of,
            count_months=lambda: monthly_counts(trainee, record.requirements, as_of=as_of),
        )
    else:
        tallies = case_tallies(trainee, as_of=as_of, training_start=record.start)
    progress = compute_progress(
        tallies,
        record.requirements,
        as_of=as_of,
        training_start=record.start,
        graduation=record.graduation,
        monthly=monthly,
    )
    return TraineeProgress(trainee, record, progress, by_status, dose)


def dashboard(trainee: User, *, as_of: dt.date | None = None) -> TraineeProgress:
    """Everything the dashboard shows (the same figures as ``trainee_progress``, and more)."""
    return trainee_progress(trainee, as_of=as_of, detail=True)


def viewable_trainee(viewer: User, username: str) -> User:
    """The trainee ``username`` if ``viewer`` may see their progress; 404 otherwise."""
    trainee = User.objects.filter(username=username).first()
    if trainee is None or not can_view_log_of(viewer, trainee):
        raise Http404("No such trainee among those whose progress you can see.")
    return trainee


# -- the cohort ------------------------------------------------------------------------------


def may_see_cohort(viewer: AnyUser | None) -> bool:
    return access.is_platform_admin(viewer) or programs_led_by(viewer).exists()


def cohort_programs(viewer: AnyUser | None) -> QuerySet[Program]:
    """Programs whose residents the viewer sees in the cohort: those they lead (admins: all;
    none for anyone else, so an empty list also says the viewer may not see a cohort, unless
    an administrator)."""
    if access.is_platform_admin(viewer):
        return Program.objects.all()
    return programs_led_by(viewer)


def with_directed(programs: QuerySet[Program], viewer: User) -> QuerySet[Program]:
    """``programs``, each with ``directed``: whether the viewer directs it (may manage its
    requirements), in the same query."""
    directed = programs_directed_by(viewer).filter(pk=OuterRef("pk"))
    return programs.annotate(directed=Exists(directed))


@dataclass(frozen=True)
class CohortRow:
    trainee: User
    record: TrainingRecord
    progress: Progress

    @property
    def behind(self) -> bool:
        return self.progress.behind

    def as_dict(self) -> dict[str, Any]:
        data = progress_as_dict(self.progress, trainee=self.trainee.get_username())
        for item, requirement in zip(data["requirements"], self.progress.requirements, strict=True):
            item["status"] = requirement.status
            item["shortfall"] = requirement.shortfall
        program = self.record.program
        return {
            "trainee": data["trainee"],
            "name": self.trainee.get_full_name() or data["trainee"],
            "program": program.name if program else None,
            "training_start": _iso(self.record.start),
            "graduation": _iso(self.record.graduation),
            "esir": self.record.esir,
            "total_cases": data["total_cases"],
            "requirements": data["requirements"],
            "behind": self.behind,
        }


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


#: What a cohort reads of each membership, its trainee and its program (a directory
#: profile is three dozen columns).
_COHORT_FIELDS = (
    "kind",
    "start_date",
    "end_date",
    "esir",
    "user__username",
    "user__first_name",
    "user__last_name",
    "program__name",
    "program__kind",
)


def cohort(
    viewer: User, *, as_of: dt.date | None = None, programs: list[Program] | None = None
) -> list[CohortRow]:
    """Every resident in training on ``as_of`` in the programs the viewer leads
    (``programs``: those of ``cohort_programs(viewer)``, when the caller holds them already).

    The figures of each row are those of ``trainee_progress`` for the same date.
    """
    as_of = as_of or timezone.localdate()
    if programs is None:
        programs = list(cohort_programs(viewer))
    # By id: the programs' own query is not asked again inside this one.
    in_programs = access.trainees_of(
        Program.objects.filter(pk__in=[program.pk for program in programs]), on=as_of
    ).values("pk")
    by_user: dict[int, list[TraineeMembership]] = defaultdict(list)
    for found in access.trainee_memberships(in_programs).only(*_COHORT_FIELDS):
        by_user[found.user_id].append(found)
    picked: dict[int, TraineeMembership] = {}
    for user_id, items in by_user.items():
        chosen = membership_on(items, as_of)
        if chosen is not None:
            picked[user_id] = chosen
    definitions = program_definitions({membership.program_id for membership in picked.values()})
    tallies = cohort_tallies(
        {user_id: membership.start_date for user_id, membership in picked.items()}, as_of=as_of
    )
    planned = _graduations(picked.values())
    rows = []
    for user_id, membership in picked.items():
        record = training_record(
            membership, definitions, as_of=as_of, graduation=planned.get(user_id)
        )
        progress = compute_progress(
            tallies.get(user_id, []),
            record.requirements,
            as_of=as_of,
            training_start=record.start,
            graduation=record.graduation,
        )
        rows.append(CohortRow(trainee=membership.user, record=record, progress=progress))
    rows.sort(
        key=lambda row: (
            not row.behind,
            row.record.program.name if row.record.program else "",
            row.trainee.last_name,
            row.trainee.username,
        )
    )
    return rows


def cohort_as_dict(rows: list[CohortRow], *, as_of: dt.date) -> dict[str, Any]:
    return {
        "as_of": as_of.isoformat(),
        "residents": [row.as_dict() for row in rows],
        "behind": sum(row.behind for row in rows),
    }


# -- requirements a director manages ---------------------------------------------------------


def programs_directed_by(user: User) -> QuerySet[Program]:
    """Programs whose requirements ``user`` may change: those they currently direct."""
    return access.programs_directed_by(user)


def requirements_managed_by(user: User) -> QuerySet[CaseRequirement]:
    return CaseRequirement.objects.filter(program__in=programs_directed_by(user)).select_related(
        "program"
    )


def get_managed_requirement(user: User, requirement_id: int) -> CaseRequirement:
    """A requirement of a program ``user`` directs; 404 for any other."""
    return one_or_404(
        requirements_managed_by(user),
        "No such requirement in a program you direct.",
        pk=requirement_id,
    )
