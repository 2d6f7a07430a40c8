"""JSON API for the tracker and rank order lists. Thin: the same selectors and services as
the pages, so the two never disagree. Anyone else's records answer 404."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.security import django_auth

from seldinger.applications import selectors, services
from seldinger.applications.models import ApplicantProfile, Application, Couple
from seldinger.applications.selectors import Track
from seldinger.applications.services import InvalidChange, ListLocked
from seldinger.applications.tracks import TRACK_KINDS
from seldinger.programs.models import Program

router = Router(tags=["applications"], auth=django_auth)

NOT_AN_APPLICANT = "Only students and residents who apply keep a tracker and a rank order list."
STATUSES = ", ".join(Application.Status.values)


class ErrorOut(Schema):
    detail: str


class ApplicationIn(Schema):
    program: str = Field("", description="The program's ACGME ID (on POST; ignored on PUT)")
    status: str = Field("interested", description=f"One of {STATUSES}")
    signal: bool = Field(False, description="A program signal was sent")
    applied_on: dt.date | None = None
    interview_invited_on: dt.date | None = None
    interview_date: dt.date | None = None
    notes: str = Field("", description="Private notes: only you see them")


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
    match_year: int | None = None
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


class SeasonEventOut(Schema):
    key: str
    name: str
    date: dt.date
    until: dt.date | None
    approximate: bool
    note: str


class SeasonOut(Schema):
    match_year: int
    match_day: dt.date | None
    certification_deadline: dt.date | None
    events: list[SeasonEventOut]
    notes: list[str]


class ListStateOut(Schema):
    certified: bool
    locked: bool
    locked_reason: str | None
    deadline: dt.date | None


class RankListOut(ListStateOut):
    match_year: int
    tracks: list[str] = Field(
        description="Program track ids (<ACGME ID>:<kind>), first choice first"
    )
    supplemental: dict[str, list[str]] = Field(
        description="Advanced track id -> preliminary track ids, in order"
    )


class RankListIn(Schema):
    tracks: list[str] = Field(description="Program track ids (<ACGME ID>:<kind>) in order")
    supplemental: dict[str, list[str]] = {}


class TrackOut(Schema):
    id: str
    program: str
    program_name: str
    kind: str
    positions: int


class CoupleOut(ListStateOut):
    id: int
    match_year: int
    status: str
    first: str
    second: str
    pairs: list[list[str | None]]


class InviteIn(Schema):
    username: str


class PairsIn(Schema):
    pairs: list[list[str | None]] = Field(
        description="[first partner's track id or null, second partner's track id or null], "
        "in order"
    )


class ProgramRankListOut(ListStateOut):
    program: str
    track: str
    match_year: int
    positions: int
    applicants: list[str] = Field(description="Usernames, first choice first")
    candidates: list[str] = Field(description="Usernames of everyone who applied (rankable)")


class ProgramRankListIn(Schema):
    applicants: list[str] = Field(description="Usernames, first choice first")


def _error(code: int, detail: str) -> Status[dict[str, str]]:
    return Status(code, {"detail": detail})


def _refused(error: Exception) -> Status[dict[str, str]]:
    return _error(409 if isinstance(error, ListLocked) else 400, str(error))


def _applicant(request: HttpRequest) -> Any:
    return request.user if selectors.may_apply(request.user) else None


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


def _state(container: Any, match_year: int) -> dict[str, Any]:
    state = selectors.list_state(container, match_year)
    return {
        "certified": state.certified,
        "locked": state.locked,
        "locked_reason": state.locked_reason,
        "deadline": state.deadline,
    }


# The tracker ---------------------------------------------------------------------------


@router.get("/", response={200: list[ApplicationOut], 403: ErrorOut}, summary="My applications")
def list_applications(request: HttpRequest) -> object:
    if _applicant(request) is None:
        return _error(403, NOT_AN_APPLICANT)
    return Status(200, [_application_out(item) for item in selectors.applications_of(request.user)])


@router.post(
    "/",
    response={201: ApplicationOut, 400: ErrorOut, 403: ErrorOut},
    summary="Track a program",
)
def create_application(request: HttpRequest, payload: ApplicationIn) -> object:
    applicant = _applicant(request)
    if applicant is None:
        return _error(403, NOT_AN_APPLICANT)
    program = Program.objects.filter(acgme_id=payload.program).first()
    if program is None:
        return _error(400, f"No program with ACGME ID {payload.program!r}.")
    try:
        application = services.create_application(
            applicant=applicant, program=program, **_fields(payload)
        )
    except InvalidChange as error:
        return _error(400, str(error))
    return Status(201, _application_out(application))


@router.get(
    "/{int:application_id}", response={200: ApplicationOut}, summary="One of my applications"
)
def get_application(request: HttpRequest, application_id: int) -> object:
    return Status(200, _application_out(selectors.get_application(request.user, application_id)))


@router.put(
    "/{int:application_id}",
    response={200: ApplicationOut, 400: ErrorOut},
    summary="Change one of my applications",
)
def update_application(request: HttpRequest, application_id: int, payload: ApplicationIn) -> object:
    application = selectors.get_application(request.user, application_id)
    try:
        services.update_application(
            actor=request.user,  # type: ignore[arg-type]
            application=application,
            **_fields(payload),
        )
    except InvalidChange as error:
        return _error(400, str(error))
    return Status(200, _application_out(application))


@router.delete("/{int:application_id}", response={204: None}, summary="Stop tracking a program")
def delete_application(request: HttpRequest, application_id: int) -> object:
    application = selectors.get_application(request.user, application_id)
    services.delete_application(actor=request.user, application=application)  # type: ignore[arg-type]
    return Status(204, None)


def _checklist_out(profile: ApplicantProfile, user: Any) -> dict[str, Any]:
    return {**profile.as_record(), "signals_used": selectors.signals_used(user)}


@router.get("/checklist", response={200: ChecklistOut, 403: ErrorOut}, summary="My checklist")
def get_checklist(request: HttpRequest) -> object:
    applicant = _applicant(request)
    if applicant is None:
        return _error(403, NOT_AN_APPLICANT)
    return Status(200, _checklist_out(selectors.profile_of(applicant), applicant))


@router.put(
    "/checklist",
    response={200: ChecklistOut, 400: ErrorOut, 403: ErrorOut},
    summary="Update my checklist (fields left out or null stay as they are, except scores)",
)
def update_checklist(request: HttpRequest, payload: ProfileIO) -> object:
    applicant = _applicant(request)
    if applicant is None:
        return _error(403, NOT_AN_APPLICANT)
    fields = payload.dict(exclude_unset=True)
    fields = {
        name: value
        for name, value in fields.items()
        if value is not None
        or name in ("usmle_step2_score", "comlex_level2_score", "signals_available")
    }
    if "match_year" in fields and not 2012 <= fields["match_year"] <= 2100:
        return _error(400, "match_year must be between 2012 and 2100.")
    try:
        profile = services.save_profile(user=applicant, **fields)
    except InvalidChange as error:
        return _error(400, str(error))
    return Status(200, _checklist_out(profile, applicant))


@router.get(
    "/season",
    response=SeasonOut,
    auth=None,
    summary="Main Residency Match season dates (default: the current match year)",
)
def get_season(request: HttpRequest, match_year: int | None = None) -> object:
    if match_year is None:
        match_year = (
            selectors.profile_of(request.user).match_year  # type: ignore[arg-type]
            if selectors.may_apply(request.user)
            else selectors.current_match_year()
        )
    if not 2012 <= match_year <= 2100:
        match_year = selectors.current_match_year()
    found = selectors.season(match_year)
    return {
        "match_year": found.match_year,
        "match_day": found.match_day,
        "certification_deadline": found.certification_deadline,
        "events": found.events,
        "notes": found.notes,
    }


@router.get("/tracks", response=list[TrackOut], summary="Program tracks in the match")
def list_tracks(request: HttpRequest, kind: str | None = None) -> object:
    if kind is not None and kind not in TRACK_KINDS:
        return []
    return [_track_out(track) for track in selectors.available_tracks(kind)]


def _track_out(track: Track) -> dict[str, Any]:
    return {
        "id": track.id,
        "program": track.program.acgme_id,
        "program_name": track.program.name,
        "kind": track.kind,
        "positions": track.positions,
    }


# My rank order list --------------------------------------------------------------------


def _rank_list_out(applicant: Any) -> dict[str, Any]:
    match_year = selectors.profile_of(applicant).match_year
    found = selectors.rank_list_of(applicant, match_year)
    record = found.as_record() if found else {"tracks": [], "supplemental": {}}
    return {
        **_state(found, match_year),
        "match_year": match_year,
        "tracks": record["tracks"],
        "supplemental": record["supplemental"],
    }


@router.get("/rank-list", response={200: RankListOut, 403: ErrorOut}, summary="My rank order list")
def get_rank_list(request: HttpRequest) -> object:
    applicant = _applicant(request)
    if applicant is None:
        return _error(403, NOT_AN_APPLICANT)
    return Status(200, _rank_list_out(applicant))


@router.put(
    "/rank-list",
    response={200: RankListOut, 400: ErrorOut, 403: ErrorOut, 409: ErrorOut},
    summary="Replace my rank order list (track ids in order, with supplemental lists)",
)
def put_rank_list(request: HttpRequest, payload: RankListIn) -> object:
    applicant = _applicant(request)
    if applicant is None:
        return _error(403, NOT_AN_APPLICANT)
    try:
        services.replace_rank_list(
            applicant=applicant,
            match_year=selectors.profile_of(applicant).match_year,
            tracks=payload.tracks,
            supplemental=payload.supplemental,
        )
    except (ListLocked, InvalidChange) as error:
        return _refused(error)
    return Status(200, _rank_list_out(applicant))


def _certify_applicant_list(request: HttpRequest, *, certify: bool) -> object:
    applicant = _applicant(request)
    if applicant is None:
        return _error(403, NOT_AN_APPLICANT)
    found = selectors.rank_list_of(applicant, selectors.profile_of(applicant).match_year)
    if found is None:
        return _error(400, "Your list is empty.")
    try:
        if certify:
            services.certify(actor=applicant, container=found)
        else:
            services.uncertify(actor=applicant, container=found)
    except (ListLocked, InvalidChange) as error:
        return _refused(error)
    return Status(200, _rank_list_out(applicant))


CERTIFY_RESPONSES = {200: RankListOut, 400: ErrorOut, 403: ErrorOut, 409: ErrorOut}


@router.post("/rank-list/certify", response=CERTIFY_RESPONSES, summary="Certify my list")
def certify_rank_list(request: HttpRequest) -> object:
    return _certify_applicant_list(request, certify=True)


@router.post("/rank-list/uncertify", response=CERTIFY_RESPONSES, summary="Uncertify my list")
def uncertify_rank_list(request: HttpRequest) -> object:
    return _certify_applicant_list(request, certify=False)


# Couples -----------------------------------------------------------------------------


def _couple_out(couple: Couple) -> dict[str, Any]:
    record = couple.as_record()
    return {
        **_state(couple, couple.match_year),
        "id": couple.pk,
        "match_year": couple.match_year,
        "status": couple.status,
        "first": record["first"],
        "second": record["second"],
        "pairs": record["pairs"],
    }


def _my_couple(request: HttpRequest) -> Couple | None:
    applicant = _applicant(request)
    if applicant is None:
        return None
    return selectors.couple_of(applicant, selectors.profile_of(applicant).match_year)


@router.get(
    "/couple",
    response={200: CoupleOut, 404: ErrorOut},
    summary="My couple (formed, or the invitation I sent)",
)
def get_couple(request: HttpRequest) -> object:
    couple = _my_couple(request)
    if couple is None:
        return _error(404, "You are not in a couple.")
    return Status(200, _couple_out(couple))


@router.get("/couple/invitations", response=list[CoupleOut], summary="Invitations sent to me")
def couple_invitations(request: HttpRequest) -> object:
    applicant = _applicant(request)
    if applicant is None:
        return []
    match_year = selectors.profile_of(applicant).match_year
    return [_couple_out(couple) for couple in selectors.invitations_to(applicant, match_year)]


@router.post(
    "/couple/invite",
    response={201: CoupleOut, 400: ErrorOut, 403: ErrorOut},
    summary="Invite a partner to match as a couple",
)
def couple_invite(request: HttpRequest, payload: InviteIn) -> object:
    applicant = _applicant(request)
    if applicant is None:
        return _error(403, NOT_AN_APPLICANT)
    try:
        couple = services.invite_partner(inviter=applicant, partner_username=payload.username)
    except InvalidChange as error:
        return _error(400, str(error))
    return Status(201, _couple_out(couple))


@router.post(
    "/couple/{int:couple_id}/accept",
    response={200: CoupleOut, 400: ErrorOut},
    summary="Accept an invitation",
)
def couple_accept(request: HttpRequest, couple_id: int) -> object:
    couple = selectors.get_couple(request.user, couple_id)
    try:
        services.accept_invitation(user=request.user, couple=couple)  # type: ignore[arg-type]
    except InvalidChange as error:
        return _error(400, str(error))
    return Status(200, _couple_out(couple))


@router.delete(
    "/couple/{int:couple_id}",
    response={204: None, 400: ErrorOut, 409: ErrorOut},
    summary="Decline or withdraw an invitation, or dissolve a couple",
)
def couple_leave(request: HttpRequest, couple_id: int) -> object:
    couple = selectors.get_couple(request.user, couple_id)
    try:
        services.leave_couple(user=request.user, couple=couple)  # type: ignore[arg-type]
    except (ListLocked, InvalidChange) as error:
        return _refused(error)
    return Status(204, None)


@router.put(
    "/couple/rank-list",
    response={200: CoupleOut, 400: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Replace my couple's paired list",
)
def couple_put_pairs(request: HttpRequest, payload: PairsIn) -> object:
    couple = _my_couple(request)
    if couple is None:
        return _error(404, "You are not in a couple.")
    try:
        services.replace_pairs(actor=request.user, couple=couple, pairs=payload.pairs)  # type: ignore[arg-type]
    except (ListLocked, InvalidChange) as error:
        return _refused(error)
    return Status(200, _couple_out(couple))


def _certify_couple(request: HttpRequest, *, certify: bool) -> object:
    couple = _my_couple(request)
    if couple is None:
        return _error(404, "You are not in a couple.")
    try:
        if certify:
            services.certify(actor=request.user, container=couple)  # type: ignore[arg-type]
        else:
            services.uncertify(actor=request.user, container=couple)  # type: ignore[arg-type]
    except (ListLocked, InvalidChange) as error:
        return _refused(error)
    return Status(200, _couple_out(couple))


COUPLE_CERTIFY_RESPONSES = {200: CoupleOut, 400: ErrorOut, 404: ErrorOut, 409: ErrorOut}


@router.post(
    "/couple/rank-list/certify",
    response=COUPLE_CERTIFY_RESPONSES,
    summary="Certify the paired list",
)
def couple_certify(request: HttpRequest) -> object:
    return _certify_couple(request, certify=True)


@router.post(
    "/couple/rank-list/uncertify",
    response=COUPLE_CERTIFY_RESPONSES,
    summary="Uncertify the paired list",
)
def couple_uncertify(request: HttpRequest) -> object:
    return _certify_couple(request, certify=False)


# Programs' rank order lists (directors and coordinators) -------------------------------


def _year(match_year: int | None) -> int:
    if match_year is None or not 2012 <= match_year <= 2100:
        return selectors.current_match_year()
    return match_year


def _program_list_out(track: Track, match_year: int) -> dict[str, Any]:
    found = selectors.program_rank_list(track, match_year)
    return {
        **_state(found, match_year),
        "program": track.program.acgme_id,
        "track": track.kind,
        "match_year": match_year,
        "positions": track.positions,
        "applicants": [entry.applicant.username for entry in selectors.program_rank_entries(found)],
        "candidates": list(
            selectors.candidates_for(track.program).values_list("username", flat=True)
        ),
    }


@router.get(
    "/programs",
    response=list[ProgramRankListOut],
    summary="Rank order lists of the programs I lead (one per track)",
)
def program_lists(request: HttpRequest, match_year: int | None = None) -> object:
    year = _year(match_year)
    return [
        _program_list_out(track, year)
        for program in selectors.ranking_programs(request.user)
        for track in selectors.program_tracks(program)
    ]


@router.get(
    "/programs/{acgme_id}/{track}/rank-list",
    response=ProgramRankListOut,
    summary="A program track's rank order list",
)
def get_program_list(
    request: HttpRequest, acgme_id: str, track: str, match_year: int | None = None
) -> object:
    found = selectors.get_program_track(request.user, acgme_id, track)
    return _program_list_out(found, _year(match_year))


@router.put(
    "/programs/{acgme_id}/{track}/rank-list",
    response={200: ProgramRankListOut, 400: ErrorOut, 409: ErrorOut},
    summary="Replace a program track's rank order list (usernames in order)",
)
def put_program_list(
    request: HttpRequest,
    acgme_id: str,
    track: str,
    payload: ProgramRankListIn,
    match_year: int | None = None,
) -> object:
    found = selectors.get_program_track(request.user, acgme_id, track)
    year = _year(match_year)
    try:
        services.replace_program_list(
            actor=request.user,  # type: ignore[arg-type]
            track=found,
            match_year=year,
            usernames=payload.applicants,
        )
    except (ListLocked, InvalidChange) as error:
        return _refused(error)
    return Status(200, _program_list_out(found, year))


def _certify_program_list(
    request: HttpRequest, acgme_id: str, track: str, match_year: int | None, *, certify: bool
) -> object:
    found = selectors.get_program_track(request.user, acgme_id, track)
    year = _year(match_year)
    rank_list = selectors.program_rank_list(found, year)
    if rank_list is None:
        return _error(400, "The list is empty.")
    try:
        if certify:
            services.certify(actor=request.user, container=rank_list)  # type: ignore[arg-type]
        else:
            services.uncertify(actor=request.user, container=rank_list)  # type: ignore[arg-type]
    except (ListLocked, InvalidChange) as error:
        return _refused(error)
    return Status(200, _program_list_out(found, year))


PROGRAM_CERTIFY_RESPONSES = {200: ProgramRankListOut, 400: ErrorOut, 409: ErrorOut}


@router.post(
    "/programs/{acgme_id}/{track}/rank-list/certify",
    response=PROGRAM_CERTIFY_RESPONSES,
    summary="Certify a program track's list",
)
def certify_program_list(
    request: HttpRequest, acgme_id: str, track: str, match_year: int | None = None
) -> object:
    return _certify_program_list(request, acgme_id, track, match_year, certify=True)


@router.post(
    "/programs/{acgme_id}/{track}/rank-list/uncertify",
    response=PROGRAM_CERTIFY_RESPONSES,
    summary="Uncertify a program track's list",
)
def uncertify_program_list(
    request: HttpRequest, acgme_id: str, track: str, match_year: int | None = None
) -> object:
    return _certify_program_list(request, acgme_id, track, match_year, certify=False)
