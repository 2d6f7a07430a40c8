"""JSON API for scholarly activity, mentorships, meeting notes and the annual-update export.

Thin, with the web's checks: ``selectors`` decide who sees what (anything else
answers 404), ``services`` check, write and audit. Each kind of activity has
the same five endpoints under ``/{kind}``: publications, presentations,
research, qi, conferences.
"""

import datetime as dt

from django.http import HttpResponse
from ninja import Field, Query, Router, Schema, Status

from seldinger.accounts import selectors as access
from seldinger.accounts.api_auth import logged_in
from seldinger.accounts.models import User
from seldinger.accounts.requests import AuthedRequest
from seldinger.api_errors import ErrorOut
from seldinger.api_helpers import (
    PageIn,
    PlausibleDate,
    PlausibleYear,
    RecordEndpoints,
    RecordId,
    SearchText,
    model_field,
    narrowed,
    page_of,
    paged,
)
from seldinger.errors import Invalid, NotFound
from seldinger.lookups import one_or_refuse
from seldinger.scholarship import selectors, services
from seldinger.scholarship.models import (
    ConferenceAttendance,
    MeetingNote,
    Presentation,
    ProjectStatus,
    Publication,
    QualityProject,
    ResearchProject,
)
from seldinger.scholarship.views import export_response

router = Router(auth=logged_in)


# Schemas ----------------------------------------------------------------------------------


class PublicationIn(Schema):
    title: str = model_field(Publication, "title")
    journal: str = model_field(Publication, "journal")
    year: PlausibleYear
    date: PlausibleDate | None = None
    authors: str = model_field(Publication, "authors")
    doi: str = model_field(Publication, "doi", default="")
    pmid: str = model_field(Publication, "pmid", default="")
    status: str = model_field(Publication, "status", default=Publication.Status.SUBMITTED)


class PublicationOut(Schema):
    title: str
    journal: str
    year: int
    date: dt.date | None
    authors: str
    doi: str
    pmid: str
    status: str
    id: int
    trainee_id: int


class PresentationIn(Schema):
    title: str = model_field(Presentation, "title")
    meeting: str = model_field(Presentation, "meeting", default=Presentation.Meeting.SIR)
    meeting_other: str = model_field(Presentation, "meeting_other", default="")
    date: PlausibleDate
    kind: str = model_field(Presentation, "kind", default=Presentation.Kind.ORAL)


class PresentationOut(Schema):
    title: str
    meeting: str
    meeting_other: str
    date: dt.date
    kind: str
    id: int
    trainee_id: int


class ResearchIn(Schema):
    title: str = model_field(ResearchProject, "title")
    role: str = model_field(ResearchProject, "role")
    start_date: PlausibleDate
    end_date: PlausibleDate | None = None
    status: str = model_field(ResearchProject, "status", default=ProjectStatus.ACTIVE)
    irb_approved: bool = False


class ResearchOut(Schema):
    title: str
    role: str
    start_date: dt.date
    end_date: dt.date | None
    status: str
    irb_approved: bool
    id: int
    trainee_id: int


class QualityIn(Schema):
    title: str = model_field(QualityProject, "title")
    aim: str = model_field(QualityProject, "aim")
    start_date: PlausibleDate
    end_date: PlausibleDate | None = None
    status: str = model_field(QualityProject, "status", default=ProjectStatus.ACTIVE)


class QualityOut(Schema):
    title: str
    aim: str
    start_date: dt.date
    end_date: dt.date | None
    status: str
    id: int
    trainee_id: int


class ConferenceIn(Schema):
    title: str = model_field(ConferenceAttendance, "title")
    start_date: PlausibleDate
    end_date: PlausibleDate


class ConferenceOut(Schema):
    title: str
    start_date: dt.date
    end_date: dt.date
    id: int
    trainee_id: int


class ResidentOut(Schema):
    id: int
    username: str
    name: str


class MentorshipIn(Schema):
    program_id: RecordId
    resident_id: RecordId
    mentor_id: RecordId


class MentorshipOut(Schema):
    id: int
    program_id: int
    resident_id: int
    mentor_id: int
    started_on: dt.date
    ended_on: dt.date | None


