"""The permission matrix: every private object x every persona x web, API by session and
API by personal token x read, change, delete, each cell with its one expected answer.

The rows (``tests/permission_matrix_rows.py``) say how to make each kind of object and
where it is read, changed and deleted; ``WHO_MAY`` says, once, who may do what. A refused
request is answered as a missing object (404), or sends a stranger to log in (web) or
answers 401 (API), and leaves the object as it was. Two guards keep the matrix whole: a
model of a ``seldinger`` app, or an address taking an object id, with no row and no
reason fails its test.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.db import transaction
from django.db.models import Model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.utils import timezone

from permission_matrix_more_rows import ROWS as MORE_ROWS
from permission_matrix_rows import (
    ACTIONS,
    CHANGE,
    DELETE,
    NO_ADDRESS,
    NOT_PRIVATE,
    OTHER_ADDRESSES,
    PERSONAS,
    READ,
    READERS_REFUSED_WITH_403,
    ROWS_TO_WRITE,
    WHO_MAY,
    Call,
    Row,
    Scene,
    World,
)
from permission_matrix_rows import ROWS as PERSONAL_ROWS
from seldinger.accounts.services import create_token
from seldinger.mfa.session import SESSION_KEY as SECOND_STEP_KEY

ROWS: tuple[Row, ...] = (*PERSONAL_ROWS, *MORE_ROWS)

TOKEN_OWNERS = [persona for persona in PERSONAS if persona != "anonymous"]

WEB, API_SESSION, API_TOKEN = "web", "API by session", "API by token"
CHANNELS = (WEB, API_SESSION, API_TOKEN)

#: What a permitted request is answered with, per channel and action.
DONE = {
    WEB: {READ: 200, CHANGE: 302, DELETE: 302},
    API_SESSION: {READ: 200, CHANGE: 200, DELETE: 204},
    API_TOKEN: {READ: 200, CHANGE: 200, DELETE: 204},
}


def expected_status(rule: str, persona: str, channel: str, action: str) -> int:
    """The one answer of a cell, from ``WHO_MAY``."""
    if persona in WHO_MAY[rule][action]:
        return DONE[channel][action]
    if persona == "anonymous":
        return 302 if channel == WEB else 401  # the web sends a stranger to log in
    if rule in READERS_REFUSED_WITH_403 and persona in WHO_MAY[rule][READ]:
        return 403
    return 404  # as if the object did not exist


def _cells() -> Iterator[Any]:
    for row in ROWS:
        for channel in CHANNELS:
            calls = row.web if channel == WEB else row.api
            for action in ACTIONS:
                if action not in calls:
                    continue
                for persona in PERSONAS:
                    if channel == API_TOKEN and persona == "anonymous":
                        continue  # a stranger has no token: the session run covers them
                    yield pytest.param(
                        row, persona, channel, action, id=f"{row.name}-{persona}-{channel}-{action}"
                    )


def _send(client: Client, channel: str, call: Call, obj: Model, owner: Any) -> Any:
    url = call.address(obj)
    send = getattr(client, call.method)
    if call.method == "get":
        return send(url)
    if channel == WEB:
        return send(url, call.body(obj, owner) or {})
    if call.method == "delete":
        return send(url)
    return send(url, json.dumps(call.body(obj, owner)), content_type="application/json")


def _passed_second_step(client: Client, user: Any) -> None:
    """The session as the passkey ceremony leaves it (tests/browser runs the ceremony)."""
    session = client.session
    session[SECOND_STEP_KEY] = {
        "user": str(user.pk),
        "how": "passkey",
        "at": timezone.now().isoformat(),
        "device": None,
    }
    session.save()


def _why(response: Any) -> str:
    """What a page's form or the API said, for a failing cell."""
    form = (getattr(response, "context", None) or {}).get("form")
    if form is not None and form.errors:
        return str(form.errors.as_data())
    return response.content.decode(errors="replace")[-600:]


def _stored(obj: Model) -> dict[str, Any] | None:
    return type(obj)._default_manager.filter(pk=obj.pk).values().first()


@dataclass
class Objects:
    world: World
    scenes: dict[str, Scene]
    made: dict[str, Model]
    tokens: dict[str, str]


