"""JSON API: a user's own licences, their reminders, and their calendar feed URL."""

import datetime as dt

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import Query, Router, Schema, Status

from seldinger.accounts.api_auth import logged_in
from seldinger.accounts.requests import AuthedRequest
from seldinger.api_errors import ErrorOut
from seldinger.api_helpers import (
    PageIn,
    PlausibleDate,
    RecordEndpoints,
    model_field,
    page_of,
    paged,
)
from seldinger.credentials import reminders, selectors, services
from seldinger.credentials.models import CalendarFeed, Credential
from seldinger.credentials.selectors import CredentialNotice

router = Router(tags=["credentials"], auth=logged_in)


class CredentialIn(Schema):
    kind: str = model_field(Credential, "kind")
    state: str = model_field(Credential, "state", default="")
    institution: str = model_field(Credential, "institution", default="")
    number: str = model_field(Credential, "number", default="")
    issued_on: PlausibleDate | None = None
    expires_on: PlausibleDate
    cme_rules: str = model_field(Credential, "cme_rules", default="")


class CredentialOut(Schema):
    id: int
    kind: str
    title: str
    state: str
    institution: str
    number: str
    issued_on: dt.date | None
    expires_on: dt.date
    cme_rules: str
    status: str
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_status(obj: Credential) -> str:
        return reminders.expiry_status(obj.expires_on, timezone.localdate())


class ReminderOut(Schema):
    credential_id: int
    title: str
    status: str
    expires_on: dt.date
    days_left: int
    days_before: int | None
    message: str


class FeedOut(Schema):
    url: str


def _feed(request: HttpRequest, feed: CalendarFeed) -> dict[str, str]:
    return {"url": request.build_absolute_uri(reverse("calendar_feed:feed", args=[feed.token]))}


@router.get("/", response=page_of(CredentialOut), summary="My licences")
def list_credentials(request: AuthedRequest, page: Query[PageIn]) -> object:
    return Status(200, paged(selectors.credentials_of(request.user), page))


@router.post("/", response={201: CredentialOut, 400: ErrorOut}, summary="Add a licence")
def add_credential(request: AuthedRequest, payload: CredentialIn) -> object:
    credential = services.add_credential(owner=request.user, **payload.dict())
    return Status(201, credential)


def _reminder_out(notice: CredentialNotice) -> dict[str, object]:
    return {
        "credential_id": notice.credential.pk,
        "title": notice.credential.title,
        "status": notice.status,
        "expires_on": notice.expires_on,
        "days_left": notice.days_left,
        "days_before": notice.days_before,
        "message": notice.message,
    }


@router.get(
    "/reminders",
    response=page_of(ReminderOut),
    summary="My reminders (expiring or expired, most urgent first)",
)
def list_reminders(request: AuthedRequest, page: Query[PageIn]) -> object:
    found = selectors.notices(request.user, on=timezone.localdate())
    return Status(200, paged(found, page, _reminder_out))


@router.get("/feed", response=FeedOut, summary="My private calendar feed URL")
def get_feed(request: AuthedRequest) -> object:
    return Status(200, _feed(request, services.ensure_feed(owner=request.user)))


@router.post(
    "/feed/regenerate", response=FeedOut, summary="New calendar feed URL (the old one stops)"
)
def regenerate_feed(request: AuthedRequest) -> object:
    feed = services.regenerate_feed_token(owner=request.user)
    return Status(200, _feed(request, feed))


one_credential = RecordEndpoints(
    router, "/{credential_id}", CredentialOut, find=selectors.get_credential
)
one_credential.get("get_credential", "One of my licences")
one_credential.change(
    "change_credential", CredentialIn, services.change_credential, "Change a licence"
)
one_credential.delete("delete_credential", services.remove_credential, "Delete a licence")
