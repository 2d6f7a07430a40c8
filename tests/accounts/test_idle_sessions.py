"""A session idle longer than SELDINGER_SESSION_IDLE_MINUTES (30 by default) is logged out;
its last activity is written at most once a minute."""

import datetime as dt

import pytest
import time_machine
from django.test import override_settings

from seldinger.accounts.idle_sessions import LAST_SEEN

pytestmark = pytest.mark.django_db
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def log_in(client, user):
    client.post("/accounts/login/", {"username": user.username, "password": "pw-for-tests-123"})


def at(minutes: float):
    return time_machine.travel(START + dt.timedelta(minutes=minutes), tick=False)


def test_a_session_idle_past_the_limit_is_logged_out(client, resident, password):
    with at(0):
        log_in(client, resident)
    with at(29):
        assert client.get("/home/").status_code == 200
    with at(29 + 31):
        page = client.get("/home/", follow=True)
        session = client.session

    assert page.redirect_chain[0][0].startswith("/accounts/login/")
    assert "logged out after 30 minutes without activity" in page.content.decode()
    assert "_auth_user_id" not in session


def test_a_person_at_work_stays_logged_in(client, resident):
    with at(0):
        log_in(client, resident)
    for minute in range(0, 121, 20):
        with at(minute):
            assert client.get("/home/").status_code == 200


def test_last_activity_is_written_at_most_once_a_minute(client, resident):
    with at(0):
        log_in(client, resident)
        client.get("/home/")
        first = client.session[LAST_SEEN]
    with at(0.5):
        client.get("/home/")
        unchanged = client.session[LAST_SEEN]
    with at(1.5):
        client.get("/home/")
        written = client.session[LAST_SEEN]

    assert first == int(START.timestamp())
    assert unchanged == first
    assert written == first + 90


def test_an_idle_session_is_refused_by_the_api(client, resident):
    with at(0):
        log_in(client, resident)
        assert client.get("/api/me/todo").status_code == 200
    with at(45):
        refused = client.get("/api/me/todo")

    assert refused.status_code == 401


@override_settings(SESSION_IDLE_MINUTES=5)
def test_the_limit_is_a_setting(client, resident):
    with at(0):
        log_in(client, resident)
        client.get("/home/")
    with at(4):
        assert client.get("/home/").status_code == 200
    with at(10):
        assert client.get("/home/").status_code == 302
