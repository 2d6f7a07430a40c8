"""Thin views: the licence list with its notices, the form, and the calendar feed's URL."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from seldinger.accounts.requests import AuthedRequest
from seldinger.credentials import selectors, services
from seldinger.credentials.forms import CredentialForm
from seldinger.credentials.models import CalendarFeed
from seldinger.web.pages import done, post_action, render_form, submitted
from seldinger.web.routes import Routes

routes = Routes()


def feed_url(request: HttpRequest, feed: CalendarFeed) -> str:
    return request.build_absolute_uri(reverse("calendar_feed:feed", args=[feed.token]))


@routes.page("", name="overview")
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


def _form_page(request: AuthedRequest, credential: Any = None) -> HttpResponse:
    """Add a licence (``credential`` None) or change one; the service's refusals go on the form."""
    user = request.user
    form = CredentialForm(request.POST or None, instance=credential)

    def save() -> Any:
        if credential is None:
            return services.add_credential(owner=user, **form.cleaned_data)
        return services.change_credential(actor=user, credential=credential, **form.cleaned_data)

    if submitted(request, form, save):
        return done(request, "Saved.", "credentials:overview")
    context = {"form": form, "credential": credential}
    return render_form(request, "credentials/form.html", context)


@routes.page("new/", name="add")
def add(request: AuthedRequest) -> HttpResponse:
    return _form_page(request)


@routes.page("<int:credential_id>/", name="edit")
def edit(request: AuthedRequest, credential_id: int) -> HttpResponse:
    return _form_page(request, selectors.get_credential(request.user, credential_id))


@routes.page("<int:credential_id>/delete/", name="delete")
@post_action("Deleted.", "credentials:overview")
def delete(request: AuthedRequest, credential_id: int) -> None:
    credential = selectors.get_credential(request.user, credential_id)
    services.remove_credential(actor=request.user, credential=credential)


@routes.page("calendar/", name="calendar")
def calendar(request: AuthedRequest) -> HttpResponse:
    feed = services.ensure_feed(owner=request.user)
    return render(request, "credentials/calendar.html", {"feed_url": feed_url(request, feed)})


@routes.page("calendar/regenerate/", name="regenerate")
@post_action("New calendar URL made; the old one no longer works.", "credentials:calendar")
def regenerate(request: AuthedRequest) -> None:
    services.regenerate_feed_token(owner=request.user)
