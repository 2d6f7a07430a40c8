"""Reads: the events of a user's private calendar feed.

Exam dates and certification deadlines (``seldinger.certification``), the NRMP
Match Days (the planner's rule), licence expiries (``seldinger.credentials``) and a
resident's shifts in their program's published schedule (``seldinger.scheduling``):
this module stands above both apps, so neither imports the other for the feed.
"""

import datetime as dt

from django.utils import timezone

from seldinger.accounts.models import User
from seldinger.calendar_feed.ical import FeedEvent
from seldinger.certification.selectors import certification_status
from seldinger.credentials.selectors import credentials_of
from seldinger.pathways.planner import match_day
from seldinger.rules import default_parameters
from seldinger.scheduling.selectors import published_shifts_of

MATCH_PARAMETER = "match/main-residency-match"
UID_DOMAIN = "seldinger"


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


def certification_events(user: User, *, on: dt.date) -> list[FeedEvent]:
    """Exam dates and certification deadlines: the dated parts of the certification status."""
    events = []
    for part in certification_status(user, on).parts:
        if part.due is None:
            continue
        description = f"Status: {part.status}. Done {part.done} of {part.required}."
        if part.note:
            description += f"\n{part.note}"
        events.append(
            FeedEvent(
                uid=_uid("certification", user.pk, part.key),
                summary=f"Certification: {part.name} due",
                date=part.due,
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


def schedule_events(user: User) -> list[FeedEvent]:
    """The user's shifts in the current published schedule of each program they train in;
    a shift keeps its uid across versions while its start and kind stay the same."""
    return [
        FeedEvent(
            uid=_uid(
                "shift", user.pk, shift.kind, shift.start.astimezone(dt.UTC).strftime("%Y%m%dT%H%M")
            ),
            summary=f"{shift.name} ({'call' if shift.is_call else 'rotation'})",
            date=timezone.localdate(shift.start),
            description=f"Published schedule, version {shift.version.number}.",
            category="Schedule",
            start=shift.start,
            end=shift.end,
        )
        for shift in published_shifts_of(user)
    ]


def feed_events(user: User, *, on: dt.date) -> list[FeedEvent]:
    """Everything in the user's calendar feed."""
    return [
        *certification_events(user, on=on),
        *match_days(on=on),
        *credential_events(user),
        *schedule_events(user),
    ]
