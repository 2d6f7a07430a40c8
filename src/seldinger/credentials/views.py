"""Thin views: the licence list with its notices, the form, and the calendar feed's URL."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from seldinger.accounts.requests import AuthedRequest
from seldinger.credentials import selectors, services
from seldinger.credentials.forms import CredentialForm
from seldinger.credentials.models import CalendarFeed


def feed_url(request: HttpRequest, feed: CalendarFeed) -> str:
    return request.build_absolute_uri(reverse("calendar_feed:feed", args=[feed.token]))


@login_required
def overview(request: AuthedRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    return render(
        request,
        "credentials/overview.html",
        {
            "credentials": selectors.credentials_of(user),
            "notices": selectors.notices(user, on=today),
            "today": today,
        },
    )


def _save(request: AuthedRequest, form: CredentialForm, credential: Any = None) -> bool:
    """Run the service on a valid form; its errors go onto the form."""
    user = request.user
    try:
        if credential is None:
            services.add_credential(owner=user, **form.cleaned_data)
        else:
            services.change_credential(actor=user, credential=credential, **form.cleaned_data)
    except services.CredentialError as error:
        for name, message in error.errors.items():
            form.add_error(name if name in form.fields else None, message)
        return False
    return True


@login_required
def add(request: AuthedRequest) -> HttpResponse:
    form = CredentialForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _save(request, form):
        messages.success(request, "Saved.")
        return redirect("credentials:overview")
    status = 400 if form.is_bound else 200
    context = {"form": form, "credential": None}
    return render(request, "credentials/form.html", context, status=status)


@login_required
def edit(request: AuthedRequest, credential_id: int) -> HttpResponse:
    credential = selectors.get_credential(request.user, credential_id)
    form = CredentialForm(request.POST or None, instance=credential)
    if request.method == "POST" and form.is_valid() and _save(request, form, credential):
        messages.success(request, "Saved.")
        return redirect("credentials:overview")
    status = 400 if form.is_bound else 200
    context = {"form": form, "credential": credential}
    return render(request, "credentials/form.html", context, status=status)


@login_required
@require_POST
def delete(request: AuthedRequest, credential_id: int) -> HttpResponse:
    credential = selectors.get_credential(request.user, credential_id)
    services.remove_credential(actor=request.user, credential=credential)
    messages.success(request, "Deleted.")
    return redirect("credentials:overview")


@login_required
def calendar(request: AuthedRequest) -> HttpResponse:
    feed = services.ensure_feed(owner=request.user)
    return render(request, "credentials/calendar.html", {"feed_url": feed_url(request, feed)})


@login_required
@require_POST
def regenerate(request: AuthedRequest) -> HttpResponse:
    services.regenerate_feed_token(owner=request.user)
    messages.success(request, "New calendar URL made; the old one no longer works.")
    return redirect("credentials:calendar")
