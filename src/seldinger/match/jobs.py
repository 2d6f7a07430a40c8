"""The match's background jobs: a round (a national market takes the engine a while)."""

from django.urls import reverse

from seldinger.accounts.models import User
from seldinger.jobs import services as jobs
from seldinger.jobs.kinds import JobFailed, Outcome
from seldinger.jobs.models import Job
from seldinger.jobs.work import Work
from seldinger.match import rounds


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
