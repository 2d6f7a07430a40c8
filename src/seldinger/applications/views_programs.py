"""Programs' rank order list pages (directors and coordinators).

Thin: selectors decide who sees what, services change (and audit) everything.
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from seldinger.accounts.requests import AuthedRequest
from seldinger.api_errors import body
from seldinger.applications import selectors, services
from seldinger.applications.forms import AddApplicantForm
from seldinger.applications.models import ProgramRankEntry
from seldinger.applications.season import match_year_in
from seldinger.applications.selectors import Track
from seldinger.applications.views_common import act, certify_view, form_refused, move, reorder
from seldinger.web.routes import Routes

routes = Routes()


# Programs' rank order lists -----------------------------------------------------------


def _match_year(request: AuthedRequest) -> int:
    value = request.POST.get("match_year") or request.GET.get("year") or ""
    return match_year_in(value) or selectors.current_match_year()


def _program_list_url(track: Track, match_year: int) -> str:
    url = reverse("applications:program_rank_list", args=[track.program.acgme_id, track.kind])
    return f"{url}?year={match_year}"


def _entry_list_url(entry: ProgramRankEntry) -> str:
    """The page of the list holding ``entry``."""
    rank_order_list = entry.rank_list
    track = Track(rank_order_list.program, rank_order_list.track, 0)
    return _program_list_url(track, rank_order_list.match_year)


@routes.page("programs/", name="program_lists")
def program_lists(request: AuthedRequest) -> HttpResponse:
    programs = selectors.ranking_programs(request.user)
    if not programs.exists():
        raise PermissionDenied("Only a program's director or coordinator keeps its rank lists.")
    match_year = _match_year(request)
    rows = []
    for program in programs:
        for track in selectors.program_tracks(program):
            found = selectors.program_rank_list(track, match_year)
            rows.append(
                {
                    "track": track,
                    "count": found.entries.count() if found else 0,
                    "state": selectors.list_state(found, match_year),
                    "url": _program_list_url(track, match_year),
                }
            )
    return render(
        request,
        "applications/program_lists.html",
        {"programs": programs, "rows": rows, "match_year": match_year},
    )


@routes.page("programs/<str:acgme_id>/<str:track>/", name="program_rank_list")
def program_rank_list(request: AuthedRequest, acgme_id: str, track: str) -> HttpResponse:
    found_track = selectors.get_program_track(request.user, acgme_id, track)
    match_year = _match_year(request)
    found = selectors.program_rank_list(found_track, match_year)
    entries = selectors.program_rank_entries(found)
    ranked = {entry.applicant_id for entry in entries}
    candidates = list(selectors.candidates_for(found_track.program))
    applications = selectors.candidate_applications(found_track.program)
    for entry in entries:
        entry.application = applications.get(entry.applicant_id)
    unranked = [user for user in candidates if user.pk not in ranked]
    not_ranked = [{"user": user, "application": applications.get(user.pk)} for user in unranked]
    return render(
        request,
        "applications/program_rank_list.html",
        {
            "track": found_track,
            "match_year": match_year,
            "rank_list": found,
            "entries": entries,
            "unranked": not_ranked,
            "state": selectors.list_state(found, match_year),
            "add_form": AddApplicantForm(candidates=unranked) if unranked else None,
        },
    )


@routes.page("programs/<str:acgme_id>/<str:track>/add/", name="program_rank_list_add")
@require_POST
def program_rank_list_add(request: AuthedRequest, acgme_id: str, track: str) -> HttpResponse:
    found_track = selectors.get_program_track(request.user, acgme_id, track)
    match_year = _match_year(request)
    candidates = list(selectors.candidates_for(found_track.program))
    form = AddApplicantForm(request.POST, candidates=candidates)
    to = _program_list_url(found_track, match_year)
    if not form.is_valid():
        return form_refused(request, form, "Not added", to)
    applicant = next(user for user in candidates if user.username == form.cleaned_data["applicant"])
    return act(
        request,
        lambda: services.add_applicant(
            actor=request.user,
            track=found_track,
            match_year=match_year,
            applicant=applicant,
        ),
        done=f"Added {applicant.get_full_name() or applicant.username}.",
        to=to,
    )


@routes.page("programs/<str:acgme_id>/<str:track>/order/", name="program_rank_list_order")
@require_POST
def program_rank_list_order(request: AuthedRequest, acgme_id: str, track: str) -> HttpResponse:
    found_track = selectors.get_program_track(request.user, acgme_id, track)
    found = selectors.program_rank_list(found_track, _match_year(request))
    if found is None:
        return JsonResponse(body("The list is empty."), status=400)
    return reorder(
        request,
        lambda order: services.reorder_applicants(actor=request.user, rank_list=found, ids=order),
    )


@routes.page("programs/entries/<int:entry_id>/move/", name="program_entry_move")
@require_POST
def program_entry_move(request: AuthedRequest, entry_id: int) -> HttpResponse:
    entry = selectors.get_program_entry(request.user, entry_id)
    return move(
        request,
        lambda direction: services.move_applicant(
            actor=request.user, entry=entry, direction=direction
        ),
        to=f"{_entry_list_url(entry)}#applicant-{entry.pk}",
    )


@routes.page("programs/entries/<int:entry_id>/remove/", name="program_entry_remove")
@require_POST
def program_entry_remove(request: AuthedRequest, entry_id: int) -> HttpResponse:
    entry = selectors.get_program_entry(request.user, entry_id)
    return act(
        request,
        lambda: services.remove_applicant(actor=request.user, entry=entry),
        done=f"Removed {entry.applicant.get_full_name() or entry.applicant.username}.",
        to=_entry_list_url(entry),
    )


@routes.page("programs/<str:acgme_id>/<str:track>/certify/", name="program_rank_list_certify")
@routes.page(
    "programs/<str:acgme_id>/<str:track>/uncertify/",
    name="program_rank_list_uncertify",
    kwargs={"certify": False},
)
@require_POST
def program_rank_list_certify(
    request: AuthedRequest, acgme_id: str, track: str, certify: bool = True
) -> HttpResponse:
    found_track = selectors.get_program_track(request.user, acgme_id, track)
    match_year = _match_year(request)
    return certify_view(
        request,
        selectors.program_rank_list(found_track, match_year),
        certify=certify,
        to=_program_list_url(found_track, match_year),
    )
