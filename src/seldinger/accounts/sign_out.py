"""Logging out of Seldinger and, where the login came through the hospital, of the hospital's
identity provider too.

A hospital login (``seldinger.sso``) leaves in the session the page that ends the provider's
session (``remember``). Logging out flushes the session as always, then hands that note to
the fresh, anonymous session and sends the browser to the page, which takes it (``take``):
the page acts only right after a real logout, never on a link alone.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

SESSION_KEY = "seldinger_hospital_sign_out"


def remember(request: HttpRequest, *, page: str, **details: Any) -> None:
    """After a hospital login: logging out goes on to ``page`` (a path of Seldinger's), which
    will find ``details`` (JSON values) with ``take``."""
    request.session[SESSION_KEY] = {**details, "page": page}


def pending(request: HttpRequest) -> dict[str, Any] | None:
    """The note a hospital login left in this session, before the logout flushes it."""
    note = request.session.get(SESSION_KEY)
    if not isinstance(note, dict):
        return None
    page = note.get("page")
    if not isinstance(page, str) or not url_has_allowed_host_and_scheme(page, allowed_hosts=None):
        return None
    return note


def hand_over(request: HttpRequest, note: dict[str, Any]) -> str:
    """Put ``note`` in the fresh session after the logout; the page to go on to."""
    request.session[SESSION_KEY] = note
    return str(note["page"])


def take(request: HttpRequest) -> dict[str, Any] | None:
    """The note a logout handed over, once, for the page that ends the provider's session."""
    note = request.session.pop(SESSION_KEY, None)
    return note if isinstance(note, dict) else None
