"""Dose per trainee (reads): a trainee's dose indices by procedure family and month, their
medians against their program's, and the cases above a substantial radiation dose level.

The levels are the ``seldinger.rules`` parameters ``dose/*`` in force on the case's date, or
the program's own figures (``SELDINGER_DOSE_SRDL_OVERRIDES``); the arithmetic is
``caselog.dose_indices``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Q

from seldinger.accounts import selectors as access
from seldinger.caselog.dose_indices import (
    FOLLOW_UP,
    INDEX_NAMES,
    INDICES,
    Thresholds,
    figure,
    for_program,
    median,
    parse_overrides,
)
from seldinger.caselog.models import CaseEntry
from seldinger.caselog.selectors import catalogue
from seldinger.programs.models import Program
from seldinger.rules import default_parameters
from seldinger.rules.engine import RuleNotInForce

_FIELDS = ("id", "trainee_id", "performed_on", "procedure_key", "category_key", *INDEX_NAMES)
_HAS_DOSE = (
    Q(dap_gycm2__isnull=False) | Q(air_kerma_mgy__isnull=False) | Q(fluoro_minutes__isnull=False)
)

__all__ = ["FOLLOW_UP", "CaseDose", "TraineeDose", "case_flags", "cohort_dose", "trainee_dose"]


def rule_thresholds(on: dt.date) -> Thresholds:
    """The rule's substantial radiation dose levels in force on ``on`` (None where none is)."""
    parameters = default_parameters()

    def level(key: str) -> Decimal | None:
        try:
            return Decimal(str(parameters.value(f"dose/{key}", on)))
        except RuleNotInForce:
            return None

    return Thresholds(
        dap_gycm2=level("dap-gycm2"),
        air_kerma_mgy=level("air-kerma-mgy"),
        fluoro_minutes=level("fluoro-minutes"),
    )


def thresholds_for(program_id: int | None, on: dt.date) -> Thresholds:
    """A program's levels on ``on``: the rule's, with the program's own figures over them."""
    overrides = parse_overrides(settings.DOSE_SRDL_OVERRIDES)
    return for_program(rule_thresholds(on), overrides, program_id)


@dataclass(frozen=True)
class CaseDose:
    id: int
    trainee_id: int
    performed_on: dt.date
    procedure_key: str
    category_key: str
    values: Mapping[str, Decimal | None]
    flags: tuple[str, ...] = ()

    @property
    def procedure_name(self) -> str:
        procedure = catalogue().get(self.procedure_key)
        return procedure.name if procedure else self.procedure_key

    @property
    def shown(self) -> dict[str, str]:
        return {name: figure(value) for name, value in self.values.items()}


@dataclass
class TraineeDose:
    """What the progress page shows of a trainee's dose."""

    cases: list[CaseDose] = field(default_factory=list)
    medians: dict[str, str] = field(default_factory=dict)
    program_medians: dict[str, str] = field(default_factory=dict)
    by_family: list[dict[str, Any]] = field(default_factory=list)
    by_month: list[dict[str, Any]] = field(default_factory=list)

    @property
    def flagged(self) -> list[CaseDose]:
        return [case for case in self.cases if case.flags]

    def comparison(self) -> list[dict[str, Any]]:
        return [
            {
                "label": label,
                "unit": unit,
                "trainee": self.medians.get(name),
                "program": self.program_medians.get(name),
            }
            for name, label, unit in INDICES
        ]


