"""The API of a program's people, for its leaders: members, invitations, the roster import,
deactivation. A program someone does not lead answers 404, as one that does not exist."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from seldinger.accounts import selectors as access
from seldinger.accounts.api_auth import logged_in
from seldinger.accounts.requests import AuthedRequest
from seldinger.api_errors import ErrorOut
from seldinger.api_helpers import PageIn, PlausibleDate, RecordId, model_field, page_of, paged
from seldinger.errors import Invalid
from seldinger.people import selectors, services
from seldinger.people.models import Invitation
from seldinger.tabular import FileError

router = Router(auth=logged_in, tags=["people"])
REFUSED: dict[int, Any] = {403: ErrorOut, 404: ErrorOut}


class AppointmentOut(Schema):
    kind: str
    start_date: dt.date | None
    end_date: dt.date | None
    current: bool


class PersonOut(Schema):
    id: int
    username: str
    name: str
    email: str
    deactivated_at: dt.datetime | None
    appointments: list[AppointmentOut]


class InvitationIn(Schema):
    email: str = model_field(Invitation, "email")
    first_name: str = model_field(Invitation, "first_name")
    last_name: str = model_field(Invitation, "last_name")
    role: str = model_field(Invitation, "role", description="resident, fellow or faculty")
    start_date: PlausibleDate | None = None
    end_date: PlausibleDate | None = None


class InvitationOut(Schema):
    id: int
    email: str
    first_name: str
    last_name: str
    role: str
    start_date: dt.date | None
    end_date: dt.date | None
    pgy: int | None
    pathway: str
    status: str
    sent_at: dt.datetime
    expires_at: dt.datetime
    accepted_at: dt.datetime | None
    revoked_at: dt.datetime | None


class RosterRowOut(Schema):
    line: int
    email: str
    first_name: str
    last_name: str
    role: str
    start_date: dt.date | None
    end_date: dt.date | None
    pgy: int | None
    pathway: str | None


class RosterErrorOut(Schema):
    line: int
    field: str
    message: str


class RosterOut(Schema):
    file: str
    rows: int
    dry_run: bool
    invited: int
    summary: str
    invitees: list[RosterRowOut]
    errors: list[RosterErrorOut]


def _person(person: selectors.Person) -> dict[str, Any]:
    user = person.user
    return {
        "id": user.pk,
        "username": user.username,
        "name": user.get_full_name(),
        "email": user.email,
        "deactivated_at": user.deactivated_at,
        "appointments": [
            {
                "kind": a.kind,
                "start_date": a.start_date,
                "end_date": a.end_date,
                "current": a.current,
            }
            for a in person.appointments
        ],
    }


def _invitation(invitation: Invitation) -> Invitation:
    invitation.status = invitation.status_at(dt.datetime.now(dt.UTC))  # type: ignore[attr-defined]
    return invitation


@router.get(
    "/programs/{program_id}/people",
    response={200: page_of(PersonOut), **REFUSED},
    summary="A program's members (for its director and coordinator)",
)
def list_people(request: AuthedRequest, program_id: RecordId, page: Query[PageIn]) -> object:
    program = access.program_led_by(request.user, program_id)
    return Status(200, paged(selectors.people_of(program, viewer=request.user), page, _person))


@router.post(
    "/programs/{program_id}/people/{user_id}/deactivate",
    response={200: PersonOut, **REFUSED},
    summary="Deactivate a graduate or a leaver: read-only from now on",
)
def deactivate(request: AuthedRequest, program_id: RecordId, user_id: RecordId) -> object:
    return _person_action(request, program_id, user_id, services.deactivate)


@router.post(
    "/programs/{program_id}/people/{user_id}/reactivate",
    response={200: PersonOut, **REFUSED},
    summary="Reactivate a deactivated member",
)
def reactivate(request: AuthedRequest, program_id: RecordId, user_id: RecordId) -> object:
    return _person_action(request, program_id, user_id, services.reactivate)


def _person_action(request: AuthedRequest, program_id: int, user_id: int, act: Any) -> object:
    program = access.program_led_by(request.user, program_id)
    person = selectors.person_in(program, user_id)
    act(actor=request.user, program=program, person=person)
    shown = next(p for p in selectors.people_of(program, viewer=request.user) if p.user == person)
    return Status(200, _person(shown))


@router.get(
    "/programs/{program_id}/invitations",
    response={200: page_of(InvitationOut), **REFUSED},
    summary="A program's invitations, newest first",
)
def list_invitations(request: AuthedRequest, program_id: RecordId, page: Query[PageIn]) -> object:
    program = access.program_led_by(request.user, program_id)
    return Status(200, paged(selectors.invitations_of(program), page, _invitation))


@router.post(
    "/programs/{program_id}/invitations",
    response={201: InvitationOut, 400: ErrorOut, 409: ErrorOut, **REFUSED},
    summary="Invite someone to the program (the e-mail with their link goes out)",
)
def invite(request: AuthedRequest, program_id: RecordId, payload: InvitationIn) -> object:
    program = access.program_led_by(request.user, program_id)
    invitation = services.invite(actor=request.user, program=program, **payload.dict())
    return Status(201, _invitation(invitation))


@router.post(
    "/programs/{program_id}/invitations/{invitation_id}/resend",
    response={200: InvitationOut, 409: ErrorOut, **REFUSED},
    summary="Send an invitation again, with a new link",
)
def resend(request: AuthedRequest, program_id: RecordId, invitation_id: RecordId) -> object:
    program = access.program_led_by(request.user, program_id)
    invitation = selectors.invitation_of(program, invitation_id)
    return Status(200, _invitation(services.resend(actor=request.user, invitation=invitation)))


@router.post(
    "/programs/{program_id}/invitations/{invitation_id}/revoke",
    response={200: InvitationOut, 409: ErrorOut, **REFUSED},
    summary="Revoke an invitation not yet accepted",
)
def revoke(request: AuthedRequest, program_id: RecordId, invitation_id: RecordId) -> object:
    program = access.program_led_by(request.user, program_id)
    invitation = selectors.invitation_of(program, invitation_id)
    return Status(200, _invitation(services.revoke(actor=request.user, invitation=invitation)))


@router.post(
    "/programs/{program_id}/invitations/roster",
    response={200: RosterOut, 400: ErrorOut, **REFUSED},
    summary="Invite everyone on a roster file (CSV or XLSX), all or nothing",
    description=(
        "Multipart form: `file` (.csv or .xlsx, up to 1 MB, with a header row: email, "
        "first_name, last_name, role, and optionally start_date, end_date, and for residents "
        "and fellows pgy (1 to 7) with the pathway it is a year of) and `dry_run` "
        "(default true: preview first). With any invalid row nothing is saved and the answer "
        "is 422 with every problem in `errors` (line numbers count the header as line 1)."
    ),
)
def import_roster(
    request: AuthedRequest,
    program_id: RecordId,
    file: File[UploadedFile],
    dry_run: Form[bool] = True,
) -> object:
    program = access.program_led_by(request.user, program_id)
    name = file.name or "roster"
    if file.size is not None and file.size > services.MAX_ROSTER_BYTES:
        raise Invalid(f"{name} is larger than 1 MB, the most a roster may be", field="file")
    try:
        report = services.import_roster(
            actor=request.user, program=program, content=file.read(), name=name, dry_run=dry_run
        )
    except FileError as error:
        raise Invalid(error.located(name), errors=error.items) from None
    if report.errors:
        raise Invalid(report.summary(), errors=report.error_items(), status=422)
    return Status(200, report.as_dict())
