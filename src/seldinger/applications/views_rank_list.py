"""An applicant's rank order list page and its supplemental lists.

Thin: selectors decide who sees what, services change (and audit) everything.
"""

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from seldinger.accounts.requests import AuthedRequest
from seldinger.api_errors import body
from seldinger.applications import match_port, selectors, services
from seldinger.applications.forms import AddTrackForm
from seldinger.applications.selectors import Track
from seldinger.applications.views_common import (
    act,
    certify_view,
    form_refused,
    move,
    reorder,
    require_applicant,
)
from seldinger.web.routes import Routes

routes = Routes()


# An applicant's rank order list -------------------------------------------------------

RANK_LIST = "applications:rank_list"


@routes.page("rank-list/", name="rank_list")
def rank_list(request: AuthedRequest) -> HttpResponse:
    applicant = require_applicant(request)
    match_year = selectors.profile_of(applicant).match_year
    rank_order_list = selectors.rank_list_of(applicant, match_year)
    entries = selectors.rank_entries(rank_order_list)
    listed = {entry.track_id for entry in entries}
    every_track = selectors.available_tracks()
    tracks = [track for track in every_track if track.id not in listed]
    preliminary = [track for track in every_track if track.kind == "preliminary"]
    current_couple = selectors.couple_of(applicant, match_year)
    for entry in entries:
        taken = {item.program_id for item in entry.supplemental.all()}
        entry.supplemental_form = AddTrackForm(
            tracks=[track for track in preliminary if track.program.pk not in taken],
            prefix=f"sup{entry.pk}",
        )
    return render(
        request,
        "applications/rank_list.html",
        {
            "match_year": match_year,
            "rank_list": rank_order_list,
            "entries": entries,
            "state": selectors.list_state(rank_order_list, match_year),
            "add_form": AddTrackForm(tracks=tracks) if tracks else None,
            "has_preliminary": bool(preliminary),
            "couple": current_couple,
            "partner": current_couple.partner_of(applicant) if current_couple else None,
            "outcome": match_port.latest_outcome(applicant, match_year),
        },
    )


@routes.page("rank-list/add/", name="rank_list_add")
@require_POST
def rank_list_add(request: AuthedRequest) -> HttpResponse:
    applicant = require_applicant(request)
    form = AddTrackForm(request.POST, tracks=selectors.available_tracks())
    if not form.is_valid():
        return form_refused(request, form, "Not added", RANK_LIST)
    track: Track = form.cleaned_data["track"]
    match_year = selectors.profile_of(applicant).match_year
    return act(
        request,
        lambda: services.add_track(applicant=applicant, match_year=match_year, track=track),
        done=f"Added {track.label}.",
        to=reverse(RANK_LIST),
    )


@routes.page("rank-list/order/", name="rank_list_order")
@require_POST
def rank_list_order(request: AuthedRequest) -> HttpResponse:
    applicant = require_applicant(request)
    match_year = selectors.profile_of(applicant).match_year
    rank_order_list = selectors.rank_list_of(applicant, match_year)
    if rank_order_list is None:
        return JsonResponse(body("Your list is empty."), status=400)
    return reorder(
        request,
        lambda order: services.reorder_entries(
            actor=applicant, rank_list=rank_order_list, ids=order
        ),
    )


@routes.page("rank-list/<int:entry_id>/move/", name="rank_list_move")
@require_POST
def rank_list_move(request: AuthedRequest, entry_id: int) -> HttpResponse:
    entry = selectors.get_rank_entry(request.user, entry_id)
    return move(
        request,
        lambda direction: services.move_entry(actor=request.user, entry=entry, direction=direction),
        to=f"{reverse(RANK_LIST)}#entry-{entry.pk}",
    )


@routes.page("rank-list/<int:entry_id>/remove/", name="rank_list_remove")
@require_POST
def rank_list_remove(request: AuthedRequest, entry_id: int) -> HttpResponse:
    entry = selectors.get_rank_entry(request.user, entry_id)
    label = f"{entry.program.name} · {entry.track.capitalize()}"
    return act(
        request,
        lambda: services.remove_entry(actor=request.user, entry=entry),
        done=f"Removed {label}.",
        to=reverse(RANK_LIST),
    )


@routes.page("rank-list/<int:entry_id>/supplemental/add/", name="supplemental_add")
@require_POST
def supplemental_add(request: AuthedRequest, entry_id: int) -> HttpResponse:
    entry = selectors.get_rank_entry(request.user, entry_id)
    form = AddTrackForm(
        request.POST, tracks=selectors.available_tracks("preliminary"), prefix=f"sup{entry.pk}"
    )
    if not form.is_valid():
        return form_refused(request, form, "Not added", RANK_LIST)
    track: Track = form.cleaned_data["track"]
    return act(
        request,
        lambda: services.add_supplemental(actor=request.user, entry=entry, track=track),
        done=f"Added {track.label} to the supplemental list.",
        to=f"{reverse(RANK_LIST)}#entry-{entry.pk}",
    )


@routes.page("rank-list/<int:entry_id>/supplemental/order/", name="supplemental_order")
@require_POST
def supplemental_order(request: AuthedRequest, entry_id: int) -> HttpResponse:
    entry = selectors.get_rank_entry(request.user, entry_id)
    return reorder(
        request,
        lambda order: services.reorder_supplemental(actor=request.user, entry=entry, ids=order),
    )


@routes.page("rank-list/supplemental/<int:item_id>/move/", name="supplemental_move")
@require_POST
def supplemental_move(request: AuthedRequest, item_id: int) -> HttpResponse:
    item = selectors.get_supplemental_item(request.user, item_id)
    return move(
        request,
        lambda direction: services.move_supplemental(
            actor=request.user,
            item=item,
            direction=direction,
        ),
        to=f"{reverse(RANK_LIST)}#entry-{item.entry_id}",
    )


@routes.page("rank-list/supplemental/<int:item_id>/remove/", name="supplemental_remove")
@require_POST
def supplemental_remove(request: AuthedRequest, item_id: int) -> HttpResponse:
    item = selectors.get_supplemental_item(request.user, item_id)
    return act(
        request,
        lambda: services.remove_supplemental(actor=request.user, item=item),
        done=f"Removed {item.program.name} from the supplemental list.",
        to=f"{reverse(RANK_LIST)}#entry-{item.entry_id}",
    )


@routes.page("rank-list/certify/", name="rank_list_certify")
@routes.page("rank-list/uncertify/", name="rank_list_uncertify", kwargs={"certify": False})
@require_POST
def rank_list_certify(request: AuthedRequest, certify: bool = True) -> HttpResponse:
    applicant = require_applicant(request)
    match_year = selectors.profile_of(applicant).match_year
    return certify_view(
        request,
        selectors.rank_list_of(applicant, match_year),
        certify=certify,
        to=reverse(RANK_LIST),
    )
