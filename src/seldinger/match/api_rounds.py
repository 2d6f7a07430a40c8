"""JSON API for practice match rounds. Thin: ``seldinger.match.rounds`` does the work and
decides who sees what (administrators all; program leaders their programs; applicants
only their own outcome)."""

import datetime as dt
from typing import Any

from ninja import Field, Query, Router, Schema, Status

from seldinger.accounts.api_auth import logged_in
from seldinger.accounts.requests import AuthedRequest
from seldinger.api_errors import ErrorOut
from seldinger.api_helpers import PageIn, PlausibleYear, RecordId, page_of, paged
from seldinger.applications.match_lists import current_match_year, require_match_year
from seldinger.errors import NotFound
from seldinger.jobs import selectors as job_selectors
from seldinger.jobs.api import BackgroundJobOut
from seldinger.match import jobs, rounds

router = Router(tags=["match"], auth=logged_in)


class RoundIn(Schema):
    match_year: PlausibleYear | None = Field(None, description="Default: the current match year")
    certified_only: bool = Field(True, description="Only certified lists take part")
    final: bool = Field(
        False, description="A final round (administrators only) locks the year's lists"
    )


class RoundOut(Schema):
    id: int
    match_year: int
    run_at: dt.datetime
    run_by: str | None
    practice: bool
    certified_only: bool
    stable: bool
    problems: list[str]
    applicants: int
    programs: int


class OutcomeOut(Schema):
    round: int
    match_year: int
    run_at: dt.datetime
    practice: bool
    matched: bool
    program: str | None
    program_name: str | None
    track: str | None
    supplemental_program: str | None
    supplemental_program_name: str | None
    in_couple: bool


class MatchedOut(Schema):
    applicant: str
    name: str
    supplemental: bool = Field(description="Matched here from a supplemental list")


class TrackResultOut(Schema):
    program: str
    program_name: str
    track: str
    positions: int
    filled: int
    unfilled: int
    matched: list[MatchedOut]


class RoundResultsOut(Schema):
    round: RoundOut
    scope: str = Field(description="all (administrators), programs (your programs) or own")
    tracks: list[TrackResultOut]
    unmatched: list[str]
    own_outcome: OutcomeOut | None


def _results(view: rounds.RoundView) -> dict[str, Any]:
    tracks = []
    for track in view.tracks:
        result = track.result
        tracks.append(
            {
                "program": result.program.acgme_id,
                "program_name": result.program.name,
                "track": result.track,
                "positions": result.positions,
                "filled": result.filled,
                "unfilled": result.unfilled,
                "matched": [
                    {
                        "applicant": outcome.applicant.username,
                        "name": outcome.applicant.get_full_name() or outcome.applicant.username,
                        "supplemental": outcome.program_id != result.program_id
                        or outcome.track != result.track,
                    }
                    for outcome in track.matched
                ],
            }
        )
    return {
        "round": rounds.round_summary(view.round),
        "scope": view.scope,
        "tracks": tracks,
        "unmatched": [outcome.applicant.username for outcome in view.unmatched],
        "own_outcome": rounds.outcome_as_dict(view.own_outcome) if view.own_outcome else None,
    }


@router.get("/rounds", response=page_of(RoundOut), summary="Match rounds I may see (newest first)")
def list_rounds(request: AuthedRequest, page: Query[PageIn]) -> object:
    return paged(rounds.rounds_visible_to(request.user), page, rows=rounds.round_summaries)


@router.post(
    "/rounds",
    response={202: BackgroundJobOut, 403: ErrorOut, 400: ErrorOut},
    summary="Run a practice round on the platform's rank order lists",
    description=(
        "The round runs as a background job: the answer is 202 with the job. Ask "
        "`GET /api/jobs/{id}` until it has finished: its `details` hold the round's `round` "
        "id (its results at `GET /api/match/rounds/{round}`), or its `error` says why the "
        "engine refused the lists (nothing is stored then). 403 for anyone but administrators "
        "and program directors, and for a final round asked by anyone but an administrator."
    ),
)
def run_round(request: AuthedRequest, payload: RoundIn) -> object:
    practice = not payload.final
    rounds.check_may_run(request.user, practice=practice)
    if payload.match_year is not None:
        require_match_year(payload.match_year)
    job = jobs.start_round(
        actor=request.user,
        match_year=payload.match_year or current_match_year(),
        certified_only=payload.certified_only,
        practice=practice,
    )
    return Status(202, job_selectors.state_of(job).as_dict())


@router.get(
    "/rounds/{int:round_id}",
    response=RoundResultsOut,
    summary="A round's results, as far as I may see them",
)
def round_results(request: AuthedRequest, round_id: RecordId) -> object:
    match_round = rounds.get_round(request.user, round_id)
    return _results(rounds.round_view(request.user, match_round))


@router.get(
    "/my-outcome",
    response={200: OutcomeOut, 404: ErrorOut},
    summary="My outcome in the latest round that included me",
)
def my_outcome(request: AuthedRequest, match_year: PlausibleYear | None = None) -> object:
    outcome = rounds.latest_outcome(request.user, match_year)
    if outcome is None:
        raise NotFound("No match round has included you yet.")
    return Status(200, rounds.outcome_as_dict(outcome))
