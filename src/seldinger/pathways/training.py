"""Reads and writes of a trainee's training record (pathway, stage, dates, time off).

Every app asks here: the planner page, the certification tracker, case-log
progress, the work-hour checker and the calendar feed. Graduation and the exam
dates are computed by the planner from the record, never stored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.db import transaction
from django.http import Http404

from seldinger.accounts.models import User
from seldinger.accounts.requests import AnyUser
from seldinger.accounts.selectors import can_edit_training_of
from seldinger.audit.services import audited_create, audited_delete, audited_update
from seldinger.pathways.leave import Interruptions
from seldinger.pathways.leave import TimeOff as PlannedTimeOff
from seldinger.pathways.models import TimeOff, TrainingRecord
from seldinger.pathways.planner import Plan, PlanningError, plan_path, whole_training_plan
from seldinger.rules import default_parameters


def record_of(user: AnyUser) -> TrainingRecord | None:
    """The user's own training record (None when there is none or nobody is logged in)."""
    if user is None or not user.is_authenticated:
        return None
    return TrainingRecord.objects.filter(user=user).prefetch_related("time_off").first()


def interruptions(record: TrainingRecord) -> Interruptions:
    return Interruptions(
        time_off=_without_overlaps(record.time_off.all()),
        extension_workdays=record.extension_workdays,
    )


def _without_overlaps(items: Iterable[TimeOff | PlannedTimeOff]) -> tuple[PlannedTimeOff, ...]:
    """The time off as separate spans: a day entered twice (overlapping entries, or the same
    leave entered again) is one day off, not two."""
    spans: list[PlannedTimeOff] = []
    for start, end in sorted((item.start, item.end) for item in items):
        if spans and start <= spans[-1].end:
            spans[-1] = PlannedTimeOff(spans[-1].start, max(end, spans[-1].end))
        else:
            spans.append(PlannedTimeOff(start, end))
    return tuple(spans)


def full_plan(record: TrainingRecord) -> Plan:
    """The record's plan from PGY-1, with its time off and extension."""
    return whole_training_plan(
        stage=record.stage,
        stage_start=record.stage_start,
        pathway=record.pathway,
        rules=default_parameters(),
        interruptions=interruptions(record),
    )


def plan_of(user: User) -> Plan | None:
    found = record_of(user)
    return full_plan(found) if found is not None else None


def graduation_from(plan: Plan, *, dr_program: bool) -> dt.date:
    """The last day in the program: R4's end (PGY-5) for a DR program, else the end of
    training."""
    if not dr_program:
        return plan.training_end
    r4 = next((stage for stage in plan.stages if stage.pgy == 5), None)
    return r4.end if r4 is not None else plan.training_end


def graduations(user_programs: dict[int, bool]) -> dict[int, dt.date]:
    """user id -> graduation from their program (``True``: a DR program), for users with a
    training record that can be planned."""
    found: dict[int, dt.date] = {}
    # Plain values: a cohort page asks this for every resident.
    records = list(
        TrainingRecord.objects.filter(user_id__in=list(user_programs)).values_list(
            "pk", "user_id", "stage", "stage_start", "pathway", "extension_workdays"
        )
    )
    time_off: dict[int, list[tuple[dt.date, dt.date]]] = {}
    if records:
        spans = TimeOff.objects.filter(record_id__in=[record[0] for record in records])
        for record_id, start, end in spans.values_list("record_id", "start", "end"):
            time_off.setdefault(record_id, []).append((start, end))
    for record_id, user_id, stage, stage_start, pathway, extension in records:
        interrupted = Interruptions(
            time_off=_without_overlaps(
                PlannedTimeOff(start, end) for start, end in time_off.get(record_id, [])
            ),
            extension_workdays=extension,
        )
        try:
            dates = _plan_dates(stage, stage_start, pathway, interrupted)
        except PlanningError:
            continue
        found[user_id] = dates.dr_graduation if user_programs[user_id] else dates.end
    return found