def _medians(rows: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """Each index's median per case, as shown ("—" where no case gives it)."""
    rows = list(rows)
    return {
        name: figure(median(row[name] for row in rows if row[name] is not None))
        for name in INDEX_NAMES
    }


def _case(row: Mapping[str, Any], levels: Thresholds) -> CaseDose:
    values = {name: row[name] for name in INDEX_NAMES}
    return CaseDose(
        id=row["id"],
        trainee_id=row["trainee_id"],
        performed_on=row["performed_on"],
        procedure_key=row["procedure_key"],
        category_key=row["category_key"],
        values=values,
        flags=tuple(levels.flags(values)),
    )


def _flagged(rows: Iterable[Mapping[str, Any]], program_of: Mapping[int, int | None]) -> list[Any]:
    """Each row as a ``CaseDose`` flagged against its program's levels on the case's date."""
    overrides = parse_overrides(settings.DOSE_SRDL_OVERRIDES)
    cache: dict[tuple[int | None, dt.date], Thresholds] = {}
    found = []
    for row in rows:
        program_id = program_of.get(row["trainee_id"])
        key = (program_id, row["performed_on"])
        if key not in cache:
            cache[key] = for_program(rule_thresholds(row["performed_on"]), overrides, program_id)
        found.append(_case(row, cache[key]))
    return found


def _grouped(
    rows: list[dict[str, Any]], key: str, names: Mapping[str, str]
) -> list[dict[str, Any]]:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups[row[key]].append(row)
    return [
        {"key": group, "name": names.get(group, group), "cases": len(items), **_medians(items)}
        for group, items in groups.items()
    ]


def trainee_dose(trainee_id: int, program: Program | None, *, as_of: dt.date) -> TraineeDose:
    """Two queries: the trainee's cases with a dose, and their program's current trainees'."""
    rows = list(
        CaseEntry.objects.filter(_HAS_DOSE, trainee_id=trainee_id, performed_on__lte=as_of)
        .order_by("-performed_on", "-id")
        .values(*_FIELDS)
    )
    result = TraineeDose()
    if not rows:
        return result
    program_id = program.pk if program else None
    result.cases = _flagged(rows, {trainee_id: program_id})
    result.medians = _medians(rows)
    if program is not None:
        peers = access.trainees_of(Program.objects.filter(pk=program.pk), on=as_of).values("pk")
        result.program_medians = _medians(
            CaseEntry.objects.filter(_HAS_DOSE, trainee__in=peers, performed_on__lte=as_of).values(
                *INDEX_NAMES
            )
        )
    families = {key: category.name for key, category in catalogue().categories.items()}
    result.by_family = sorted(
        _grouped(rows, "category_key", families), key=lambda row: (-row["cases"], row["name"])
    )
    for row in rows:
        row["month"] = row["performed_on"].strftime("%Y-%m")
    result.by_month = sorted(_grouped(rows, "month", {}), key=lambda row: row["key"])[-12:]
    return result


@dataclass
class CohortDose:
    """The cohort's dose: each trainee's medians, their program's, and the flagged cases."""

    medians: dict[int, dict[str, str]]
    program_medians: dict[int, dict[str, str]]
    flagged: list[CaseDose]


def cohort_dose(program_of: Mapping[int, int | None], *, as_of: dt.date) -> CohortDose:
    """One query, whatever the cohort's size: every dose of the trainees ``program_of`` names
    (trainee id -> their program's id)."""
    rows = list(
        CaseEntry.objects.filter(
            _HAS_DOSE, trainee_id__in=list(program_of), performed_on__lte=as_of
        )
        .order_by("-performed_on", "-id")
        .values(*_FIELDS)
    )
    by_trainee: dict[int, list[dict[str, Any]]] = defaultdict(list)
    by_program: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_trainee[row["trainee_id"]].append(row)
        program_id = program_of.get(row["trainee_id"])
        if program_id is not None:
            by_program[program_id].append(row)
    return CohortDose(
        medians={trainee: _medians(items) for trainee, items in by_trainee.items()},
        program_medians={program: _medians(items) for program, items in by_program.items()},
        flagged=[case for case in _flagged(rows, program_of) if case.flags],
    )


def case_flags(case: CaseEntry) -> list[str]:
    """The substantial radiation dose levels one case reaches, against the levels of the
    program the trainee was in on the case's date (no query for a case without a dose)."""
    values = {name: getattr(case, name) for name in INDEX_NAMES}
    if all(value is None for value in values.values()):
        return []
    membership = access.membership_on(
        access.trainee_memberships([case.trainee_id]), case.performed_on
    )
    program_id = membership.program_id if membership is not None else None
    return thresholds_for(program_id, case.performed_on).flags(values)
