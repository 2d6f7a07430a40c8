"""JSON API for the tracker: my applications, my checklist, the season and the program
tracks. Thin: the same selectors and services as the pages."""

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from seldinger.accounts.api_auth import logged_in, optionally_logged_in
from seldinger.accounts.models import User
from seldinger.accounts.requests import AuthedRequest
from seldinger.api_errors import ErrorOut
from seldinger.api_helpers import (
    SEARCH_TEXT_MAX_LENGTH,
    PageIn,
    PlausibleDate,
    PlausibleYear,
    RecordId,
    SearchText,
    model_field,
    page_of,
    paged,
    schema_of,
)
from seldinger.applications import selectors, services
from seldinger.applications.models import ApplicantProfile, Application
from seldinger.applications.season import is_match_year, require_match_year
from seldinger.applications.selectors import Track
from seldinger.applications.tracks import TRACK_KINDS
from seldinger.errors import Invalid
from seldinger.lookups import one_or_refuse
from seldinger.pathways.plan import Event
from seldinger.programs.models import Program

router = Router(auth=logged_in)

STATUSES = ", ".join(Application.Status.values)


class ApplicationIn(Schema):
    program: str = Field(
        "",
        max_length=SEARCH_TEXT_MAX_LENGTH,
        description="The program's ACGME ID (on POST; ignored on PUT)",
    )
    status: str = model_field(
        Application, "status", default="interested", description=f"One of {STATUSES}"
    )
    signal: bool = Field(False, description="A program signal was sent")
    applied_on: PlausibleDate | None = None
    interview_invited_on: PlausibleDate | None = None
    interview_date: PlausibleDate | None = None
    notes: str = model_field(
        Application, "notes", default="", description="Private notes: only you see them"
    )


class ApplicationOut(Schema):
    id: int
    program: str
    program_name: str
    status: str
    signal: bool
    applied_on: dt.date | None
    interview_invited_on: dt.date | None
    interview_date: dt.date | None
    notes: str
    updated_at: dt.datetime


class ProfileIO(Schema):
    match_year: PlausibleYear | None = None
    eras_application: bool | None = None
    personal_statement: bool | None = None
    letters_count: int | None = Field(None, ge=0, le=100)
    letters_ir_count: int | None = Field(None, ge=0, le=100)
    usmle_step1_passed: bool | None = None
    usmle_step2_score: int | None = Field(None, ge=0, le=400)
    comlex_level1_passed: bool | None = None
    comlex_level2_score: int | None = Field(None, ge=0, le=1000)
    mspe: bool | None = None
    transcript: bool | None = None
    photo: bool | None = None
    signals_available: int | None = Field(None, ge=0, le=100)


class ChecklistOut(ProfileIO):
    signals_used: int


# A season's events are the planner's (every answer holds each field).
if TYPE_CHECKING:
    SeasonEventOut = Schema
else:
    SeasonEventOut = schema_of(Event, "SeasonEventOut", required=["until", "approximate", "note"])


class SeasonOut(Schema):
    match_year: int
    match_day: dt.date | None
    certification_deadline: dt.date | None
    events: list[SeasonEventOut]
    notes: list[str]


class TrackOut(Schema):
    id: str
    program: str
    program_name: str
    kind: str
    positions: int


def _application_out(application: Application) -> dict[str, Any]:
    return {
        "id": application.pk,
        "program": application.program.acgme_id,
        "program_name": application.program.name,
        "status": application.status,
        "signal": application.signal,
        "applied_on": application.applied_on,
        "interview_invited_on": application.interview_invited_on,
        "interview_date": application.interview_date,
        "notes": application.notes,
        "updated_at": application.updated_at,
    }


def _fields(payload: ApplicationIn) -> dict[str, Any]:
    return payload.dict(exclude={"program"})


# The tracker ---------------------------------------------------------------------------


@router.get("/", response={200: page_of(ApplicationOut), 403: ErrorOut}, summary="My applications")
def list_applications(request: AuthedRequest, page: Query[PageIn]) -> object:
    applicant = selectors.require_applicant(request.user)
    return Status(200, paged(selectors.applications_of(applicant), page, _application_out))


