"""The pathway planner: a person's dated path through IR training.

Pure core: takes the person's current stage, the date it started and a
pathway key, reads the dated rules, and returns a :class:`Plan` of stages
and key events. No Django here; the web, the API and the CLI all call
:func:`plan_path` and :func:`compare_pathways`.

Planning assumptions (stated on every plan): no gap years; medical school
graduation in late spring with residency starting on July 1; DR training
counted from the first DR year.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from seldinger.pathways.dates import add_months, add_years
from seldinger.pathways.leave import NO_INTERRUPTIONS, Interruptions
from seldinger.pathways.match_calendar import match_day
from seldinger.pathways.plan import Event, Plan, PlanningError, plan_as_dict
from seldinger.pathways.plan_builder import PlanBuilder
from seldinger.rules.engine import ParameterSet, RuleNotInForce

# The plan's types and Match Day are defined beside the planner; its callers import them here.
__all__ = [
    "ALL_PATHWAYS",
    "STAGE_KEYS",
    "Event",
    "Plan",
    "PlanningError",
    "compare_pathways",
    "match_day",
    "pathway_keys",
    "plan_as_dict",
    "plan_path",
    "plans_for",
    "whole_training_plan",
]


STAGE_KEYS: tuple[str, ...] = (
    "premed",
    "ms1",
    "ms2",
    "ms3",
    "ms4",
    *(f"pgy{year}" for year in range(1, 8)),
)
EARLIEST_DATE = dt.date(1950, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)
# Medical school ends in late spring: its fourth year may be up to a season short
# of four full years before residency starts on July 1.
GRADUATION_SLACK_MONTHS = 3
RESIDENCY_START_MONTH = 7
#: The ``pathway`` that asks for every current pathway's plan, compared.
ALL_PATHWAYS = "all"


def pathway_keys(rules: ParameterSet, *, on: dt.date, current_only: bool = True) -> list[str]:
    """Pathways open to people starting residency on ``on`` (all known ones if not current_only)."""
    keys = []
    for key, parameter in rules.under("pathways").items():
        if key == "subspecialty-fellowships":
            continue
        open_on_date = parameter.in_force(on) and parameter.value_at(on).get("current", True)
        if open_on_date or not current_only:
            keys.append(key)
    return keys


def plan_path(
    *,
    stage: str,
    stage_start: dt.date,
    pathway: str,
    rules: ParameterSet,
    interruptions: Interruptions = NO_INTERRUPTIONS,
    from_training_start: bool = False,
) -> Plan:
    """The dated plan for someone who entered ``stage`` on ``stage_start``: what lies ahead
    of that day, or with ``from_training_start`` everything from PGY-1 on.

    ``interruptions`` (a trainee's leave and extension) move the end of training,
    and every exam date that depends on it, as the ABR leave policy says.
    """
    _check_stage(stage, stage_start)
    known = pathway_keys(rules, on=stage_start, current_only=False)
    if pathway not in known:
        raise PlanningError(
            "pathway", f"unknown pathway {pathway!r}; choose one of {', '.join(known)}"
        )
    training_start = _training_start(stage, stage_start, rules)
    parameter = rules[f"pathways/{pathway}"]
    try:
        structure: dict[str, Any] = parameter.value_at(training_start)
    except RuleNotInForce:
        raise PlanningError(
            "pathway",
            f"{parameter.name or pathway} is not open to residents starting on "
            f"{training_start.isoformat()}",
        ) from None
    builder = PlanBuilder(
        rules=rules,
        pathway=pathway,
        name=parameter.name or pathway,
        structure=structure,
        stage=stage,
        stage_start=stage_start,
        training_start=training_start,
        interruptions=interruptions,
    )
    return builder.build(since=training_start if from_training_start else stage_start)


def whole_training_plan(
    *,
    stage: str,
    stage_start: dt.date,
    pathway: str,
    rules: ParameterSet,
    interruptions: Interruptions = NO_INTERRUPTIONS,
) -> Plan:
    """The plan for someone who entered ``stage`` on ``stage_start``, from PGY-1 on, so that the
    stages and exams before the current stage are in it too (a trainee's record, the
    certification tracker)."""
    return plan_path(
        stage=stage,
        stage_start=stage_start,
        pathway=pathway,
        rules=rules,
        interruptions=interruptions,
        from_training_start=True,
    )


def compare_pathways(*, stage: str, stage_start: dt.date, rules: ParameterSet) -> list[Plan]:
    """One plan per pathway open to this person, shortest training first."""
    _check_stage(stage, stage_start)
    training_start = _training_start(stage, stage_start, rules)
    plans = []
    for key in pathway_keys(rules, on=training_start):
        try:
            plans.append(plan_path(stage=stage, stage_start=stage_start, pathway=key, rules=rules))
        except PlanningError as error:
            # A resident already past a pathway's length cannot be on it: leave it out.
            if error.field != "stage":
                raise
    if not plans:
        raise PlanningError("stage", f"no current pathway has a stage {stage!r}")
    return sorted(plans, key=lambda plan: (plan.postgraduate_years, plan.pathway))


def plans_for(*, stage: str, stage_start: dt.date, pathway: str, rules: ParameterSet) -> list[Plan]:
    """One pathway's plan, or every current pathway's when ``pathway`` is ``ALL_PATHWAYS``."""
    if pathway == ALL_PATHWAYS:
        return compare_pathways(stage=stage, stage_start=stage_start, rules=rules)
    return [plan_path(stage=stage, stage_start=stage_start, pathway=pathway, rules=rules)]


def _check_stage(stage: str, stage_start: dt.date) -> None:
    if stage not in STAGE_KEYS:
        raise PlanningError(
            "stage", f"unknown stage {stage!r}; choose one of {', '.join(STAGE_KEYS)}"
        )
    if not EARLIEST_DATE <= stage_start <= LATEST_DATE:
        raise PlanningError(
            "date",
            f"{stage_start.isoformat()} is out of range "
            f"({EARLIEST_DATE.isoformat()} to {LATEST_DATE.isoformat()})",
        )


def _training_start(stage: str, stage_start: dt.date, rules: ParameterSet) -> dt.date:
    """The first day of PGY-1."""
    if stage.startswith("pgy"):
        return add_years(stage_start, -(int(stage[3:]) - 1))
    if stage == "premed":
        college_years = rules.value("pre-residency/bachelors-degree", stage_start)["years"]
        medical_school_start = add_years(stage_start, college_years)
    else:
        medical_school_start = add_years(stage_start, -(int(stage[2:]) - 1))
    school_years = rules.value("pre-residency/medical-school", medical_school_start)["years"]
    earliest = add_months(medical_school_start, 12 * school_years - GRADUATION_SLACK_MONTHS)
    start = dt.date(earliest.year, RESIDENCY_START_MONTH, 1)
    return start if start >= earliest else dt.date(earliest.year + 1, RESIDENCY_START_MONTH, 1)