def pgy1_years(users: list[Any]) -> dict[str, tuple[dt.date, dt.date]]:
    """username -> first and last day of PGY-1, for trainees with a training record."""
    years: dict[str, tuple[dt.date, dt.date]] = {}
    records = TrainingRecord.objects.filter(user__in=users).select_related("user")
    for found in records.prefetch_related("time_off"):
        try:
            dates = _plan_dates(found.stage, found.stage_start, found.pathway, interruptions(found))
        except PlanningError:
            # A record the current rules can no longer plan: not known to be in PGY-1.
            continue
        if dates.pgy1 is not None:
            years[found.user.get_username()] = dates.pgy1
    return years


@dataclass(frozen=True)
class _PlanDates:
    """What the other apps read of a record's plan: its end, R4's end, PGY-1."""

    end: dt.date
    dr_graduation: dt.date
    pgy1: tuple[dt.date, dt.date] | None


@lru_cache(maxsize=4096)
def _plan_dates(
    stage: str, stage_start: dt.date, pathway: str, interrupted: Interruptions
) -> _PlanDates:
    """A record's plan dates: the planner once per distinct record (a cohort page plans
    every resident's), the shipped rules being loaded once and never changed."""
    plan = whole_training_plan(
        stage=stage,
        stage_start=stage_start,
        pathway=pathway,
        rules=default_parameters(),
        interruptions=interrupted,
    )
    first = next((item for item in plan.stages if item.pgy == 1), None)
    return _PlanDates(
        end=graduation_from(plan, dr_program=False),
        dr_graduation=graduation_from(plan, dr_program=True),
        pgy1=(first.start, first.end) if first is not None else None,
    )


# --- writes ------------------------------------------------------------------------


def _check_may_edit(actor: User, trainee: User) -> None:
    if not can_edit_training_of(actor, trainee):
        raise Http404("No such trainee.")


@transaction.atomic
def set_training(
    *,
    actor: User,
    trainee: User,
    pathway: str,
    stage: str,
    stage_start: dt.date,
    extension_workdays: int | None = None,
) -> TrainingRecord:
    """Create or replace ``trainee``'s record; PlanningError when it cannot be planned."""
    _check_may_edit(actor, trainee)
    if not stage.startswith("pgy"):
        raise PlanningError("stage", "a training record starts at a postgraduate year (PGY-1 on)")
    plan_path(stage=stage, stage_start=stage_start, pathway=pathway, rules=default_parameters())
    found, created = TrainingRecord.objects.get_or_create(
        user=trainee,
        defaults={"pathway": pathway, "stage": stage, "stage_start": stage_start},
    )
    changes: dict[str, object] = {"pathway": pathway, "stage": stage, "stage_start": stage_start}
    if extension_workdays is not None:
        changes["extension_workdays"] = extension_workdays
    return audited_update(actor=actor, instance=found, changes=changes, created=created)


def _with_time_off(found: TrainingRecord) -> dict[str, Any]:
    """A record's audited state with its time off: deleting the record deletes both."""
    return {**found.as_record(), "time_off": [item.as_record() for item in found.time_off.all()]}


@transaction.atomic
def clear_training(*, actor: User, trainee: User) -> None:
    _check_may_edit(actor, trainee)
    found = record_of(trainee)
    if found is None:
        return
    audited_delete(actor=actor, instance=found, state=_with_time_off)


@transaction.atomic
def add_time_off(*, actor: User, trainee: User, kind: str, start: dt.date, end: dt.date) -> TimeOff:
    """Record time off; PlanningError naming the field when the input is wrong."""
    _check_may_edit(actor, trainee)
    found = record_of(trainee)
    if found is None:
        raise PlanningError("pathway", "enter the training record before its time off")
    if end < start:
        raise PlanningError("end", "the last day is before the first day")
    if kind not in TimeOff.Kind.values:
        raise PlanningError("kind", f"unknown kind {kind!r}")
    return audited_create(
        actor=actor, instance=TimeOff(record=found, kind=kind, start=start, end=end)
    )


@transaction.atomic
def delete_time_off(*, actor: User, trainee: User, time_off_id: int) -> None:
    _check_may_edit(actor, trainee)
    item = TimeOff.objects.filter(pk=time_off_id, record__user=trainee).first()
    if item is None:
        raise Http404("No such time off.")
    audited_delete(actor=actor, instance=item)
