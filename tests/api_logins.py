"""A test client logged in to the API either way a user can be: by the browser's session or
by a personal API token. A permission test that takes ``api_login`` runs once each way, so
every refusal is checked for token users too.

Each app's ``conftest.py`` that has such tests imports the fixture from here (the root
``conftest.py`` keeps to the personas).
"""

from collections.abc import Callable

import pytest
from django.test import Client

from seldinger.accounts.models import ApiToken, User
from seldinger.accounts.services import create_token

LOGINS = ["session", "token"]
ApiLogin = Callable[..., Client]


def log_in_with_token(client: Client, user: User, scope: str = ApiToken.Scope.READ_WRITE) -> str:
    """Give ``client`` a new token of ``user``'s, sent on every request; the token's text."""
    _, shown = create_token(owner=user, name="tests", scope=scope, lifetime_days=365)
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {shown}"
    return shown


@pytest.fixture(params=LOGINS)
def api_login(request: pytest.FixtureRequest, client: Client) -> ApiLogin:
    """``api_login(user)``: ``client``, logged in as ``user`` by session, then by token."""

    def log_in(user: User) -> Client:
        if request.param == "session":
            client.force_login(user)
        else:
            log_in_with_token(client, user)
        return client

    return log_in
