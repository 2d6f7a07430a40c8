"""Writes of the home app: a user's choice of the to-do digest, and sending the digests."""

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction

from seldinger.accounts.models import User
from seldinger.errors import Invalid
from seldinger.home import digest
from seldinger.home.models import DigestSubscription
from seldinger.home.selectors import todo_of

#: What a user may choose: no e-mail ("") or one of the frequencies.
CHOICES = ("", *DigestSubscription.Frequency.values)


def choose_digest(*, user: User, frequency: str) -> DigestSubscription | None:
    """Start, change or stop (``frequency`` "") the user's to-do digest."""
    if frequency not in CHOICES:
        raise Invalid(
            f"frequency must be one of: {', '.join(repr(choice) for choice in CHOICES)}.",
            field="frequency",
        )
    with transaction.atomic():
        if not frequency:
            DigestSubscription.objects.filter(user=user).delete()
            return None
        found, _ = DigestSubscription.objects.update_or_create(
            user=user, defaults={"frequency": frequency}
        )
        return found


@dataclass
class DigestReport:
    on: dt.date
    dry_run: bool = False
    #: Username, address and number of things to do of each digest sent.
    sent: list[tuple[str, str, int]] = field(default_factory=list)
    nothing_to_do: int = 0
    no_email: int = 0


def due_frequencies(on: dt.date) -> list[str]:
    """The digests that go out on ``on``: daily ones always, weekly ones on the weekday."""
    due = [DigestSubscription.Frequency.DAILY.value]
    if on.weekday() == settings.WEEKDAYS.index(settings.DIGEST_WEEKDAY):
        due.append(DigestSubscription.Frequency.WEEKLY.value)
    return due


def send_digests(*, on: dt.date, dry_run: bool = False) -> DigestReport:
    """E-mail each subscriber whose digest is due on ``on`` their to-do list, once a day
    (``dry_run``: say whom, send and record nothing).

    Nobody who did not opt in gets one, nor anyone with nothing to do (figures alone, such
    as this week's hours, are no reason for an e-mail), nor an inactive account.
    """
    report = DigestReport(on=on, dry_run=dry_run)
    subscriptions = (
        DigestSubscription.objects.filter(frequency__in=due_frequencies(on), user__is_active=True)
        .exclude(last_sent_on=on)
        .select_related("user")
    )
    for subscription in subscriptions:
        user = subscription.user
        if not user.email:
            report.no_email += 1
            continue
        items = todo_of(user, today=on)
        things = sum(item.actionable for item in items)
        if not things:
            report.nothing_to_do += 1
            continue
        if dry_run:
            report.sent.append((user.username, user.email, things))
            continue
        message = digest.compose(user, items, today=on, frequency=subscription.frequency)
        with transaction.atomic():
            DigestSubscription.objects.filter(pk=subscription.pk).update(last_sent_on=on)
            # Inside the transaction: a failed send records nothing, so the next run retries.
            mail = EmailMultiAlternatives(
                message.subject, message.text, settings.DEFAULT_FROM_EMAIL, [user.email]
            )
            mail.attach_alternative(message.html, "text/html")
            mail.send()
        report.sent.append((user.username, user.email, things))
    return report