@router.post(
    "/",
    response={201: ApplicationOut, 400: ErrorOut, 403: ErrorOut},
    summary="Track a program",
)
def create_application(request: AuthedRequest, payload: ApplicationIn) -> object:
    applicant = selectors.require_applicant(request.user)
    program = one_or_refuse(
        Program.objects.all(),
        Invalid(f"No program with ACGME ID {payload.program!r}.", field="program"),
        acgme_id=payload.program,
    )
    application = services.create_application(
        applicant=applicant, program=program, **_fields(payload)
    )
    return Status(201, _application_out(application))


@router.get(
    "/{int:application_id}", response={200: ApplicationOut}, summary="One of my applications"
)
def get_application(request: AuthedRequest, application_id: RecordId) -> object:
    return Status(200, _application_out(selectors.get_application(request.user, application_id)))


@router.put(
    "/{int:application_id}",
    response={200: ApplicationOut, 400: ErrorOut},
    summary="Change one of my applications",
)
def update_application(
    request: AuthedRequest, application_id: RecordId, payload: ApplicationIn
) -> object:
    application = selectors.get_application(request.user, application_id)
    services.update_application(
        actor=request.user,
        application=application,
        **_fields(payload),
    )
    return Status(200, _application_out(application))


@router.delete("/{int:application_id}", response={204: None}, summary="Stop tracking a program")
def delete_application(request: AuthedRequest, application_id: RecordId) -> object:
    application = selectors.get_application(request.user, application_id)
    services.delete_application(actor=request.user, application=application)
    return Status(204, None)


def _checklist_out(profile: ApplicantProfile, user: User) -> dict[str, Any]:
    return {**profile.as_record(), "signals_used": selectors.signals_used(user)}


@router.get("/checklist", response={200: ChecklistOut, 403: ErrorOut}, summary="My checklist")
def get_checklist(request: AuthedRequest) -> object:
    applicant = selectors.require_applicant(request.user)
    return Status(200, _checklist_out(selectors.profile_of(applicant), applicant))


@router.put(
    "/checklist",
    response={200: ChecklistOut, 400: ErrorOut, 403: ErrorOut},
    summary="Update my checklist (fields left out or null stay as they are, except scores)",
)
def update_checklist(request: AuthedRequest, payload: ProfileIO) -> object:
    applicant = selectors.require_applicant(request.user)
    fields = payload.dict(exclude_unset=True)
    fields = {
        name: value
        for name, value in fields.items()
        if value is not None
        or name in ("usmle_step2_score", "comlex_level2_score", "signals_available")
    }
    if "match_year" in fields:
        require_match_year(fields["match_year"])
    profile = services.save_profile(user=applicant, **fields)
    return Status(200, _checklist_out(profile, applicant))


@router.get(
    "/season",
    response=SeasonOut,
    auth=optionally_logged_in,
    summary="Main Residency Match season dates (default: the current match year)",
)
def get_season(request: HttpRequest, match_year: PlausibleYear | None = None) -> object:
    if match_year is None:
        match_year = (
            selectors.profile_of(request.user).match_year
            if selectors.may_apply(request.user)
            else selectors.current_match_year()
        )
    if not is_match_year(match_year):
        match_year = selectors.current_match_year()
    found = selectors.season(match_year)
    return {
        "match_year": found.match_year,
        "match_day": found.match_day,
        "certification_deadline": found.certification_deadline,
        "events": found.events,
        "notes": found.notes,
    }


@router.get("/tracks", response=page_of(TrackOut), summary="Program tracks in the match")
def list_tracks(
    request: AuthedRequest, page: Query[PageIn], kind: SearchText | None = None
) -> object:
    tracks = (
        [] if kind is not None and kind not in TRACK_KINDS else selectors.available_tracks(kind)
    )
    return paged(tracks, page, _track_out)


def _track_out(track: Track) -> dict[str, Any]:
    return {
        "id": track.id,
        "program": track.program.acgme_id,
        "program_name": track.program.name,
        "kind": track.kind,
        "positions": track.positions,
    }
