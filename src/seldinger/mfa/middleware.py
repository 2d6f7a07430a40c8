"""Hold a half-logged-in session at the second step.

After a password login, a user with an authenticator app or a passkey opens no page but the
second step until the session has passed it (``mfa.session``); staff who must use a second
factor and have none open nothing but the security page until they enrol one. The API does
not redirect: it answers such a session as no login at all (401 where a login is needed), while
a personal token, which the API checks on its own, works as before.

A session that has passed costs no query; one that has not costs one (does the user have a
factor?), so that a factor enrolled elsewhere takes effect on the next request.
"""

from collections.abc import Callable
from urllib.parse import urlencode

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from seldinger.mfa import selectors
from seldinger.mfa.session import passed_second_factor

# Open to a half-logged-in session: leaving (here, or by the hospital's single logout), and
# what serves the pages it may see.
ALWAYS_OPEN = (
    "/accounts/logout/",
    "/sso/saml/sls/",
    "/static/",
    "/health/",
    "/accounts/passkeys/jsi18n/",
)
# The second step, and the passkey check it offers.
SECOND_STEP_OPEN = ("/accounts/second-step/", "/accounts/passkeys/authentication/")
# Enrolling a first factor.
ENROL_OPEN = ("/accounts/security/", "/accounts/passkeys/registration/")
API_PREFIX = "/api/"


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        held = self._held_at(request)
        if held is None:
            return self.get_response(request)
        if request.path.startswith(API_PREFIX):
            # The API's session login refuses the session; a token still logs in.
            request.user = AnonymousUser()
            return self.get_response(request)
        step, open_paths = held
        # The pages it may open show no way elsewhere (see web.context_processors).
        request.held_before_second_step = True  # type: ignore[attr-defined]
        if request.path.startswith(open_paths):
            return self.get_response(request)
        return _redirect(request, reverse(step))

    def _held_at(self, request: HttpRequest) -> tuple[str, tuple[str, ...]] | None:
        """Where this request's session is held (the page, and the paths it may open), or
        None when it may go anywhere."""
        user = request.user
        if not user.is_authenticated or request.path.startswith(ALWAYS_OPEN):
            return None
        if passed_second_factor(request):
            return None
        if selectors.has_second_factor(user):
            return "mfa:second_step", SECOND_STEP_OPEN
        if selectors.must_enrol(user):
            return "mfa:security", ENROL_OPEN
        return None


def _redirect(request: HttpRequest, to: str) -> HttpResponse:
    """To the step, coming back afterwards to the page asked for (for a GET)."""
    if request.method == "GET" and request.path != "/":
        to = f"{to}?{urlencode({'next': request.get_full_path()})}"
    if request.headers.get("HX-Request"):
        # htmx would swap the step into part of the page: have it load the whole page.
        response = HttpResponse(status=204)
        response["HX-Redirect"] = to
        return response
    return HttpResponseRedirect(to)
