"""Reads: a user's own credentials, their notices, and their calendar feed's token."""

import datetime as dt
import secrets
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from seldinger.accounts.models import User
from seldinger.accounts.selectors import is_active_user
from seldinger.credentials import reminders
from seldinger.credentials.models import CalendarFeed, Credential, token_digest
from seldinger.lookups import one_or_404, owned_by
from seldinger.prepared_queries import PreparedQuery


def credentials_of(user: User) -> QuerySet[Credential]:
    """A user's own credentials; nobody sees another person's."""
    return owned_by(Credential, user)


def get_credential(user: User, credential_id: int) -> Credential:
    """The user's own credential, or Http404 (the same answer whether it exists or not)."""
    return one_or_404(credentials_of(user), "No such licence.", pk=credential_id)


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
    if not is_active_user(user):
        return 0
    first_window = on + dt.timedelta(days=max(reminders.REMINDER_DAYS))
    return len(_NEEDING_ATTENTION.rows(user.pk, first_window))


# The banner of every page (credentials.context_processors): compiled once per process.
_NEEDING_ATTENTION = PreparedQuery(
    lambda owner_id, last_day: Credential.objects.filter(
        owner=owner_id, expires_on__lte=last_day
    ).values_list("pk"),
    int,
    dt.date,
)


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
