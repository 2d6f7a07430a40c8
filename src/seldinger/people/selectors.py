"""What a program's leaders see of its people: members (from ``accounts.selectors``, which
alone reads memberships) and invitations. Every function takes a program the caller has
already found with ``accounts.selectors.program_led_by``, which refuses anyone else's."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from seldinger.accounts import selectors as access
from seldinger.accounts.models import User
from seldinger.people.models import Invitation

if TYPE_CHECKING:
    from seldinger.programs.models import Program


@dataclass
class Appointment:
    kind: str
    label: str
    start_date: dt.date | None
    end_date: dt.date | None
    current: bool


@dataclass
class Person:
    """One member of a program, with every appointment they hold or held there."""

    user: User
    appointments: list[Appointment] = field(default_factory=list)
    may_deactivate: bool = False

    @property
    def current(self) -> bool:
        return any(appointment.current for appointment in self.appointments)

    @property
    def roles(self) -> str:
        return ", ".join(appointment.label for appointment in self.appointments)


def people_of(program: Program, *, viewer: User) -> list[Person]:
    """The program's members, leaders first, each with their appointments there, and whether
    ``viewer`` may deactivate them."""
    today = timezone.localdate()
    people: dict[int, Person] = {}
    for membership in access.memberships_in(program):
        person = people.setdefault(membership.user_id, Person(user=membership.user))
        current = (membership.start_date is None or membership.start_date <= today) and (
            membership.end_date is None or membership.end_date >= today
        )
        person.appointments.append(
            Appointment(
                kind=membership.kind,
                label=membership.get_kind_display(),
                start_date=membership.start_date,
                end_date=membership.end_date,
                current=current,
            )
        )
    for person in people.values():
        person.may_deactivate = access.may_deactivate(viewer, program, person.user)
    return list(people.values())


def person_in(program: Program, user_id: int) -> User:
    """A member (past or present) of ``program``; anyone else is as missing as no one (404)."""
    members = access.memberships_in(program).values("user_id")
    return get_object_or_404(User.objects.filter(pk__in=members), pk=user_id)


def invitations_of(program: Program) -> QuerySet[Invitation]:
    """The program's invitations, newest first (accepted, revoked and expired ones too)."""
    return Invitation.objects.filter(program=program).select_related("accepted_by")


def open_invitations_of(program: Program) -> QuerySet[Invitation]:
    """The invitations still waiting for an answer."""
    return invitations_of(program).filter(
        accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    )


def invitation_of(program: Program, invitation_id: int) -> Invitation:
    """One of the program's invitations; another program's is as missing as none (404)."""
    return get_object_or_404(invitations_of(program), pk=invitation_id)


def digest_of(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def invitation_by_secret(secret: str) -> Invitation | None:
    """The invitation whose link holds ``secret`` (whatever its state), or None."""
    if not secret or len(secret) > 100:
        return None
    return (
        Invitation.objects.select_related("program").filter(secret_digest=digest_of(secret)).first()
    )


def invitations_to(email: str) -> QuerySet[Invitation]:
    """Every invitation to ``email`` (any case), whatever its state, newest first."""
    return Invitation.objects.select_related("program").filter(email__iexact=email.strip())


def account_for(email: str) -> User | None:
    """The account an invitation to ``email`` is for, when there is one already."""
    return User.objects.filter(email__iexact=email.strip()).order_by("pk").first()
