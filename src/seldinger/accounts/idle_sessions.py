"""A session left idle longer than ``SESSION_IDLE_MINUTES`` is logged out.

Logging in notes the time in the session; each later request notes when it came, but saves
that at most once a minute (``SAVE_EVERY``), so a busy person's pages do not each write their
session. A request that finds the last note older than the idle limit logs the session out
before any view runs: a page then asks to log in again, the API answers 401. Tokens are not
sessions and do not expire this way (they carry their own expiry).
"""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

LAST_SEEN = "seldinger_last_seen"
#: How often, at most, a session's last activity is written (seconds).
SAVE_EVERY = 60


class IdleSessionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        now = int(time.time())
        if request.user.is_authenticated:
            last_seen = request.session.get(LAST_SEEN)
            if isinstance(last_seen, int) and now - last_seen > settings.SESSION_IDLE_MINUTES * 60:
                logout(request)
                messages.info(
                    request,
                    f"You were logged out after {settings.SESSION_IDLE_MINUTES} minutes "
                    "without activity. Log in again to go on.",
                )
            elif isinstance(last_seen, int) and now - last_seen >= SAVE_EVERY:
                request.session[LAST_SEEN] = now
        response = self.get_response(request)
        # A session is first noted when it is written anyway: at login.
        if (
            request.user.is_authenticated
            and LAST_SEEN not in request.session
            and request.session.modified
        ):
            request.session[LAST_SEEN] = now
        return response