class NoteIn(Schema):
    date: PlausibleDate
    notes: str = model_field(MeetingNote, "notes")


class NoteCreateIn(NoteIn):
    resident_id: RecordId


class NoteOut(Schema):
    id: int
    resident_id: int = Field(alias="mentorship.resident_id")
    mentor_id: int = Field(alias="mentorship.mentor_id")
    author_id: int | None
    date: dt.date
    notes: str


def _name(user: User) -> str:
    return user.get_full_name() or user.get_username()


# Residents --------------------------------------------------------------------------------


def _resident_out(user: User) -> dict[str, object]:
    return {"id": user.pk, "username": user.username, "name": _name(user)}


@router.get(
    "/residents", response=page_of(ResidentOut), summary="Residents whose records I may read"
)
def list_residents(request: AuthedRequest, page: Query[PageIn]) -> object:
    return paged(selectors.trainees_visible_to(request.user), page, _resident_out)


# Activities: five endpoints per kind ------------------------------------------------------


def _register(kind: str, label: str, schema_in: type[Schema], schema_out: type[Schema]) -> None:
    ident = kind.replace("-", "_")

    @router.get(
        f"/{kind}",
        response=page_of(schema_out),
        summary=f"List {label} (mine, or a resident's I may read)",
        operation_id=f"scholarship_list_{ident}",
    )
    def list_activities(
        request: AuthedRequest, page: Query[PageIn], resident_id: RecordId | None = None
    ) -> object:
        user = request.user
        trainee = user if resident_id is None else selectors.get_visible_trainee(user, resident_id)
        return paged(selectors.activities_of(trainee, kind), page)

    @router.post(
        f"/{kind}",
        response={201: schema_out, 400: ErrorOut, 404: ErrorOut},
        summary=f"Add one of my {label}",
        operation_id=f"scholarship_add_{ident}",
    )
    def add(request: AuthedRequest, payload: schema_in) -> object:  # type: ignore[valid-type]
        if not selectors.is_trainee(request.user):
            raise NotFound("Only residents and fellows keep scholarly records.")
        activity = services.add_activity(
            owner=request.user,
            kind=kind,
            values=payload.dict(),  # type: ignore[attr-defined]
        )
        return Status(201, activity)

    @router.get(
        f"/{kind}/{{activity_id}}",
        response=schema_out,
        summary=f"One of {label} I may read",
        operation_id=f"scholarship_get_{ident}",
    )
    def get(request: AuthedRequest, activity_id: RecordId) -> object:
        return selectors.get_visible_activity(request.user, kind, activity_id)

    @router.put(
        f"/{kind}/{{activity_id}}",
        response={200: schema_out, 400: ErrorOut, 404: ErrorOut},
        summary=f"Change one of my {label}",
        operation_id=f"scholarship_change_{ident}",
    )
    def change(request: AuthedRequest, activity_id: RecordId, payload: schema_in) -> object:  # type: ignore[valid-type]
        activity = selectors.get_own_activity(request.user, kind, activity_id)
        services.change_activity(
            actor=request.user,
            activity=activity,
            values=payload.dict(),  # type: ignore[attr-defined]
        )
        return Status(200, activity)

    @router.delete(
        f"/{kind}/{{activity_id}}",
        response={204: None, 404: ErrorOut},
        summary=f"Delete one of my {label}",
        operation_id=f"scholarship_delete_{ident}",
    )
    def delete(request: AuthedRequest, activity_id: RecordId) -> object:
        activity = selectors.get_own_activity(request.user, kind, activity_id)
        services.delete_activity(actor=request.user, activity=activity)
        return Status(204, None)


for _model, _in, _out in (
    (Publication, PublicationIn, PublicationOut),
    (Presentation, PresentationIn, PresentationOut),
    (ResearchProject, ResearchIn, ResearchOut),
    (QualityProject, QualityIn, QualityOut),
    (ConferenceAttendance, ConferenceIn, ConferenceOut),
):
    _register(_model.KIND, _model.PLURAL.lower(), _in, _out)


