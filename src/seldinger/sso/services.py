"""Single sign-on's decisions and writes: which existing account a hospital login is, why one is
refused, the audit entry of each login, and whether it counts as a second factor.

No account is created from a login alone: the identity must name, by a confirmed e-mail
address, exactly one active Seldinger account, or an open invitation to that address, which
the login accepts as its link would (``people.services``).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.contrib import auth
from django.http import HttpRequest

from seldinger.accounts.models import User
from seldinger.audit.models import AuditEntry
from seldinger.audit.services import record
from seldinger.mfa.session import mark_second_factor
from seldinger.people import services as people
from seldinger.sso import selectors

logger = logging.getLogger(__name__)

#: Where a refusal waits between the authentication backend and the view that shows it.
_REFUSAL_ATTRIBUTE = "sso_refusal"


class Protocol(StrEnum):
    OIDC = "oidc"
    SAML = "saml"


class Reason(StrEnum):
    NO_EMAIL = "no-email"
    UNVERIFIED_EMAIL = "unverified-email"
    NO_ACCOUNT = "no-account"
    AMBIGUOUS = "ambiguous"
    INACTIVE = "inactive"
    INVITATION_EXPIRED = "invitation-expired"
    INVITATION_REVOKED = "invitation-revoked"
    NOT_COMPLETED = "not-completed"
    PROVIDER = "provider"


@dataclass(frozen=True)
class Refusal:
    """Why a hospital login did not log anyone in, for the page that says so."""

    reason: Reason
    email: str = ""
    detail: str = ""


def account_for(*, email: str | None, verified: bool) -> User | Refusal:
    """The one active account whose e-mail is ``email`` (any case), or why there is none."""
    email = (email or "").strip()
    if not email:
        return Refusal(Reason.NO_EMAIL)
    if not verified:
        return Refusal(Reason.UNVERIFIED_EMAIL, email)
    accounts = list(selectors.accounts_with_email(email))
    if not accounts:
        return Refusal(Reason.NO_ACCOUNT, email)
    if len(accounts) > 1:
        return Refusal(Reason.AMBIGUOUS, email)
    if not accounts[0].is_active:
        return Refusal(Reason.INACTIVE, email)
    return accounts[0]


def account_signing_in(*, email: str | None, verified: bool) -> User | Refusal:
    """``account_for``, after accepting the open invitations to a confirmed e-mail address:
    an invitee signing in through the hospital joins the program (and, without an account
    yet, gets one with the invited role), exactly as with the invitation's link."""
    outcome = account_for(email=email, verified=verified)
    if isinstance(outcome, Refusal) and outcome.reason != Reason.NO_ACCOUNT:
        return outcome
    user = outcome if isinstance(outcome, User) else None
    try:
        accepted = people.accept_at_hospital_sign_in(email=(email or "").strip(), user=user)
    except people.InvitationClosed as closed:
        reason = (
            Reason.INVITATION_REVOKED if closed.state == "revoked" else Reason.INVITATION_EXPIRED
        )
        return Refusal(reason, (email or "").strip())
    return outcome if accepted is None else accepted


def refuse(request: HttpRequest, refusal: Refusal, *, protocol: Protocol) -> None:
    """Keep ``refusal`` on the request for the page, and log it (no account is touched)."""
    setattr(request, _REFUSAL_ATTRIBUTE, refusal)
    logger.warning(
        "single sign-on refused: %s over %s for %s %s",
        refusal.reason,
        protocol,
        refusal.email or "(no e-mail)",
        refusal.detail,
    )


def refusal_of(request: HttpRequest) -> Refusal | None:
    refusal = getattr(request, _REFUSAL_ATTRIBUTE, None)
    return refusal if isinstance(refusal, Refusal) else None


def signed_in(
    request: HttpRequest,
    user: User,
    *,
    protocol: Protocol,
    identity_provider: str,
    previous_login: dt.datetime | None,
) -> None:
    """After Django logged ``user`` in through the hospital: audit the login, and record the
    identity provider's login as the second factor where the setting says it is one."""
    record(
        actor=user,
        action=AuditEntry.Action.UPDATE,
        instance=user,
        before={"last_login": previous_login.isoformat() if previous_login else None},
        after={
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "signed_in_with": str(protocol),
            "identity_provider": identity_provider,
        },
    )
    record_second_factor(request)


def log_in(request: HttpRequest, user: User, *, protocol: Protocol, identity_provider: str) -> None:
    """Log ``user`` in through the hospital (for the views that log in themselves)."""
    previous_login = user.last_login
    auth.login(request, user)
    signed_in(
        request,
        user,
        protocol=protocol,
        identity_provider=identity_provider,
        previous_login=previous_login,
    )


def record_second_factor(request: HttpRequest) -> None:
    """Count this login as the second factor, only when ``SELDINGER_SSO_COUNTS_AS_SECOND_FACTOR``
    says the identity provider asks for one itself.

    The one place single sign-on touches the second factor; the record itself is the MFA
    app's (``seldinger.mfa.session``), which holds a session at its second step until then.
    """
    if settings.SSO_COUNTS_AS_SECOND_FACTOR:
        mark_second_factor(request, how="identity-provider")
