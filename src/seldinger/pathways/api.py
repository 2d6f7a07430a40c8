"""JSON API for pathways, plans and saved plans. Thin: the selectors and services do the work."""

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema, Status

from seldinger.accounts.api_auth import logged_in
from seldinger.accounts.requests import AuthedRequest
from seldinger.api_errors import ErrorOut
from seldinger.api_helpers import (
    PageIn,
    PlausibleDate,
    RecordId,
    SearchText,
    model_field,
    page_of,
    paged,
    schema_of,
)
from seldinger.errors import NotFound
from seldinger.pathways import plan as plan_
from seldinger.pathways import selectors, services, training
from seldinger.pathways.models import SavedPlan, TimeOff, TrainingRecord
from seldinger.pathways.planner import STAGE_KEYS, plan_as_dict

router = Router(tags=["pathways"])


class PathwayOut(Schema):
    key: str
    name: str


if TYPE_CHECKING:
    StageOut = Schema
    PlanEventOut = Schema
    OptionalTrainingOut = Schema
    PlanOut = Schema
else:
    StageOut = schema_of(plan_.Stage, "StageOut")
    PlanEventOut = schema_of(plan_.Event, "PlanEventOut", required=["until", "approximate", "note"])
    OptionalTrainingOut = schema_of(plan_.OptionalTraining, "OptionalTrainingOut")
    PlanOut = schema_of(
        plan_.Plan,
        "PlanOut",
        types={
            "stages": list[StageOut],
            "events": list[PlanEventOut],
            "optional_training": list[OptionalTrainingOut],
        },
        required=["optional_training", "notes"],
    )


class ChecklistItemOut(Schema):
    key: str
    label: str
    now: bool


class SavedPlanIn(Schema):
    stage: str = model_field(SavedPlan, "stage")
    stage_start: PlausibleDate
    pathway: str = model_field(SavedPlan, "pathway")
    title: str = model_field(SavedPlan, "title", default="")


class SavedPlanOut(Schema):
    id: int
    title: str
    stage: str
    stage_start: dt.date
    pathway: str
    created_at: dt.datetime
    updated_at: dt.datetime


@router.get("/", response=page_of(PathwayOut), summary="Pathways open to new residents")
def list_pathways(request: HttpRequest, page: Query[PageIn]) -> object:
    choices = selectors.pathway_choices(on=timezone.localdate())
    return paged(choices, page, lambda choice: {"key": choice[0], "name": choice[1]})


@router.get(
    "/plan",
    response={200: page_of(PlanOut), 400: ErrorOut},
    summary="Plan a path",
    description=(
        f"stage: one of {', '.join(STAGE_KEYS)}; date: when that stage started; "
        "pathway: a pathway key, or 'all' to compare every current pathway. "
        "Always returns a list (one plan unless pathway is 'all')."
    ),
)
def plan(
    request: HttpRequest,
    page: Query[PageIn],
    stage: SearchText,
    date: PlausibleDate,
    pathway: SearchText = "all",
) -> object:
    plans = selectors.compute_plans(stage=stage, stage_start=date, pathway=pathway)
    return Status(200, paged(plans, page, plan_as_dict))


@router.get(
    "/checklist",
    response={200: page_of(ChecklistItemOut), 400: ErrorOut},
    summary="Readiness checklist for students",
)
def checklist(request: HttpRequest, page: Query[PageIn], stage: SearchText) -> object:
    items = selectors.checklist(stage=stage, on=timezone.localdate())
    return Status(200, paged(items, page))


@router.get("/plans", response=page_of(SavedPlanOut), auth=logged_in, summary="My saved plans")
def my_plans(request: AuthedRequest, page: Query[PageIn]) -> object:
    return paged(selectors.plans_of(request.user), page)


@router.post(
    "/plans",
    response={201: SavedPlanOut, 400: ErrorOut},
    auth=logged_in,
    summary="Save a plan",
)
def save_plan(request: AuthedRequest, payload: SavedPlanIn) -> object:
    return Status(201, services.save_plan(owner=request.user, **payload.dict()))


@router.get("/plans/{plan_id}", response=SavedPlanOut, auth=logged_in, summary="One saved plan")
def get_saved_plan(request: AuthedRequest, plan_id: RecordId) -> object:
    return selectors.get_plan(request.user, plan_id)


@router.delete("/plans/{plan_id}", response={204: None}, auth=logged_in, summary="Delete a plan")
def delete_saved_plan(request: AuthedRequest, plan_id: RecordId) -> object:
    saved = selectors.get_plan(request.user, plan_id)
    services.delete_plan(actor=request.user, plan=saved)
    return Status(204, None)


class TimeOffIn(Schema):
    kind: str = model_field(TimeOff, "kind", default="vacation")
    start: PlausibleDate
    end: PlausibleDate


class TimeOffOut(Schema):
    id: int
    kind: str
    start: dt.date
    end: dt.date


class TrainingIn(Schema):
    pathway: str = model_field(TrainingRecord, "pathway")
    stage: str = model_field(TrainingRecord, "stage")
    stage_start: PlausibleDate


class TrainingOut(Schema):
    pathway: str
    stage: str
    stage_start: dt.date
    extension_workdays: int
    time_off: list[TimeOffOut]
    plan: PlanOut


def _training_out(found: Any) -> dict[str, Any]:
    return {
        **found.as_record(),
        "time_off": list(found.time_off.all()),
        "plan": plan_as_dict(training.full_plan(found)),
    }


@router.get(
    "/training",
    response={200: TrainingOut, 404: ErrorOut},
    auth=logged_in,
    summary="My training record and its plan",
    description=(
        "The one record of the trainee's pathway, stage and dates; `plan` is the full plan "
        "from PGY-1 with time off and extension, the same dates as the planner page and the "
        "certification status."
    ),
)
def my_training(request: AuthedRequest) -> object:
    found = training.record_of(request.user)
    if found is None:
        raise NotFound("No training record: enter your pathway and stage.")
    return Status(200, _training_out(found))


@router.put(
    "/training",
    response={200: TrainingOut, 400: ErrorOut},
    auth=logged_in,
    summary="Enter or change my training record",
)
def put_training(request: AuthedRequest, payload: TrainingIn) -> object:
    found = training.set_training(actor=request.user, trainee=request.user, **payload.dict())
    return Status(200, _training_out(training.record_of(found.user)))


@router.post(
    "/training/time-off",
    response={201: TimeOffOut, 400: ErrorOut},
    auth=logged_in,
    summary="Record time off from training",
)
def add_time_off(request: AuthedRequest, payload: TimeOffIn) -> object:
    item = training.add_time_off(actor=request.user, trainee=request.user, **payload.dict())
    return Status(201, item)


@router.delete(
    "/training/time-off/{time_off_id}",
    response={204: None, 404: ErrorOut},
    auth=logged_in,
    summary="Remove time off",
)
def delete_time_off(request: AuthedRequest, time_off_id: RecordId) -> object:
    training.delete_time_off(actor=request.user, trainee=request.user, time_off_id=time_off_id)
    return Status(204, None)