# Mentorships ------------------------------------------------------------------------------


@router.get(
    "/mentorships", response=page_of(MentorshipOut), summary="Mentorships I am part of or direct"
)
def list_mentorships(request: AuthedRequest, page: Query[PageIn], current: bool = False) -> object:
    mentorships = selectors.mentorships_visible_to(request.user)
    if current:
        mentorships = mentorships.filter(ended_on__isnull=True)
    return paged(mentorships, page)


@router.post(
    "/mentorships",
    response={201: MentorshipOut, 400: ErrorOut, 404: ErrorOut},
    summary="Assign a faculty mentor to a resident of my program (directors)",
)
def assign_mentor(request: AuthedRequest, payload: MentorshipIn) -> object:
    user = request.user
    program = one_or_refuse(
        access.programs_directed_by(user),
        NotFound("No such program of yours."),
        pk=payload.program_id,
    )
    resident = one_or_refuse(
        access.trainees_of(program),
        NotFound("No such resident of this program."),
        pk=payload.resident_id,
    )
    mentor = one_or_refuse(
        User.objects.filter(is_active=True),
        Invalid("mentor: no such user.", errors={"mentor": "No such user."}),
        pk=payload.mentor_id,
    )
    mentorship = services.assign_mentor(
        director=user, program=program, resident=resident, mentor=mentor
    )
    return Status(201, mentorship)


@router.post(
    "/mentorships/{mentorship_id}/end",
    response={200: MentorshipOut, 404: ErrorOut},
    summary="End a mentorship in my program (directors)",
)
def end_mentorship(request: AuthedRequest, mentorship_id: RecordId) -> object:
    mentorship = selectors.get_directed_mentorship(request.user, mentorship_id)
    services.end_mentorship(actor=request.user, mentorship=mentorship)
    return Status(200, mentorship)


# Meeting notes ----------------------------------------------------------------------------


@router.get("/notes", response=page_of(NoteOut), summary="Meeting notes I may read")
def list_notes(
    request: AuthedRequest, page: Query[PageIn], resident_id: RecordId | None = None
) -> object:
    notes = selectors.notes_visible_to(request.user)
    return paged(narrowed(notes, mentorship__resident_id=resident_id), page)


@router.post(
    "/notes",
    response={201: NoteOut, 400: ErrorOut, 404: ErrorOut},
    summary="Write a meeting note (the resident or their current mentor)",
)
def add_note(request: AuthedRequest, payload: NoteCreateIn) -> object:
    user = request.user
    trainee = selectors.get_visible_trainee(user, payload.resident_id)
    mentorship = selectors.mentorship_for_notes(user, trainee)
    note = services.add_note(
        author=user, mentorship=mentorship, date=payload.date, notes=payload.notes
    )
    return Status(201, note)


@router.get("/notes/{note_id}", response=NoteOut, summary="One meeting note I may read")
def get_note(request: AuthedRequest, note_id: RecordId) -> object:
    return selectors.get_visible_note(request.user, note_id)


# Only the note's author changes or deletes it.
one_note = RecordEndpoints(
    router, "/notes/{note_id}", NoteOut, find=selectors.get_own_note, refusals={404}
)
one_note.change("change_note", NoteIn, services.change_note, "Change a meeting note I wrote")
one_note.delete("delete_note", services.delete_note, "Delete a meeting note I wrote")


# Export -----------------------------------------------------------------------------------


@router.get(
    "/export",
    response={200: None, 404: ErrorOut},
    summary="Annual update export of my program (directors and coordinators)",
    description="CSV (`format=csv`, one row per activity; `format=summary-csv`, counts per "
    "resident by type) or XLSX (`format=xlsx`, both sheets) for the academic year starting "
    "July 1 of `year`. With `resident_id`, only that resident of the program. A program "
    "or resident that is not the caller's, or an unknown format, answers 404.",
)
def export(
    request: AuthedRequest,
    program_id: RecordId,
    year: PlausibleYear,
    format: SearchText = "csv",
    resident_id: RecordId | None = None,
) -> HttpResponse:
    return export_response(request.user, program_id, year, format, resident_id)
