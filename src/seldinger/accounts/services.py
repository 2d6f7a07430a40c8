"""Accounts' writes: login rate limiting, and personal API tokens (made, used, revoked).

Login rate limiting: failed attempts counted per (username, address) and per address, in
the Django cache.

After ``LOGIN_FAILURE_LIMIT`` failed logins for the same username from the same
address within ``LOGIN_COOLDOWN_SECONDS``, further attempts are refused for
``LOGIN_COOLDOWN_SECONDS``; a successful login clears the count. After
``LOGIN_ADDRESS_FAILURE_LIMIT`` failed logins from one address, whatever the usernames
(password spraying: one password tried on many accounts), every login from that address
is refused the same way; a successful login does not clear that count, or one known
account would let the spraying go on.

The cache must be shared by every server process for the limit to hold across
them (the default LocMem cache is per process).
"""

import datetime as dt
import hashlib
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone

from seldinger.accounts.models import ApiToken, User
from seldinger.accounts.tokens import new_token
from seldinger.audit.services import audited_create, audited_update
from seldinger.errors import Invalid

_FAILURES_PREFIX = "seldinger:login-failures:"
_LOCKED_PREFIX = "seldinger:login-locked:"


def client_address(request: HttpRequest) -> str:
    """The address the request came from (REMOTE_ADDR: behind a trusted reverse proxy, the
    client's address it forwarded, set by ``operations.proxies``)."""
    return request.META.get("REMOTE_ADDR") or "unknown"


def _key(prefix: str, username: str | None, address: str) -> str:
    # Hashed: keeps keys short and safe for any cache backend, and keeps
    # usernames out of the cache. Usernames are compared case-insensitively
    # so that "Resident" and "resident" share one count. No username: the address's count.
    who = "" if username is None else username.strip().casefold()
    scope = "address" if username is None else "user"
    digest = hashlib.sha256(f"{scope}\0{who}\0{address}".encode()).hexdigest()
    return prefix + digest


def login_locked_for(*, username: str, address: str) -> int:
    """Seconds until ``username`` may try to log in again from ``address``; 0 when allowed."""
    locks = cache.get_many(
        [_key(_LOCKED_PREFIX, username, address), _key(_LOCKED_PREFIX, None, address)]
    )
    if not locks:
        return 0
    return max(0, math.ceil(max(float(until) for until in locks.values()) - time.time()))


def record_login_failure(*, username: str, address: str) -> int:
    """Count one failed login, for the username from this address and for the address;
    locks further attempts once either limit is reached.

    Returns the number of failures of this username from this address in the current window.
    """
    _count(None, address)
    return _count(username, address)


def _count(username: str | None, address: str) -> int:
    window = settings.LOGIN_COOLDOWN_SECONDS
    limit = (
        settings.LOGIN_ADDRESS_FAILURE_LIMIT if username is None else settings.LOGIN_FAILURE_LIMIT
    )
    failures_key = _key(_FAILURES_PREFIX, username, address)
    # The window starts at the first failure; ``incr`` keeps the expiry.
    failures = _hits(failures_key, window)
    if failures >= limit:
        cache.set(_key(_LOCKED_PREFIX, username, address), time.time() + window, timeout=window)
        cache.delete(failures_key)
    return failures


_RESET_PREFIX = "seldinger:password-resets:"
# One hour: the window of both password-reset limits.
PASSWORD_RESET_WINDOW_SECONDS = 3600


def password_reset_allowed(*, email: str, address: str) -> bool:
    """Count one password-reset request for the e-mail address and for the client's address;
    False once either has asked more than its limit within the hour (the e-mail is then not
    sent, so that nobody can flood an inbox or probe many addresses)."""
    per_email = _hits(_key(_RESET_PREFIX, email, "email"), PASSWORD_RESET_WINDOW_SECONDS)
    per_address = _hits(_key(_RESET_PREFIX, None, address), PASSWORD_RESET_WINDOW_SECONDS)
    return (
        per_email <= settings.PASSWORD_RESET_LIMIT
        and per_address <= settings.PASSWORD_RESET_ADDRESS_LIMIT
    )


def _hits(key: str, window: int) -> int:
    """Count one more hit on ``key`` within ``window`` seconds of its first; the count."""
    cache.add(key, 0, timeout=window)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        return 1


def clear_login_failures(*, username: str, address: str) -> None:
    """Forget the failed attempts of this username from this address (after a successful
    login)."""
    cache.delete_many(
        [_key(_FAILURES_PREFIX, username, address), _key(_LOCKED_PREFIX, username, address)]
    )


def lockout_message(seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    unit = "minute" if minutes == 1 else "minutes"
    return f"Too many failed attempts; try again in {minutes} {unit}."


# A token's last use is written at most this often, not on every request it makes.
LAST_USED_PRECISION = dt.timedelta(minutes=1)


def create_token(*, owner: User, name: str, scope: str, lifetime_days: int) -> tuple[ApiToken, str]:
    """A new token of ``owner``'s, and its text: shown once, for only its digest is kept."""
    if scope not in ApiToken.Scope.values:
        raise Invalid(f"{scope!r} is not a scope: read or read-write.", field="scope")
    if lifetime_days not in ApiToken.LIFETIMES:
        days = ", ".join(str(days) for days in ApiToken.LIFETIMES)
        raise Invalid(f"A token lasts {days} days.", field="lifetime_days")
    text = new_token()
    now = timezone.now()
    token = ApiToken(
        user=owner,
        name=name.strip(),
        scope=scope,
        key=text.key,
        secret_digest=text.digest,
        created_at=now,
        expires_at=now + dt.timedelta(days=lifetime_days),
    )
    audited_create(actor=owner, instance=token)
    return token, text.shown


def revoke_token(*, actor: User, token: ApiToken) -> ApiToken:
    """End ``token`` now; a token already revoked stays as it was."""
    if token.revoked_at is not None:
        return token
    return audited_update(
        actor=actor,
        instance=token,
        changes={"revoked_at": timezone.now()},
        update_fields=["revoked_at"],
    )


def note_token_used(token: ApiToken, *, at: dt.datetime) -> None:
    """Remember when ``token`` was last used (to the minute; not audited: it changes nothing)."""
    if token.last_used_at is not None and at - token.last_used_at < LAST_USED_PRECISION:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=at)
    token.last_used_at = at
