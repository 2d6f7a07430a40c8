"""Practice match rounds on the web: run one, see its results (as far as each person may).

Thin: ``seldinger.match.rounds`` runs the engine and decides who sees what.
"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from seldinger.accounts.requests import AuthedRequest
from seldinger.applications import match_lists as applications
from seldinger.match import jobs, rounds
from seldinger.web.routes import Routes

routes = Routes()


@routes.page("rounds/", name="rounds")
def round_list(request: AuthedRequest) -> HttpResponse:
    may_run = rounds.may_run_rounds(request.user)
    visible = list(rounds.rounds_visible_to(request.user)[:50])
    outcomes = {}
    if not may_run:
        for outcome in request.user.match_outcomes.filter(round__in=visible).select_related(
            "program", "supplemental_program"
        ):
            outcomes[outcome.round_id] = outcome
    return render(
        request,
        "match/rounds.html",
        {
            "rounds": [(item, outcomes.get(item.pk)) for item in visible],
            "may_run": may_run,
            "is_admin": getattr(request.user, "is_platform_admin", False),
            "match_year": applications.current_match_year(),
        },
    )


@routes.page("rounds/run/", name="run_round")
@require_POST
def run_round(request: AuthedRequest) -> HttpResponse:
    """The round runs as a background job (the engine on a whole market takes a while); its
    page links to the round's results once it has run."""
    match_year = applications.match_year_in(request.POST.get("match_year", ""))
    practice = request.POST.get("final") != "on"
    try:
        rounds.check_may_run(request.user, practice=practice)
    except rounds.RoundNotAllowed as error:
        messages.error(request, str(error))
        return redirect("match:rounds")
    job = jobs.start_round(
        actor=request.user,
        match_year=match_year or applications.current_match_year(),
        certified_only=request.POST.get("include_uncertified") != "on",
        practice=practice,
    )
    return redirect("jobs:detail", job_id=job.pk)


@routes.page("rounds/<int:round_id>/", name="round_detail")
def round_detail(request: AuthedRequest, round_id: int) -> HttpResponse:
    match_round = rounds.get_round(request.user, round_id)
    return render(
        request,
        "match/round_detail.html",
        {"view": rounds.round_view(request.user, match_round)},
    )


@routes.page("rounds/my-outcome/", name="my_outcome")
def my_outcome(request: AuthedRequest) -> HttpResponse:
    return render(
        request, "match/round_outcome.html", {"outcome": rounds.latest_outcome(request.user)}
    )
