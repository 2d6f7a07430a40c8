"""Who is logged in to the API: a personal token (``Authorization: Bearer sld_...``) or the
browser's session. Every endpoint behind a login declares ``auth=logged_in``.

The token is asked first: a request that sends one is answered as the token's user, and
needs no CSRF token, for no browser sends it on its own. A request without one falls back on
the session, whose unsafe methods ninja's ``django_auth`` holds to Django's CSRF check.
"""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth, django_auth

from seldinger.accounts import selectors, services
from seldinger.accounts.read_only import READ_ONLY_MESSAGE
from seldinger.errors import Forbidden

# What a read-only token may do: nothing that changes anything.
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class PersonalToken(HttpBearer):
    """A personal API token, sent as a bearer token (the OpenAPI document's scheme)."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        now = timezone.now()
        found = selectors.usable_token(token, at=now)
        if found is None:
            # Refused here rather than left to the session: a script with a stale token
            # should hear so, not be answered as whoever's browser cookie came along.
            raise HttpError(401, "The API token is unknown, expired or revoked.")
        if request.method not in READ_METHODS and not found.may_write:
            raise Forbidden("This token may only read: make a read-write token to change records.")
        if request.method not in READ_METHODS and found.user.is_deactivated:
            # The session's refusal is the read-only middleware's; a token's is here.
            raise Forbidden(READ_ONLY_MESSAGE)
        services.note_token_used(found, at=now)
        # Endpoints ask request.user, as they do behind a session.
        request.user = found.user
        return found.user


class SessionIfAny(SessionAuth):
    """The session, held to the CSRF check only when the request carries one: a public
    endpoint answers a caller with no cookie as anyone, but a browser's logged-in session
    cannot be made to act from another site."""

    def _get_key(self, request: HttpRequest) -> str | None:
        key = request.COOKIES.get(self.param_name)
        return None if key is None else super()._get_key(request)


def anyone(request: HttpRequest) -> bool:
    """Whoever asks, logged in or not (the last resort of ``optionally_logged_in``)."""
    return True


logged_in = [PersonalToken(), django_auth]
#: A public endpoint whose answer depends on who asks: a token's user, a session's user
#: (CSRF-checked), or anyone; the OpenAPI document adds ``{}``, no login at all.
optionally_logged_in = [PersonalToken(), SessionIfAny(), anyone]
