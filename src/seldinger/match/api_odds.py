"""JSON API for match odds (mounted at /api/match/): the same inputs and model as the pages.

Wrong types or missing fields answer 422 (the schema); inputs the model cannot run with
answer 400 with ``detail`` and the ``field`` at fault in ``errors``.
"""

from typing import TYPE_CHECKING, cast

from django.http import HttpRequest
from ninja import Router, Schema, Status

from seldinger.accounts.api_auth import optionally_logged_in
from seldinger.accounts.models import User
from seldinger.api_errors import ErrorOut
from seldinger.api_helpers import Int32, Real, SearchText, schema_of
from seldinger.jobs import selectors as job_selectors
from seldinger.jobs.api import BackgroundJobOut
from seldinger.match import jobs, markets, odds, simulation

router = Router(tags=["match"], auth=optionally_logged_in)

RUNS_HELP = (
    f"up to {odds.MAX_RUNS} (logged in: up to {odds.MAX_JOB_RUNS:,}; more than the server's "
    "JOB_ODDS_TRIALS, 200 unless set, are simulated by a background job: the answer is 202 "
    "with the job, whose `details` hold this answer once it has finished)"
)
MARKET_HELP = (
    "Market: 'ir-<year>' (integrated IR figures from the rule data), or 'custom' with "
    "market_positions and market_applicants. Omitted: the newest integrated IR year."
)


class ApplicantOddsIn(Schema):
    market: SearchText | None = None
    market_positions: Int32 | None = None
    market_applicants: Int32 | None = None
    list_length: Int32 = 12
    percentile: Real = 50
    top: Int32 = 34
    middle: Int32 = 33
    bottom: Int32 = 33
    runs: Int32 = odds.DEFAULT_RUNS
    seed: Int32 = 1


class ProgramOddsIn(Schema):
    market: SearchText | None = None
    market_positions: Int32 | None = None
    market_applicants: Int32 | None = None
    positions: Int32 = 2
    list_length: Int32 = 20
    tier: SearchText = "middle"
    runs: Int32 = odds.DEFAULT_RUNS
    seed: Int32 = 1


# The answers are the model's records; a market as the API gives it holds its count of programs.
class MarketOut(Schema):
    key: str
    label: str
    positions: int
    applicants: int
    programs: int
    source: str


if TYPE_CHECKING:
    IntervalOut = Schema
    RankShareOut = Schema
    ApplicantOddsOut = Schema
    ProgramOddsOut = Schema
else:
    IntervalOut = schema_of(simulation.Interval, "IntervalOut", required=["level"])
    RankShareOut = schema_of(simulation.RankShare, "RankShareOut")
    _ANSWER_TYPES = {"market": MarketOut, "assumptions": list[str]}
    ApplicantOddsOut = schema_of(
        odds.ApplicantOdds,
        "ApplicantOddsOut",
        types={**_ANSWER_TYPES, "interval": IntervalOut, "rank_distribution": list[RankShareOut]},
    )
    ProgramOddsOut = schema_of(
        odds.ProgramOdds,
        "ProgramOddsOut",
        types={
            **_ANSWER_TYPES,
            "fill_interval": IntervalOut,
            "last_matched_distribution": list[RankShareOut],
            "filled_within": list[RankShareOut],
        },
    )


@router.post(
    "/odds/applicant",
    response={200: ApplicantOddsOut, 202: BackgroundJobOut, 400: ErrorOut, 403: ErrorOut},
    summary="Match odds for an applicant (Monte Carlo model)",
    description=(
        f"{MARKET_HELP} list_length: programs on your list; percentile: your "
        "competitiveness among applicants (1-99); top, middle, bottom: the share (percent, "
        f"adding up to 100) of your list in each desirability tier; runs: {RUNS_HELP}; "
        "seed: the same seed and inputs give the same answer. Returns the chance of matching "
        "with a Wilson 95% interval, the distribution of the choice you match at (it sums to "
        "the chance of matching) and the model's assumptions. A model, not a prediction."
    ),
)
def applicant_odds(request: HttpRequest, payload: ApplicantOddsIn) -> object:
    inputs = payload.dict()
    if jobs.odds_in_background(request.user, payload.runs):
        job = jobs.start_odds(
            actor=cast(User, request.user), question=jobs.APPLICANT, inputs=inputs
        )
        return Status(202, job_selectors.state_of(job).as_dict())
    query = odds.applicant_query(markets.market_of(inputs), inputs)
    return Status(
        200, odds.applicant_odds(query, max_runs=jobs.max_runs_for(request.user)).as_dict()
    )


@router.post(
    "/odds/program",
    response={200: ProgramOddsOut, 202: BackgroundJobOut, 400: ErrorOut, 403: ErrorOut},
    summary="How far down its list a program goes (Monte Carlo model)",
    description=(
        f"{MARKET_HELP} positions: your program's positions; list_length: applicants on your "
        f"rank order list; tier: top, middle or bottom third by desirability; runs: {RUNS_HELP}; "
        "seed: the same seed and inputs give the same answer. Returns the "
        "chance of filling with a Wilson 95% interval, the distribution of the rank of the last "
        "applicant matched, the chance of filling within each rank and the model's assumptions."
    ),
)
def program_odds(request: HttpRequest, payload: ProgramOddsIn) -> object:
    inputs = payload.dict()
    if jobs.odds_in_background(request.user, payload.runs):
        actor = cast(User, request.user)
        job = jobs.start_odds(actor=actor, question=jobs.PROGRAM, inputs=inputs)
        return Status(202, job_selectors.state_of(job).as_dict())
    query = odds.program_query(markets.market_of(inputs), inputs)
    answer = odds.program_odds(query, max_runs=jobs.max_runs_for(request.user))
    return Status(200, answer.as_dict())
