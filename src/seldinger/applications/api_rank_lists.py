"""JSON API for an applicant's rank order list and a couple's paired list. Thin: the same
selectors and services as the pages. Anyone else's lists answer 404."""

from typing import Annotated, Any

from ninja import Field, Query, Router, Schema, Status

from seldinger.accounts.api_auth import logged_in
from seldinger.accounts.models import User
from seldinger.accounts.requests import AuthedRequest
from seldinger.api_errors import ErrorOut
from seldinger.api_helpers import (
    MAX_ITEMS,
    PageIn,
    RecordId,
    SearchText,
    page_of,
    paged,
)
from seldinger.applications import selectors, services
from seldinger.applications.api_common import ListStateOut, _applicant, _state
from seldinger.applications.models import Couple
from seldinger.errors import Invalid, NotFound

router = Router(auth=logged_in)


class RankListOut(ListStateOut):
    match_year: int
    tracks: list[str] = Field(
        description="Program track ids (<ACGME ID>:<kind>), first choice first"
    )
    supplemental: dict[str, list[str]] = Field(
        description="Advanced track id -> preliminary track ids, in order"
    )


class RankListIn(Schema):
    tracks: list[SearchText] = Field(
        max_length=MAX_ITEMS, description="Program track ids (<ACGME ID>:<kind>) in order"
    )
    supplemental: dict[str, Annotated[list[SearchText], Field(max_length=MAX_ITEMS)]] = {}


class CoupleOut(ListStateOut):
    id: int
    match_year: int
    status: str
    first: str
    second: str
    pairs: list[list[str | None]]


class InviteIn(Schema):
    username: SearchText


class PairsIn(Schema):
    pairs: list[Annotated[list[SearchText | None], Field(max_length=MAX_ITEMS)]] = Field(
        max_length=MAX_ITEMS,
        description="[first partner's track id or null, second partner's track id or null], "
        "in order",
    )


# My rank order list --------------------------------------------------------------------


def _rank_list_out(applicant: User) -> dict[str, Any]:
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
def get_rank_list(request: AuthedRequest) -> object:
    applicant = selectors.require_applicant(request.user)
    return Status(200, _rank_list_out(applicant))


@router.put(
    "/rank-list",
    response={200: RankListOut, 400: ErrorOut, 403: ErrorOut, 409: ErrorOut},
    summary="Replace my rank order list (track ids in order, with supplemental lists)",
)
def put_rank_list(request: AuthedRequest, payload: RankListIn) -> object:
    applicant = selectors.require_applicant(request.user)
    services.replace_rank_list(
        applicant=applicant,
        match_year=selectors.profile_of(applicant).match_year,
        tracks=payload.tracks,
        supplemental=payload.supplemental,
    )
    return Status(200, _rank_list_out(applicant))


def _certify_applicant_list(request: AuthedRequest, *, certify: bool) -> object:
    applicant = selectors.require_applicant(request.user)
    found = selectors.rank_list_of(applicant, selectors.profile_of(applicant).match_year)
    if found is None:
        raise Invalid("Your list is empty.")
    services.set_certified(actor=applicant, container=found, certified=certify)
    return Status(200, _rank_list_out(applicant))


CERTIFY_RESPONSES = {200: RankListOut, 400: ErrorOut, 403: ErrorOut, 409: ErrorOut}


@router.post("/rank-list/certify", response=CERTIFY_RESPONSES, summary="Certify my list")
def certify_rank_list(request: AuthedRequest) -> object:
    return _certify_applicant_list(request, certify=True)


@router.post("/rank-list/uncertify", response=CERTIFY_RESPONSES, summary="Uncertify my list")
def uncertify_rank_list(request: AuthedRequest) -> object:
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


def _my_couple(request: AuthedRequest) -> Couple:
    applicant = _applicant(request)
    couple = (
        None
        if applicant is None
        else selectors.couple_of(applicant, selectors.profile_of(applicant).match_year)
    )
    if couple is None:
        raise NotFound("You are not in a couple.")
    return couple


@router.get(
    "/couple",
    response={200: CoupleOut, 404: ErrorOut},
    summary="My couple (formed, or the invitation I sent)",
)
def get_couple(request: AuthedRequest) -> object:
    return Status(200, _couple_out(_my_couple(request)))


@router.get("/couple/invitations", response=page_of(CoupleOut), summary="Invitations sent to me")
def couple_invitations(request: AuthedRequest, page: Query[PageIn]) -> object:
    applicant = _applicant(request)
    if applicant is None:
        return paged([], page)
    match_year = selectors.profile_of(applicant).match_year
    invitations = selectors.invitations_to(applicant, match_year).select_related("first", "second")
    return paged(invitations, page, _couple_out)


@router.post(
    "/couple/invite",
    response={201: CoupleOut, 400: ErrorOut, 403: ErrorOut},
    summary="Invite a partner to match as a couple",
)
def couple_invite(request: AuthedRequest, payload: InviteIn) -> object:
    applicant = selectors.require_applicant(request.user)
    couple = services.invite_partner(inviter=applicant, partner_username=payload.username)
    return Status(201, _couple_out(couple))


@router.post(
    "/couple/{int:couple_id}/accept",
    response={200: CoupleOut, 400: ErrorOut},
    summary="Accept an invitation",
)
def couple_accept(request: AuthedRequest, couple_id: RecordId) -> object:
    couple = selectors.get_couple(request.user, couple_id)
    services.accept_invitation(user=request.user, couple=couple)
    return Status(200, _couple_out(couple))


@router.delete(
    "/couple/{int:couple_id}",
    response={204: None, 400: ErrorOut, 409: ErrorOut},
    summary="Decline or withdraw an invitation, or dissolve a couple",
)
def couple_leave(request: AuthedRequest, couple_id: RecordId) -> object:
    couple = selectors.get_couple(request.user, couple_id)
    services.leave_couple(user=request.user, couple=couple)
    return Status(204, None)


@router.put(
    "/couple/rank-list",
    response={200: CoupleOut, 400: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Replace my couple's paired list",
)
def couple_put_pairs(request: AuthedRequest, payload: PairsIn) -> object:
    couple = _my_couple(request)
    services.replace_pairs(actor=request.user, couple=couple, pairs=payload.pairs)
    return Status(200, _couple_out(couple))


def _certify_couple(request: AuthedRequest, *, certify: bool) -> object:
    couple = _my_couple(request)
    services.set_certified(actor=request.user, container=couple, certified=certify)
    return Status(200, _couple_out(couple))


COUPLE_CERTIFY_RESPONSES = {200: CoupleOut, 400: ErrorOut, 404: ErrorOut, 409: ErrorOut}


@router.post(
    "/couple/rank-list/certify",
    response=COUPLE_CERTIFY_RESPONSES,
    summary="Certify the paired list",
)
def couple_certify(request: AuthedRequest) -> object:
    return _certify_couple(request, certify=True)


@router.post(
    "/couple/rank-list/uncertify",
    response=COUPLE_CERTIFY_RESPONSES,
    summary="Uncertify the paired list",
)
def couple_uncertify(request: AuthedRequest) -> object:
    return _certify_couple(request, certify=False)
