"""What every applications page shares: who is an applicant, and how a change, a move
and a reorder answer. Thin: selectors decide who sees what, services change (and audit)
everything.

Every list is reordered the same three ways: Up/Down buttons (plain forms, so they
work without JavaScript), or, with the page script, by dragging or with Alt+Up /
Alt+Down, which post the whole new order to the list's ``order`` address.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect

from seldinger.accounts.models import User
from seldinger.accounts.requests import AuthedRequest
from seldinger.api_errors import body
from seldinger.applications import selectors, services
from seldinger.applications.forms import MoveForm
from seldinger.applications.services import InvalidChange, ListLocked


def require_applicant(request: AuthedRequest) -> User:
    return selectors.require_applicant(request.user)


def refused(request: AuthedRequest, reason: str, to: str) -> HttpResponse:
    """Say why nothing changed and go back to the list."""
    messages.error(request, reason)
    return redirect(to)


def form_refused(request: AuthedRequest, form: Any, what: str, to: str) -> HttpResponse:
    """A list's form that did not validate: ``what`` ("Not added") and its errors."""
    errors = "; ".join(" ".join(str(error) for error in errors) for errors in form.errors.values())
    return refused(request, f"{what}: {errors}", to)


def act(
    request: AuthedRequest, change: Callable[[], object], *, done: str, to: str
) -> HttpResponse:
    """Run a change; say what happened (or why not) and go back to the list."""
    try:
        change()
    except (ListLocked, InvalidChange) as error:
        return refused(request, str(error), to)
    if done:
        messages.success(request, done)
    return redirect(to)


def move(request: AuthedRequest, move: Callable[[str], object], *, to: str) -> HttpResponse:
    form = MoveForm(request.POST)
    if not form.is_valid():
        return refused(request, "Choose up, down, top or bottom.", to)
    return act(request, lambda: move(form.cleaned_data["direction"]), done="", to=to)


def reorder(request: AuthedRequest, reorder: Callable[[list[str]], object]) -> JsonResponse:
    """The page script's reorder: the whole new order as ``order`` values, answered in JSON
    (a refusal in the API's one error body)."""
    order = request.POST.getlist("order")
    if not order or not all(value.isdigit() for value in order):
        return JsonResponse(body("Send the entry ids in their new order."), status=400)
    try:
        reorder(order)
    except (ListLocked, InvalidChange) as error:
        return JsonResponse(body(error.message, error.items), status=error.status)
    return JsonResponse({"order": [int(value) for value in order]})


def certify_view(request: AuthedRequest, container: Any, *, certify: bool, to: str) -> HttpResponse:
    if container is None:
        return refused(request, "There is no list to certify yet.", to)
    return act(
        request,
        lambda: services.set_certified(actor=request.user, container=container, certified=certify),
        done=(
            "List certified: it is read-only now and goes into the match."
            if certify
            else "Certification withdrawn: you can change the list again."
        ),
        to=to,
    )
