"""Reads: a user's own credentials, their notices, and the events of their calendar feed."""

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from seldinger.accounts.models import User
from seldinger.credentials import reminders
from seldinger.credentials.feed import FeedEvent
from seldinger.credentials.models import CalendarFeed, Credential, token_digest
from seldinger.pathways.planner import match_day
from seldinger.rules import default_parameters

MATCH_PARAMETER = "match/main-residency-match"
UID_DOMAIN = "seldinger"


def credentials_of(user: User) -> QuerySet[Credential]:
    """A user's own credentials; nobody sees another person's."""
    if not user.is_authenticated:
        return Credential.objects.none()
    return Credential.objects.filter(owner=user)


def get_credential(user: User, credential_id: int) -> Credential:
    """The user's own credential, or Http404 (the same answer whether it exists or not)."""
    credential = credentials_of(user).filter(pk=credential_id).first()
    if credential is None:
        raise Http404("No such licence.")
    return credential


@dataclass(frozen=True)
class CredentialNotice:
    credential: Credential
    status: str
    expires_on: dt.date
    days_left: int
    days_before: int | None

    @property
    def message(self) -> str:
        title = self.credential.title
        when = self.expires_on.strftime("%b %-d, %Y")
        if self.status == reminders.EXPIRED:
            return f"{title} expired on {when}."
        if self.days_left == 0:
            return f"{title} expires today ({when})."
        unit = "day" if self.days_left == 1 else "days"
        return f"{title} expires in {self.days_left} {unit} ({when})."


def notices(user: User, *, on: dt.date) -> list[CredentialNotice]:
    """Credentials expiring within 90 days or expired, most urgent first."""
    found = []
    for credential in credentials_of(user):
        item = reminders.notice(credential.expires_on, on)
        if item is None:
            continue
        found.append(
            CredentialNotice(
                credential=credential,
                status=item.status,
                expires_on=item.expires_on,
                days_left=item.days_left,
                days_before=item.reminder.days_before if item.reminder else None,
            )
        )
    return sorted(found, key=lambda notice: (notice.days_left, notice.credential.pk))


def notice_count(user: User, *, on: dt.date) -> int:
    """How many credentials need attention (for the banner)."""
    if not user.is_authenticated:
        return 0
    first_window = on + dt.timedelta(days=max(reminders.REMINDER_DAYS))
    return credentials_of(user).filter(expires_on__lte=first_window).count()


def feed_of(user: User) -> CalendarFeed | None:
    if not user.is_authenticated:
        return None
    return CalendarFeed.objects.filter(owner=user).first()


def feed_for_token(token: str) -> CalendarFeed:
    """The feed this token opens, or Http404 (unknown, revoked or malformed tokens alike)."""
    feed = (
        CalendarFeed.objects.select_related("owner")
        .filter(token_digest=token_digest(token))
        .first()
    )
    if feed is None or not secrets.compare_digest(feed.token, token):
        raise Http404("No such calendar.")
    if not feed.owner.is_active:
        raise Http404("No such calendar.")
    return feed


# -- calendar feed events ------------------------------------------------------------


def _uid(*parts: object) -> str:
    return "-".join(str(part) for part in parts) + f"@{UID_DOMAIN}"


def match_days(*, on: dt.date) -> list[FeedEvent]:
    """NRMP Main Residency Match Day for this year and next, from the rules.

    Announced days as encoded; otherwise the usual pattern (third Friday of
    March), marked as projected. Uses the planner's own Match Day rule.
    """
    parameter = default_parameters()[MATCH_PARAMETER]
    events = []
    for year in (on.year, on.year + 1):
        start = dt.date(year, 1, 1)
        if not parameter.in_force(start):
            continue
        day = match_day("main-match-day", year, parameter.value_at(start))
        summary = f"{day.name} {year}" + (" (projected)" if day.approximate else "")
        events.append(
            FeedEvent(
                uid=_uid("nrmp-main-match-day", year),
                summary=summary,
                date=day.date,
                description=day.note or "Announced by the NRMP.",
                category="Match",
            )
        )
    return events


def _certification_status(user: User, on: dt.date) -> Any:
    # Imported here: the certification dashboard imports this module too.
    from seldinger.certification.selectors import certification_status

    return certification_status(user, on)


def certification_events(user: User, *, on: dt.date) -> list[FeedEvent]:
    """Exam dates and certification deadlines: the dated parts of the certification status."""
    status = _certification_status(user, on)
    if status is None:
        return []
    events = []
    for part in getattr(status, "parts", ()):
        due = getattr(part, "due", None)
        if not isinstance(due, dt.date):
            continue
        if isinstance(due, dt.datetime):
            due = due.date()
        description = f"Status: {part.status}."
        if getattr(part, "required", None) is not None:
            description += f" Done {part.done} of {part.required}."
        if getattr(part, "note", ""):
            description += f"\n{part.note}"
        events.append(
            FeedEvent(
                uid=_uid("certification", user.pk, part.key),
                summary=f"Certification: {part.name} due",
                date=due,
                description=description,
                category="Certification",
            )
        )
    return events


def credential_events(user: User) -> list[FeedEvent]:
    return [
        FeedEvent(
            uid=_uid("credential-expiry", credential.pk),
            summary=f"{credential.title} expires",
            date=credential.expires_on,
            description=(
                "Last valid day. Renew before then."
                + (f"\nCME: {credential.cme_rules}" if credential.cme_rules else "")
            ),
            category="Licences",
        )
        for credential in credentials_of(user)
    ]


def feed_events(user: User, *, on: dt.date) -> list[FeedEvent]:
    """Everything in the user's calendar feed."""
    return [
        *certification_events(user, on=on),
        *match_days(on=on),
        *credential_events(user),
    ]
