"""Whether this session has passed a second factor: the one place that says so.

A password login alone leaves a session half logged in when its user has a second factor
(``mfa.middleware`` holds it at the second step). ``mark_second_factor`` records how and
when the session passed: a TOTP code, a recovery code, a passkey, a factor just enrolled,
or an identity provider whose own second factor counts. The record names its user, so a
session that changes hands (another login) does not inherit it; Django's logout flushes it.
"""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

SESSION_KEY = "seldinger_second_factor"

#: The ways a session may pass its second step.
WAYS = frozenset({"totp", "recovery-code", "passkey", "enrolment", "identity-provider"})


def mark_second_factor(request: HttpRequest, *, how: str, device: Any = None) -> None:
    """Record that this session's user passed a second factor ``how`` (one of ``WAYS``),
    now, with ``device`` (a django-otp device) when one was used."""
    if how not in WAYS:
        raise ValueError(f"{how!r} is not a way to pass the second step: {sorted(WAYS)}")
    user = request.user
    if not user.is_authenticated:
        raise ValueError("Only a logged-in session passes a second factor.")
    request.session[SESSION_KEY] = {
        "user": str(user.pk),
        "how": how,
        "at": timezone.now().isoformat(),
        "device": None if device is None else device.persistent_id,
    }


def passed_second_factor(request: HttpRequest) -> bool:
    """Whether this session's user has passed a second factor in this session."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    passed = request.session.get(SESSION_KEY)
    return isinstance(passed, dict) and passed.get("user") == str(user.pk)


def how_passed(request: HttpRequest) -> dict[str, Any] | None:
    """How and when this session passed (for the security page), or None."""
    return request.session[SESSION_KEY] if passed_second_factor(request) else None
