"""The request of a logged-in user, typed, for endpoints and views behind a login."""

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from seldinger.accounts.models import User

# Whoever asks on a public page: a user, or no one logged in.
AnyUser = User | AnonymousUser


class AuthedRequest(HttpRequest):
    """What ``api_auth.logged_in`` and ``login_required`` admit: ``user`` is a ``User``."""

    user: User


class AuthedHtmxRequest(AuthedRequest):
    """An HTMX request behind a login (``django_htmx`` adds ``htmx``)."""

    htmx: HtmxDetails