@pytest.fixture(scope="module")
def objects(django_db_setup: None, django_db_blocker: Any) -> Iterator[Objects]:
    """One object per row and one token per persona, made once for the whole matrix; each
    cell's changes are rolled back after it (its test runs in a savepoint of this one)."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            world = World()
            scenes = {row.name: world.scene(row) for row in ROWS}
            made = {row.name: row.make(scenes[row.name]) for row in ROWS}
            tokens = {
                persona: create_token(
                    owner=scenes[ROWS[0].name].user(persona),
                    name="matrix",
                    scope="read-write",
                    lifetime_days=30,
                )[1]
                for persona in TOKEN_OWNERS
                if persona != "owner"
            }
            yield Objects(world, scenes, made, tokens)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.mark.django_db
@pytest.mark.parametrize(("row", "persona", "channel", "action"), list(_cells()))
def test_permission_matrix(
    client: Client, objects: Objects, row: Row, persona: str, channel: str, action: str
):
    obj = objects.made[row.name]
    before = _stored(obj)
    if persona != "anonymous":
        user = objects.scenes[row.name].user(persona)
        if channel in (WEB, API_SESSION):
            client.force_login(user)
            if row.second_factor and persona == "owner":
                _passed_second_step(client, user)
        elif persona == "owner":
            _, shown = create_token(owner=user, name="matrix", scope="read-write", lifetime_days=30)
            client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {shown}"
        else:
            client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {objects.tokens[persona]}"
    call = (row.web if channel == WEB else row.api)[action]

    response = _send(client, channel, call, obj, objects.scenes[row.name].owner)

    want = expected_status(row.rule, persona, channel, action)
    assert response.status_code == want, _why(response)
    after = _stored(obj)
    if persona not in WHO_MAY[row.rule][action]:
        assert after == before  # refused: the object is as it was
    elif action == DELETE:
        assert after is None


# Guards --------------------------------------------------------------------------------------


#: Where the private models are: the project's apps, and the second factors' (django-otp's
#: authenticator apps and recovery codes, django-otp-webauthn's passkeys).
PRIVATE_MODULES = ("seldinger.", "django_otp.", "django_otp_webauthn.")


def _private_models() -> set[str]:
    return {
        model._meta.label
        for model in apps.get_models()
        if model.__module__.startswith(PRIVATE_MODULES)
    }


@pytest.mark.django_db
def test_every_private_model_has_rows_in_the_matrix(objects: Objects) -> None:
    covered = {obj._meta.label for obj in objects.made.values()}
    explained = set(NOT_PRIVATE) | set(NO_ADDRESS) | set(ROWS_TO_WRITE)
    missing = sorted(_private_models() - covered - explained)
    assert missing == [], (
        f"models with no row in tests/permission_matrix_rows.py ROWS, NOT_PRIVATE or "
        f"NO_ADDRESS: {', '.join(missing)}"
    )
    assert sorted(explained - _private_models()) == []  # no reason for a model long gone
    assert sorted(covered & explained) == []  # a model with rows needs no reason


def _routes(resolvers: list[Any], prefix: str = "") -> Iterator[str]:
    for entry in resolvers:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route


def _takes_an_id(route: str) -> bool:
    return "<" in route and not route.startswith("admin/")


@pytest.mark.django_db
def test_every_address_taking_an_id_is_in_the_matrix(objects: Objects) -> None:
    in_rows = {
        resolve(call.address(objects.made[row.name]).split("?")[0]).route
        for row in ROWS
        for calls in (row.web, row.api)
        for call in calls.values()
    }
    routes = {route for route in _routes(get_resolver().url_patterns) if _takes_an_id(route)}
    missing = sorted(routes - in_rows - set(OTHER_ADDRESSES))
    assert missing == [], (
        "addresses taking an id with no row in tests/permission_matrix_rows.py ROWS or "
        "OTHER_ADDRESSES:\n" + "\n".join(missing)
    )
    assert sorted(set(OTHER_ADDRESSES) - routes) == []  # no reason for an address long gone
    assert sorted(set(OTHER_ADDRESSES) & in_rows) == []  # an address with rows needs no reason
