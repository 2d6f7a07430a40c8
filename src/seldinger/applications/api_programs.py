"""JSON API for programs' rank order lists (directors and coordinators). Thin: the same
selectors and services as the pages."""

from typing import Any

from ninja import Field, Query, Router, Schema, Status

from seldinger.accounts.api_auth import logged_in
from seldinger.accounts.requests import AuthedRequest
from seldinger.api_errors import ErrorOut
from seldinger.api_helpers import (
    MAX_ITEMS,
    PageIn,
    PlausibleYear,
    SearchText,
    page_of,
    paged,
)
from seldinger.applications import selectors, services
from seldinger.applications.api_common import ListStateOut, _state
from seldinger.applications.season import is_match_year
from seldinger.applications.selectors import Track
from seldinger.errors import Invalid

router = Router(auth=logged_in)


class ProgramRankListOut(ListStateOut):
    program: str
    track: str
    match_year: int
    positions: int
    applicants: list[str] = Field(description="Usernames, first choice first")
    candidates: list[str] = Field(description="Usernames of everyone who applied (rankable)")


class ProgramRankListIn(Schema):
    applicants: list[SearchText] = Field(
        max_length=MAX_ITEMS, description="Usernames, first choice first"
    )


# Programs' rank order lists (directors and coordinators) -------------------------------


def _year(match_year: int | None) -> int:
    if match_year is None or not is_match_year(match_year):
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
    response=page_of(ProgramRankListOut),
    summary="Rank order lists of the programs I lead (one per track)",
)
def program_lists(
    request: AuthedRequest, page: Query[PageIn], match_year: PlausibleYear | None = None
) -> object:
    year = _year(match_year)
    tracks = [
        track
        for program in selectors.ranking_programs(request.user)
        for track in selectors.program_tracks(program)
    ]
    return paged(tracks, page, lambda track: _program_list_out(track, year))


@router.get(
    "/programs/{acgme_id}/{track}/rank-list",
    response=ProgramRankListOut,
    summary="A program track's rank order list",
)
def get_program_list(
    request: AuthedRequest,
    acgme_id: SearchText,
    track: SearchText,
    match_year: PlausibleYear | None = None,
) -> object:
    found = selectors.get_program_track(request.user, acgme_id, track)
    return _program_list_out(found, _year(match_year))


@router.put(
    "/programs/{acgme_id}/{track}/rank-list",
    response={200: ProgramRankListOut, 400: ErrorOut, 409: ErrorOut},
    summary="Replace a program track's rank order list (usernames in order)",
)
def put_program_list(
    request: AuthedRequest,
    acgme_id: SearchText,
    track: SearchText,
    payload: ProgramRankListIn,
    match_year: PlausibleYear | None = None,
) -> object:
    found = selectors.get_program_track(request.user, acgme_id, track)
    year = _year(match_year)
    services.replace_program_list(
        actor=request.user,
        track=found,
        match_year=year,
        usernames=payload.applicants,
    )
    return Status(200, _program_list_out(found, year))


def _certify_program_list(
    request: AuthedRequest, acgme_id: str, track: str, match_year: int | None, *, certify: bool
) -> object:
    found = selectors.get_program_track(request.user, acgme_id, track)
    year = _year(match_year)
    rank_list = selectors.program_rank_list(found, year)
    if rank_list is None:
        raise Invalid("The list is empty.")
    services.set_certified(actor=request.user, container=rank_list, certified=certify)
    return Status(200, _program_list_out(found, year))


PROGRAM_CERTIFY_RESPONSES = {200: ProgramRankListOut, 400: ErrorOut, 409: ErrorOut}


@router.post(
    "/programs/{acgme_id}/{track}/rank-list/certify",
    response=PROGRAM_CERTIFY_RESPONSES,
    summary="Certify a program track's list",
)
def certify_program_list(
    request: AuthedRequest,
    acgme_id: SearchText,
    track: SearchText,
    match_year: PlausibleYear | None = None,
) -> object:
    return _certify_program_list(request, acgme_id, track, match_year, certify=True)


@router.post(
    "/programs/{acgme_id}/{track}/rank-list/uncertify",
    response=PROGRAM_CERTIFY_RESPONSES,
    summary="Uncertify a program track's list",
)
def uncertify_program_list(
    request: AuthedRequest,
    acgme_id: SearchText,
    track: SearchText,
    match_year: PlausibleYear | None = None,
) -> object:
    return _certify_program_list(request, acgme_id, track, match_year, certify=False)
