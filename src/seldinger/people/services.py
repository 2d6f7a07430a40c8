"""The people of a program: invitations (made, sent, resent, revoked, accepted), the roster
import that makes them, and deactivating graduates and leavers. Every change is audited.

Permission: callers find the program with ``accounts.selectors.program_led_by`` (404 for
anyone who does not lead it); the services check it again (403), for the command line.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from seldinger.accounts import appointments
from seldinger.accounts import selectors as access
from seldinger.accounts.models import Role, User
from seldinger.audit.services import audited_create, audited_update
from seldinger.errors import Conflict, ErrorItem, Forbidden, Invalid
from seldinger.pathways import training
from seldinger.pathways.planner import RESIDENCY_START_MONTH, PlanningError, plan_path
from seldinger.people import roster, selectors
from seldinger.people.models import Invitation
from seldinger.rules import default_parameters
from seldinger.tabular import RowError
from seldinger.tabular_limits import import_limits

if TYPE_CHECKING:
    from seldinger.programs.models import Program

Kind = access.Kind
#: The largest roster file the page and the API take (a roster is a few hundred rows).
MAX_ROSTER_BYTES = 1024 * 1024
#: The appointment and the account role each invited role becomes.
MEMBERSHIP_KIND = {"resident": Kind.TRAINEE, "fellow": Kind.TRAINEE, "faculty": Kind.FACULTY}
ACCOUNT_ROLE = {"resident": Role.RESIDENT, "fellow": Role.RESIDENT, "faculty": Role.FACULTY}


def _account_state(user: User) -> dict[str, Any]:
    """How an account reads in the audit trail (never its password)."""
    return {
        "username": user.username,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "role": user.role,
        "deactivated_at": user.deactivated_at.isoformat() if user.deactivated_at else None,
    }


def _check_leads(actor: User | None, program: Program) -> None:
    if actor is None or not access.programs_led_by(actor).filter(pk=program.pk).exists():
        raise Forbidden("Only the program's director or coordinator manages its people.")


# Invitations ----------------------------------------------------------------------------


def invitation_days() -> int:
    return int(settings.INVITATION_DAYS)


def invitation_link(secret: str) -> str:
    return settings.SITE_URL + reverse("people:invitation", args=[secret])


def _why_not(program: Program, email: str, role: str) -> str | None:
    """Why ``email`` cannot be invited to ``program`` as ``role`` now, or None."""
    account = selectors.account_for(email)
    if account is not None and access.is_current_member(account, program, MEMBERSHIP_KIND[role]):
        return f"{email} is already a member of the program as {role}"
    pending = selectors.open_invitations_of(program).filter(email__iexact=email).first()
    if pending is not None:
        sent = timezone.localtime(pending.sent_at).date().isoformat()
        return f"{email} was already invited on {sent}: resend or revoke that invitation"
    return None


def _checked(
    email: str, first_name: str, last_name: str, role: str, **dates: Any
) -> roster.Invitee:
    cells = {
        "email": email.strip(),
        "first_name": first_name.strip(),
        "last_name": last_name.strip(),
        "role": role.strip(),
    }
    problems = {error.field: error.message for error in roster.cell_errors(0, cells)}
    start, end = dates.get("start_date"), dates.get("end_date")
    if start and end and end < start:
        problems["end_date"] = "the end date is before the start date"
    if problems:
        raise Invalid(
            "The invitation is not valid: " + "; ".join(problems.values()) + ".", errors=problems
        )
    return roster.Invitee(
        line=0,
        email=roster.normal_email(cells["email"]),
        first_name=cells["first_name"],
        last_name=cells["last_name"],
        role=cells["role"].lower(),
        start_date=start,
        end_date=end,
    )


def _new_invitation(actor: User, program: Program, invitee: roster.Invitee) -> Invitation:
    secret = secrets.token_urlsafe(32)
    now = timezone.now()
    invitation = Invitation(
        program=program,
        email=invitee.email,
        first_name=invitee.first_name,
        last_name=invitee.last_name,
        role=invitee.role,
        start_date=invitee.start_date,
        end_date=invitee.end_date,
        pgy=invitee.pgy,
        pathway=invitee.pathway,
        invited_by=actor,
        secret_digest=selectors.digest_of(secret),
        created_at=now,
        sent_at=now,
        expires_at=now + dt.timedelta(days=invitation_days()),
    )
    audited_create(actor=actor, instance=invitation)
    transaction.on_commit(lambda: _send(invitation, secret, actor))
    return invitation


def _send(invitation: Invitation, secret: str, actor: User) -> None:
    context = {
        "invitation": invitation,
        "link": invitation_link(secret),
        "inviter": actor.get_full_name() or actor.get_username(),
        "days": invitation_days(),
    }
    send_mail(
        subject=f"Join {invitation.program.name} on Seldinger",
        message=render_to_string("people/invitation_email.txt", context),
        from_email=None,
        recipient_list=[invitation.email],
    )


def invite(
    *,
    actor: User,
    program: Program,
    email: str,
    first_name: str,
    last_name: str,
    role: str,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
) -> Invitation:
    """Invite someone to ``program`` as ``role``; the e-mail with their link goes out once the
    invitation is saved."""
    _check_leads(actor, program)
    invitee = _checked(email, first_name, last_name, role, start_date=start_date, end_date=end_date)
    problem = _why_not(program, invitee.email, invitee.role)
    if problem:
        raise Invalid(problem, field="email", status=409)
    with transaction.atomic():
        return _new_invitation(actor, program, invitee)


def resend(*, actor: User, invitation: Invitation) -> Invitation:
    """Send the invitation again with a new link (the old one stops working), open for
    ``INVITATION_DAYS`` from now."""
    _check_leads(actor, invitation.program)
    if invitation.accepted_at is not None:
        raise Conflict("This invitation has been accepted already.")
    if invitation.revoked_at is not None:
        raise Conflict("This invitation was revoked: invite the person again.")
    secret = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        audited_update(
            actor=actor,
            instance=invitation,
            changes={
                "secret_digest": selectors.digest_of(secret),
                "sent_at": now,
                "expires_at": now + dt.timedelta(days=invitation_days()),
            },
        )
        transaction.on_commit(lambda: _send(invitation, secret, actor))
    return invitation


def revoke(*, actor: User, invitation: Invitation) -> Invitation:
    """Withdraw an invitation not yet accepted: its link stops working."""
    _check_leads(actor, invitation.program)
    if invitation.accepted_at is not None:
        raise Conflict("This invitation has been accepted: deactivate the person instead.")
    if invitation.revoked_at is not None:
        return invitation
    return audited_update(actor=actor, instance=invitation, changes={"revoked_at": timezone.now()})


def open_invitation(secret: str) -> Invitation:
    """The invitation of a link, while it may be accepted; refused with what to do if not."""
    invitation = selectors.invitation_by_secret(secret)
    if invitation is None:
        raise Invalid(
            "This invitation link does not work: it may have been replaced by a newer one. "
            "Ask the program's coordinator to send it again."
        )
    status = invitation.status_at(timezone.now())
    if status == Invitation.Status.ACCEPTED:
        raise Conflict("This invitation has been accepted already: log in.")
    if status == Invitation.Status.REVOKED:
        raise Invalid("This invitation was withdrawn by the program.")
    if status == Invitation.Status.EXPIRED:
        raise Invalid(
            "This invitation has expired. Ask the program's coordinator to send it again."
        )
    return invitation


def pgy_started(start_date: dt.date | None, invited_on: dt.date) -> dt.date:
    """When the PGY of an invitation began: its start date, else the last July 1 (the
    residency year's start) on or before the day of the invitation."""
    if start_date is not None:
        return start_date
    year = invited_on.year if invited_on.month >= RESIDENCY_START_MONTH else invited_on.year - 1
    return dt.date(year, RESIDENCY_START_MONTH, 1)


def pgy_problem(invitee: roster.Invitee, invited_on: dt.date) -> tuple[str, str] | None:
    """Why the invitee's PGY and pathway cannot be a training record (the column at fault
    and the rules' reason), or None."""
    if invitee.pgy is None:
        return None
    try:
        plan_path(
            stage=f"pgy{invitee.pgy}",
            stage_start=pgy_started(invitee.start_date, invited_on),
            pathway=invitee.pathway,
            rules=default_parameters(),
        )
    except PlanningError as error:
        return ("pgy" if error.field == "stage" else "pathway"), error.message
    return None


def _record_training(invitation: Invitation, user: User) -> None:
    """The invitee's training record from the invitation's PGY, unless they have one."""
    if invitation.pgy is None or training.record_of(user) is not None:
        return
    training.set_training(
        actor=user,
        trainee=user,
        pathway=invitation.pathway,
        stage=f"pgy{invitation.pgy}",
        stage_start=pgy_started(invitation.start_date, timezone.localdate(invitation.created_at)),
    )


def _join(invitation: Invitation, user: User) -> None:
    appointments.appoint_dated(
        user=user,
        program=invitation.program,
        kind=MEMBERSHIP_KIND[invitation.role],
        start_date=invitation.start_date,
        end_date=invitation.end_date,
    )
    audited_update(
        actor=user,
        instance=invitation,
        changes={"accepted_at": timezone.now(), "accepted_by": user},
    )
    _record_training(invitation, user)


def _invitee_account(invitation: Invitation) -> User:
    """The invitee's new account, not yet saved (its username is the e-mail address)."""
    if selectors.account_for(invitation.email) is not None:
        raise Conflict("An account with this e-mail address exists: log in to accept.")
    username = invitation.email.casefold()
    if User.objects.filter(username__iexact=username).exists():
        raise Conflict("An account with this e-mail address exists: log in to accept.")
    return User(
        username=username,
        email=invitation.email,
        first_name=invitation.first_name,
        last_name=invitation.last_name,
        role=ACCOUNT_ROLE[invitation.role],
    )


def accept_with_password(*, invitation: Invitation, password: str) -> User:
    """Make the invitee's account with ``password`` and make them a member of the program."""
    user = _invitee_account(invitation)
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise Invalid(" ".join(error.messages), field="password") from None
    user.set_password(password)
    with transaction.atomic():
        audited_create(actor=None, instance=user, state=_account_state)
        _join(invitation, user)
    return user


class InvitationClosed(Invalid):
    """The only invitations to an address are expired or revoked (``state`` says which)."""

    def __init__(self, message: str, *, state: str) -> None:
        super().__init__(message)
        self.state = state


def accept_at_hospital_sign_in(*, email: str, user: User | None) -> User | None:
    """Accept every open invitation to ``email``, whose owner the hospital's identity provider
    has just confirmed, as following the invitation's link would: ``user`` joins, or, with no
    account yet, one is made from the newest invitation (no password: it signs in through the
    hospital, or sets one by a password reset). The account, or None when no invitation is
    open; ``InvitationClosed`` when there is no account and every invitation to the address
    has expired or was revoked."""
    now = timezone.now()
    invitations = list(selectors.invitations_to(email))
    waiting = [invitation for invitation in invitations if invitation.is_open(now)]
    if not waiting:
        if user is None and invitations:
            status = invitations[0].status_at(now)
            if status == Invitation.Status.REVOKED:
                raise InvitationClosed(
                    "This invitation was withdrawn by the program.", state=status
                )
            if status == Invitation.Status.EXPIRED:
                raise InvitationClosed("This invitation has expired.", state=status)
        return user
    with transaction.atomic():
        if user is None:
            user = _invitee_account(waiting[0])
            user.set_unusable_password()
            audited_create(actor=None, instance=user, state=_account_state)
        elif user.deactivated_at is not None:
            return user
        for invitation in waiting:
            _join(invitation, user)
    return user


def accept_as(*, invitation: Invitation, user: User) -> None:
    """Make ``user``, whose account has the invitation's e-mail address, a member."""
    if user.email.casefold() != invitation.email.casefold():
        raise Forbidden(
            f"This invitation is for {invitation.email}: log in with that account to accept it."
        )
    if user.deactivated_at is not None:
        raise Forbidden("Your account is deactivated: ask the program to reactivate it.")
    with transaction.atomic():
        _join(invitation, user)


# The roster -------------------------------------------------------------------------------


@dataclass
class RosterReport:
    """What a roster import found and did: on a dry run or with an error, nothing is saved."""

    name: str
    rows: int
    invitees: list[roster.Invitee]
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False
    invited: int = 0

    @property
    def saved(self) -> bool:
        return self.invited > 0

    def error_lines(self) -> list[str]:
        return [error.located(self.name) for error in self.errors]

    def summary(self) -> str:
        people = f"{len(self.invitees)} {'person' if len(self.invitees) == 1 else 'people'}"
        if self.errors:
            count = len(self.errors)
            return (
                f"Nothing imported: {self.name} has {count} "
                f"{'problem' if count == 1 else 'problems'}."
            )
        if self.dry_run:
            return f"{self.name}: {people} to invite. Dry run: nothing saved, no e-mail sent."
        return f"{self.name}: invited {people}."

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.name,
            "rows": self.rows,
            "dry_run": self.dry_run,
            "invited": self.invited,
            "summary": self.summary(),
            "invitees": [
                {
                    "line": invitee.line,
                    "email": invitee.email,
                    "first_name": invitee.first_name,
                    "last_name": invitee.last_name,
                    "role": invitee.role,
                    "start_date": invitee.start_date.isoformat() if invitee.start_date else None,
                    "end_date": invitee.end_date.isoformat() if invitee.end_date else None,
                    "pgy": invitee.pgy,
                    "pathway": invitee.pathway or None,
                }
                for invitee in self.invitees
            ],
            "errors": [error.as_dict() for error in self.errors],
        }

    def error_items(self) -> list[ErrorItem]:
        return [ErrorItem(error.field, error.message, error.line) for error in self.errors]


