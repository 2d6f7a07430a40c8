"""The one rule of having passed the second step (``seldinger.mfa.session``), which single
sign-on will also call."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory

from seldinger.mfa.session import how_passed, mark_second_factor, passed_second_factor


def request_of(user):
    request = RequestFactory().get("/")
    request.user = user
    request.session = SessionStore()
    return request


def test_a_session_passes_once_marked_and_says_how(resident):
    request = request_of(resident)
    assert not passed_second_factor(request)

    mark_second_factor(request, how="identity-provider")

    assert passed_second_factor(request)
    assert how_passed(request)["how"] == "identity-provider"


def test_a_mark_counts_only_for_the_user_it_was_made_for(resident, other_resident):
    request = request_of(resident)
    mark_second_factor(request, how="totp")

    request.user = other_resident

    assert not passed_second_factor(request)


def test_an_unknown_way_or_a_stranger_cannot_be_marked(resident):
    with pytest.raises(ValueError, match="not a way"):
        mark_second_factor(request_of(resident), how="sms")
    with pytest.raises(ValueError, match="logged-in"):
        mark_second_factor(request_of(AnonymousUser()), how="totp")
