"""Writes: credentials (checked, audited), feed tokens, and the reminder e-mails."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from seldinger.accounts.models import User
from seldinger.audit.models import AuditEntry
from seldinger.audit.services import audited_create, audited_delete, audited_update, record
from seldinger.credentials import reminders
from seldinger.credentials.models import CalendarFeed, Credential, SentReminder, new_token
from seldinger.errors import Invalid
from seldinger.programs.models import STATE_CODES

FIELDS = ("kind", "state", "institution", "number", "issued_on", "expires_on", "cme_rules")


class CredentialError(Invalid):
    """Invalid credential fields: ``errors`` maps each field to its message."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        # One problem reads as itself; several name their fields.
        message = "; ".join(f"{name}: {message}" for name, message in errors.items())
        super().__init__(
            next(iter(errors.values())) if len(errors) == 1 else message, errors=errors
        )


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {name: values.get(name) for name in FIELDS}
    for name in ("kind", "state", "institution", "number", "cme_rules"):
        data[name] = str(data[name] or "").strip()
    data["state"] = data["state"].upper()
    errors = reminders.check_credential(
        kind=data["kind"],
        state=data["state"],
        institution=data["institution"],
        issued_on=data["issued_on"],
        expires_on=data["expires_on"],
        states=STATE_CODES,
    )
    if errors:
        raise CredentialError(dict(errors))
    return data


@transaction.atomic
def add_credential(*, owner: User, **values: Any) -> Credential:
    """Add a licence, DEA registration or hospital privileges; raises CredentialError."""
    return audited_create(actor=owner, instance=Credential(owner=owner, **_clean(values)))


@transaction.atomic
def change_credential(*, actor: User, credential: Credential, **values: Any) -> Credential:
    """Replace a credential's fields; raises CredentialError."""
    return audited_update(actor=actor, instance=credential, changes=_clean(values))


@transaction.atomic
def remove_credential(*, actor: User, credential: Credential) -> None:
    audited_delete(actor=actor, instance=credential)


# -- calendar feed ---------------------------------------------------------------------


@transaction.atomic
def ensure_feed(*, owner: User) -> CalendarFeed:
    """The user's calendar feed, created with a fresh token the first time."""
    feed = CalendarFeed.objects.select_for_update().filter(owner=owner).first()
    if feed is not None:
        return feed
    feed = CalendarFeed(owner=owner)
    feed.set_token(new_token())
    feed.save()
    record(actor=owner, action=AuditEntry.Action.CREATE, instance=feed, after={"token": "new"})
    return feed


@transaction.atomic
def regenerate_feed_token(*, owner: User) -> CalendarFeed:
    """A new private URL; the old one answers 404 from now on."""
    feed = CalendarFeed.objects.select_for_update().filter(owner=owner).first()
    if feed is None:
        return ensure_feed(owner=owner)
    feed.set_token(new_token())
    feed.save()
    record(
        actor=owner,
        action=AuditEntry.Action.UPDATE,
        instance=feed,
        before={"token": "revoked"},
        after={"token": "new"},
    )
    return feed


# -- reminder e-mails --------------------------------------------------------------------


@dataclass(frozen=True)
class ReminderMail:
    credential_id: int
    owner: str
    recipient: str
    title: str
    expires_on: dt.date
    days_left: int
    days_before: int  # the most urgent reminder due
    covers: tuple[int, ...]  # every reminder this message stands for


@dataclass
class ReminderReport:
    as_of: dt.date
    dry_run: bool
    sent: list[ReminderMail] = field(default_factory=list)
    skipped_no_email: list[str] = field(default_factory=list)

    @property
    def messages(self) -> int:
        return len({mail.recipient for mail in self.sent})


def due_reminder_mails(*, on: dt.date) -> tuple[list[ReminderMail], list[str]]:
    """Reminders due on ``on`` and not yet sent; and the users with no e-mail to send to."""
    window_end = on + dt.timedelta(days=max(reminders.REMINDER_DAYS))
    candidates = (
        Credential.objects.filter(
            expires_on__gte=on, expires_on__lte=window_end, owner__is_active=True
        )
        .select_related("owner")
        .order_by("owner_id", "expires_on", "id")
    )
    sent: dict[tuple[int, dt.date], set[int]] = defaultdict(set)
    for credential_id, expires_on, days_before in SentReminder.objects.filter(
        credential__in=candidates
    ).values_list("credential_id", "expires_on", "days_before"):
        sent[(credential_id, expires_on)].add(days_before)
    mails: list[ReminderMail] = []
    no_email: list[str] = []
    for credential in candidates:
        due = reminders.due_reminders(
            credential.expires_on, on, sent[(credential.pk, credential.expires_on)]
        )
        if not due:
            continue
        owner = credential.owner
        if not owner.email:
            if owner.username not in no_email:
                no_email.append(owner.username)
            continue
        mails.append(
            ReminderMail(
                credential_id=credential.pk,
                owner=owner.username,
                recipient=owner.email,
                title=credential.title,
                expires_on=credential.expires_on,
                days_left=reminders.days_left(credential.expires_on, on),
                days_before=due[0].days_before,
                covers=tuple(reminder.days_before for reminder in due),
            )
        )
    return mails, no_email


def _message(mails: list[ReminderMail]) -> tuple[str, str]:
    if len(mails) == 1:
        subject = f"Reminder: {mails[0].title} expires on {mails[0].expires_on:%b %-d, %Y}"
    else:
        subject = f"Reminder: {len(mails)} licences expire soon"
    lines = ["These expire soon; renew them before the last valid day:", ""]
    for mail in mails:
        unit = "day" if mail.days_left == 1 else "days"
        lines.append(
            f"- {mail.title}: expires {mail.expires_on:%b %-d, %Y} ({mail.days_left} {unit} left)"
        )
    lines += ["", "See them all in Seldinger under Licences (/credentials/).", ""]
    return subject, "\n".join(lines)


def send_due_reminders(*, on: dt.date, dry_run: bool = False) -> ReminderReport:
    """E-mail every reminder due on ``on`` once: one message per person, recorded as sent.

    Reminders missed on their day are sent on the next run up to the expiry
    date. With ``dry_run`` nothing is sent or recorded.
    """
    mails, no_email = due_reminder_mails(on=on)
    report = ReminderReport(as_of=on, dry_run=dry_run, skipped_no_email=no_email)
    by_recipient: dict[str, list[ReminderMail]] = defaultdict(list)
    for mail in mails:
        by_recipient[mail.recipient].append(mail)
    for recipient, group in by_recipient.items():
        if not dry_run:
            with transaction.atomic():
                for mail in group:
                    for days_before in mail.covers:
                        SentReminder.objects.get_or_create(
                            credential_id=mail.credential_id,
                            expires_on=mail.expires_on,
                            days_before=days_before,
                            defaults={"recipient": recipient},
                        )
                subject, body = _message(group)
                # Inside the transaction: a failed send records nothing, so it is retried.
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient])
        report.sent.extend(group)
    return report