def import_roster(
    *, actor: User, program: Program, content: bytes, name: str, dry_run: bool
) -> RosterReport:
    """Invite everyone on a roster file (CSV or XLSX), all or nothing: a dry run, or a file
    with any problem, saves nothing and sends nothing. Raises ``tabular.FileError`` for the
    file as a whole."""
    _check_leads(actor, program)
    found = roster.read_roster(content, name=name, limits=import_limits())
    report = RosterReport(
        name=name, rows=found.rows, invitees=found.invitees, errors=found.errors, dry_run=dry_run
    )
    today = timezone.localdate()
    for invitee in found.invitees:
        problem = _why_not(program, invitee.email, invitee.role)
        if problem:
            report.errors.append(RowError(invitee.line, "email", problem))
        pgy = pgy_problem(invitee, today)
        if pgy is not None:
            report.errors.append(RowError(invitee.line, *pgy))
    report.errors.sort(key=lambda error: (error.line, roster.COLUMNS.names.index(error.field)))
    if report.errors:
        report.invitees = [
            invitee
            for invitee in report.invitees
            if invitee.line not in {error.line for error in report.errors}
        ]
    if report.errors or dry_run:
        return report
    with transaction.atomic():
        for invitee in found.invitees:
            _new_invitation(actor, program, invitee)
    report.invited = len(found.invitees)
    return report


# Deactivation ----------------------------------------------------------------------------


def _check_may_deactivate(actor: User, program: Program, person: User) -> None:
    if not access.may_deactivate(actor, program, person):
        raise Forbidden(
            "A program's leaders deactivate its trainees and faculty, not its leaders "
            "or themselves."
        )


def deactivate(*, actor: User, program: Program, person: User) -> User:
    """Make ``person``'s account read-only (a graduate or a leaver): they still log in, read
    their records and download their exports, and so does the program; nobody changes them."""
    _check_may_deactivate(actor, program, person)
    if person.deactivated_at is not None:
        return person
    return audited_update(
        actor=actor,
        instance=person,
        changes={"deactivated_at": timezone.now()},
        state=_account_state,
        update_fields=["deactivated_at"],
    )


def reactivate(*, actor: User, program: Program, person: User) -> User:
    """Undo ``deactivate``."""
    _check_may_deactivate(actor, program, person)
    if person.deactivated_at is None:
        return person
    return audited_update(
        actor=actor,
        instance=person,
        changes={"deactivated_at": None},
        state=_account_state,
        update_fields=["deactivated_at"],
    )
