"""JSON API for pathways, plans and saved plans. Thin: the selectors and services do the work."""

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.security import django_auth

from seldinger.pathways import selectors, services
from seldinger.pathways.planner import STAGE_KEYS, PlanningError, plan_as_dict

router = Router(tags=["pathways"])


class ErrorOut(Schema):
    detail: str
    field: str | None = None


class PathwayOut(Schema):
    key: str
    name: str


class StageOut(Schema):
    key: str
    name: str
    start: dt.date
    end: dt.date
    pgy: int | None
    phase: str


class EventOut(Schema):
    key: str
    name: str
    date: dt.date
    until: dt.date | None
    approximate: bool
    note: str


class OptionalTrainingOut(Schema):
    key: str
    name: str
    start: dt.date
    years: str


class PlanOut(Schema):
    pathway: str
    pathway_name: str
    certificate: str
    current_stage: str
    stage_start: dt.date
    postgraduate_years: int
    training_start: dt.date
    training_end: dt.date
    stages: list[StageOut]
    events: list[EventOut]
    optional_training: list[OptionalTrainingOut]
    notes: list[str]


class ChecklistItemOut(Schema):
    key: str
    label: str
    now: bool


class SavedPlanIn(Schema):
    stage: str
    stage_start: dt.date
    pathway: str
    title: str = ""


class SavedPlanOut(Schema):
    id: int
    title: str
    stage: str
    stage_start: dt.date
    pathway: str
    created_at: dt.datetime
    updated_at: dt.datetime


def _error(error: PlanningError) -> Status[dict[str, str]]:
    return Status(400, {"detail": error.message, "field": error.field})


@router.get("/", response=list[PathwayOut], summary="Pathways open to new residents")
def list_pathways(request: HttpRequest) -> list[dict[str, str]]:
    return [
        {"key": key, "name": name}
        for key, name in selectors.pathway_choices(on=timezone.localdate())
    ]


@router.get(
    "/plan",
    response={200: list[PlanOut], 400: ErrorOut},
    summary="Plan a path",
    description=(
        f"stage: one of {', '.join(STAGE_KEYS)}; date: when that stage started; "
        "pathway: a pathway key, or 'all' to compare every current pathway. "
        "Always returns a list (one plan unless pathway is 'all')."
    ),
)
def plan(request: HttpRequest, stage: str, date: dt.date, pathway: str = "all") -> object:
    try:
        plans = selectors.compute_plans(stage=stage, stage_start=date, pathway=pathway)
    except PlanningError as error:
        return _error(error)
    return Status(200, [plan_as_dict(item) for item in plans])


@router.get(
    "/checklist",
    response={200: list[ChecklistItemOut], 400: ErrorOut},
    summary="Readiness checklist for students",
)
def checklist(request: HttpRequest, stage: str) -> object:
    try:
        items = selectors.checklist(stage=stage, on=timezone.localdate())
    except PlanningError as error:
        return _error(error)
    return Status(200, items)


@router.get("/plans", response=list[SavedPlanOut], auth=django_auth, summary="My saved plans")
def my_plans(request: HttpRequest) -> object:
    return selectors.plans_of(request.user)  # type: ignore[arg-type]


@router.post(
    "/plans",
    response={201: SavedPlanOut, 400: ErrorOut},
    auth=django_auth,
    summary="Save a plan",
)
def save_plan(request: HttpRequest, payload: SavedPlanIn) -> object:
    try:
        saved = services.save_plan(
            owner=request.user,  # type: ignore[arg-type]
            stage=payload.stage,
            stage_start=payload.stage_start,
            pathway=payload.pathway,
            title=payload.title,
        )
    except PlanningError as error:
        return _error(error)
    return Status(201, saved)


@router.get("/plans/{plan_id}", response=SavedPlanOut, auth=django_auth, summary="One saved plan")
def get_saved_plan(request: HttpRequest, plan_id: int) -> object:
    return selectors.get_plan(request.user, plan_id)  # type: ignore[arg-type]


@router.delete("/plans/{plan_id}", response={204: None}, auth=django_auth, summary="Delete a plan")
def delete_saved_plan(request: HttpRequest, plan_id: int) -> object:
    saved = selectors.get_plan(request.user, plan_id)  # type: ignore[arg-type]
    services.delete_plan(actor=request.user, plan=saved)  # type: ignore[arg-type]
    return Status(204, None)
