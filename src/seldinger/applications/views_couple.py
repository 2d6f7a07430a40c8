"""A couple's page: invitations and the couple's paired list.

Thin: selectors decide who sees what, services change (and audit) everything.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from seldinger.accounts.requests import AuthedRequest
from seldinger.applications import selectors, services
from seldinger.applications.forms import AddPairForm, InviteForm
from seldinger.applications.models import Couple
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


# Couples -----------------------------------------------------------------------------

COUPLE = "applications:couple"


@routes.page("couple/", name="couple")
def couple(request: AuthedRequest) -> HttpResponse:
    applicant = require_applicant(request)
    match_year = selectors.profile_of(applicant).match_year
    current = selectors.couple_of(applicant, match_year)
    context: dict[str, Any] = {
        "match_year": match_year,
        "couple": current,
        "invitations": selectors.invitations_to(applicant, match_year).select_related("first"),
        "invite_form": InviteForm() if current is None else None,
    }
    if current is not None:
        context.update(
            entries=selectors.couple_entries(current),
            state=selectors.list_state(current, match_year),
            partner=current.partner_of(applicant),
            add_form=AddPairForm(
                tracks=selectors.available_tracks(),
                labels=(
                    f"{current.first.username}'s program",
                    f"{current.second.username}'s program",
                ),
            ),
        )
    return render(request, "applications/couple.html", context)


@routes.page("couple/invite/", name="couple_invite")
@require_POST
def couple_invite(request: AuthedRequest) -> HttpResponse:
    applicant = require_applicant(request)
    form = InviteForm(request.POST)
    if not form.is_valid():
        return form_refused(request, form, "Not sent", COUPLE)
    return act(
        request,
        lambda: services.invite_partner(
            inviter=applicant, partner_username=form.cleaned_data["username"]
        ),
        done=f"Invitation sent to {form.cleaned_data['username']}.",
        to=reverse(COUPLE),
    )


@routes.page("couple/<int:couple_id>/accept/", name="couple_accept")
@require_POST
def couple_accept(request: AuthedRequest, couple_id: int) -> HttpResponse:
    pending = selectors.get_couple(request.user, couple_id)
    return act(
        request,
        lambda: services.accept_invitation(user=request.user, couple=pending),
        done=f"You and {pending.first.username} are a couple for the {pending.match_year} match.",
        to=reverse(COUPLE),
    )


@routes.page("couple/<int:couple_id>/leave/", name="couple_leave")
@require_POST
def couple_leave(request: AuthedRequest, couple_id: int) -> HttpResponse:
    current = selectors.get_couple(request.user, couple_id)
    done = (
        "Couple dissolved."
        if current.status == Couple.Status.ACCEPTED
        else "Invitation withdrawn."
        if current.first_id == request.user.pk
        else "Invitation declined."
    )
    return act(
        request,
        lambda: services.leave_couple(user=request.user, couple=current),
        done=done,
        to=reverse(COUPLE),
    )


def _my_couple(request: AuthedRequest) -> Couple:
    applicant = require_applicant(request)
    current = selectors.couple_of(applicant, selectors.profile_of(applicant).match_year)
    if current is None:
        raise PermissionDenied("You are not in a couple.")
    return current


@routes.page("couple/pairs/add/", name="pair_add")
@require_POST
def pair_add(request: AuthedRequest) -> HttpResponse:
    current = _my_couple(request)
    form = AddPairForm(request.POST, tracks=selectors.available_tracks(), labels=("", ""))
    if not form.is_valid():
        return form_refused(request, form, "Not added", COUPLE)
    return act(
        request,
        lambda: services.add_pair(
            actor=request.user,
            couple=current,
            first=form.cleaned_data["first"],
            second=form.cleaned_data["second"],
        ),
        done="Pair added.",
        to=reverse(COUPLE),
    )


@routes.page("couple/pairs/order/", name="pair_order")
@require_POST
def pair_order(request: AuthedRequest) -> HttpResponse:
    current = _my_couple(request)
    return reorder(
        request,
        lambda order: services.reorder_pairs(actor=request.user, couple=current, ids=order),
    )


@routes.page("couple/pairs/<int:entry_id>/move/", name="pair_move")
@require_POST
def pair_move(request: AuthedRequest, entry_id: int) -> HttpResponse:
    entry = selectors.get_pair(request.user, entry_id)
    return move(
        request,
        lambda direction: services.move_pair(actor=request.user, entry=entry, direction=direction),
        to=f"{reverse(COUPLE)}#pair-{entry.pk}",
    )


@routes.page("couple/pairs/<int:entry_id>/remove/", name="pair_remove")
@require_POST
def pair_remove(request: AuthedRequest, entry_id: int) -> HttpResponse:
    entry = selectors.get_pair(request.user, entry_id)
    return act(
        request,
        lambda: services.remove_pair(actor=request.user, entry=entry),
        done="Pair removed.",
        to=reverse(COUPLE),
    )


@routes.page("couple/certify/", name="couple_certify")
@routes.page("couple/uncertify/", name="couple_uncertify", kwargs={"certify": False})
@require_POST
def couple_certify(request: AuthedRequest, certify: bool = True) -> HttpResponse:
    return certify_view(request, _my_couple(request), certify=certify, to=reverse(COUPLE))
