"""Licence expiry: status, the reminder schedule and the checks on a credential.

Pure core (no Django). A credential (state licence, DEA registration, hospital
privileges) is valid through its expiry date. Reminders fall 90, 30 and 7 days
before it; each is sent once per expiry date. A reminder that was missed (the
command did not run that day) is still due on any later day up to the expiry
date; when several are due at once, one message covers them all and names the
most urgent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass

#: Days before expiry on which reminders fall, earliest first.
REMINDER_DAYS: tuple[int, ...] = (90, 30, 7)

STATE_LICENCE = "state-licence"
DEA = "dea"
HOSPITAL_PRIVILEGES = "hospital-privileges"
KINDS: tuple[str, ...] = (STATE_LICENCE, DEA, HOSPITAL_PRIVILEGES)

# Expiry statuses.
CURRENT = "current"
EXPIRING = "expiring"
EXPIRED = "expired"


@dataclass(frozen=True)
class Reminder:
    days_before: int
    remind_on: dt.date
    expires_on: dt.date


@dataclass(frozen=True)
class Notice:
    """What the app shows about one credential on one day (expiring soon or expired)."""

    status: str
    expires_on: dt.date
    days_left: int
    reminder: Reminder | None


def reminder_schedule(expires_on: dt.date) -> list[Reminder]:
    """The reminders for one expiry date, earliest first."""
    return [
        Reminder(days, expires_on - dt.timedelta(days=days), expires_on) for days in REMINDER_DAYS
    ]


def days_left(expires_on: dt.date, on: dt.date) -> int:
    """Days from ``on`` to the expiry date (0 on the last valid day, negative once expired)."""
    return (expires_on - on).days


def expiry_status(expires_on: dt.date, on: dt.date) -> str:
    """``expired`` after the expiry date; ``expiring`` within the first reminder's window."""
    left = days_left(expires_on, on)
    if left < 0:
        return EXPIRED
    if left <= max(REMINDER_DAYS):
        return EXPIRING
    return CURRENT


def due_reminders(
    expires_on: dt.date, on: dt.date, already_sent: Collection[int] = ()
) -> list[Reminder]:
    """Reminders not yet sent whose day has come, most urgent first; none once expired."""
    if on > expires_on:
        return []
    due = [
        reminder
        for reminder in reminder_schedule(expires_on)
        if reminder.remind_on <= on and reminder.days_before not in already_sent
    ]
    return sorted(due, key=lambda reminder: reminder.days_before)


def current_reminder(expires_on: dt.date, on: dt.date) -> Reminder | None:
    """The most urgent reminder in force on ``on`` (sent or not), or None."""
    due = due_reminders(expires_on, on)
    return due[0] if due else None


def notice(expires_on: dt.date, on: dt.date) -> Notice | None:
    """The in-app notice for a credential, or None while it is current."""
    status = expiry_status(expires_on, on)
    if status == CURRENT:
        return None
    return Notice(status, expires_on, days_left(expires_on, on), current_reminder(expires_on, on))


def check_credential(
    *,
    kind: str,
    state: str,
    institution: str,
    issued_on: dt.date | None,
    expires_on: dt.date | None,
    states: Collection[str],
) -> Mapping[str, str]:
    """Problems with a credential's fields, as ``{field: message}`` (empty when valid)."""
    errors: dict[str, str] = {}
    if kind not in KINDS:
        errors["kind"] = f"unknown kind {kind!r}; one of {', '.join(KINDS)}"
    if state and state not in states:
        errors["state"] = f"unknown state {state!r}; use the two-letter code"
    elif kind == STATE_LICENCE and not state:
        errors["state"] = "a state licence needs its state"
    if kind == HOSPITAL_PRIVILEGES and not institution.strip():
        errors["institution"] = "hospital privileges need the institution"
    if expires_on is None:
        errors["expires_on"] = "the expiry date is required"
    elif issued_on is not None and issued_on > expires_on:
        errors["expires_on"] = "the expiry date is before the issue date"
    return errors
