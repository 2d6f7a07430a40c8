"""The match's background jobs: a round (a national market takes the engine a while), and
match odds of thousands of simulated matches."""

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.urls import reverse

from seldinger.accounts.models import User
from seldinger.accounts.requests import AnyUser
from seldinger.accounts.selectors import is_active_user
from seldinger.jobs import services as jobs
from seldinger.jobs.kinds import JobFailed, Outcome
from seldinger.jobs.models import Job
from seldinger.jobs.work import Work
from seldinger.match import markets, odds, rounds


def start_round(*, actor: User, match_year: int, certified_only: bool, practice: bool) -> Job:
    """A background job running a round of ``match_year`` for ``actor`` (who may: the caller
    has asked ``rounds.check_may_run``, so that a refusal is answered at once)."""
    kind = "Practice round" if practice else "Final round"
    return jobs.start(
        kind="match.round",
        owner=actor,
        title=f"{kind} of the {match_year} match",
        params={"match_year": match_year, "certified_only": certified_only, "practice": practice},
    )


def run_round(job: Job, work: Work) -> Outcome:
    params = job.params
    if job.owner is None:
        raise JobFailed("Only administrators and program directors run rounds.")
    try:
        # run_round asks again whether the owner may: they may have lost the role meanwhile.
        match_round = rounds.run_round(
            actor=job.owner,
            match_year=params["match_year"],
            certified_only=params["certified_only"],
            practice=params["practice"],
            progress=work.progress,
        )
    except (rounds.RoundError, rounds.RoundNotAllowed) as error:
        raise JobFailed(str(error)) from None
    return Outcome(
        message=f"{match_round} has run.",
        link=reverse("match:round_detail", args=[match_round.pk]),
        link_text="Open the results",
        details={
            "round": match_round.pk,
            "match_year": match_round.match_year,
            "practice": match_round.practice,
            "stable": match_round.stable,
            "problems": match_round.problems,
        },
    )


# Match odds ---------------------------------------------------------------------------------

APPLICANT, PROGRAM = "applicant", "program"
SIMULATING = "Simulating matches"


def max_runs_for(user: AnyUser) -> int:
    """The most runs ``user`` may ask for: more with a login, since a job can take them."""
    return odds.MAX_JOB_RUNS if user.is_authenticated else odds.MAX_RUNS


def odds_in_background(user: AnyUser, runs: int) -> bool:
    """A logged-in user's odds of more runs than JOB_ODDS_TRIALS are simulated by a job;
    everyone else's are answered in the request."""
    return user.is_authenticated and runs > settings.JOB_ODDS_TRIALS


def _applicant(inputs: Mapping[str, Any], progress: odds.Progress) -> tuple[str, dict[str, Any]]:
    query = odds.applicant_query(markets.market_of(inputs), inputs)
    result = odds.applicant_odds(query, max_runs=odds.MAX_JOB_RUNS, progress=progress)
    return (
        f"You matched in {odds.percent(result.probability)}% of {result.runs:,} simulated "
        f"matches (95% interval {odds.percent(result.interval.low)} to "
        f"{odds.percent(result.interval.high)}%).",
        result.as_dict(),
    )


def _program(inputs: Mapping[str, Any], progress: odds.Progress) -> tuple[str, dict[str, Any]]:
    query = odds.program_query(markets.market_of(inputs), inputs)
    result = odds.program_odds(query, max_runs=odds.MAX_JOB_RUNS, progress=progress)
    return (
        f"Your program filled in {odds.percent(result.fill_probability)}% of {result.runs:,} "
        f"simulated matches (95% interval {odds.percent(result.fill_interval.low)} to "
        f"{odds.percent(result.fill_interval.high)}%).",
        result.as_dict(),
    )


def start_odds(*, actor: User, question: str, inputs: Mapping[str, Any]) -> Job:
    """A background job answering ``question`` (APPLICANT or PROGRAM) for ``inputs`` (as the
    odds pages and the API take them). Raises OddsError at once for inputs the model cannot
    run with, as the request would."""
    market = markets.market_of(inputs)
    if question == APPLICANT:
        odds.check_query(odds.applicant_query(market, inputs), max_runs=odds.MAX_JOB_RUNS)
        title = "Your match odds"
    else:
        odds.check_query(odds.program_query(market, inputs), max_runs=odds.MAX_JOB_RUNS)
        title = "How far down your program's list goes"
    return jobs.start(
        kind="match.odds",
        owner=actor,
        title=f"{title}: {inputs['runs']:,} simulated matches",
        params={"question": question, "inputs": dict(inputs)},
    )


def simulate_odds(job: Job, work: Work) -> Outcome:
    if not is_active_user(job.owner):
        raise JobFailed("Your account is no longer active.")
    question, inputs = job.params["question"], job.params["inputs"]

    def progress(done: int, total: int) -> None:
        work.progress(SIMULATING, done, total)

    try:
        answer = _applicant if question == APPLICANT else _program
        message, figures = answer(inputs, progress)
    except odds.OddsError as error:
        raise JobFailed(f"{error.field}: {error.message}") from None
    return Outcome(
        message=message,
        link=reverse("match:odds" if question == APPLICANT else "match:odds_program"),
        link_text="Ask another question",
        details=figures,
    )
