"""Password reset by e-mail: a link that works once, for SELDINGER_PASSWORD_RESET_TIMEOUT;
the same answer whether or not the address has an account; at most a few e-mails an hour."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail

pytestmark = pytest.mark.django_db
NEW = "a-brand-new-password-42"
LINK = re.compile(r"http://\S+(/accounts/password/reset/\S+/\S+/)")


@pytest.fixture
def member(resident):
    resident.email = "resident@example.org"
    resident.save()
    return resident


def _ask(client, email: str):
    return client.post("/accounts/password/reset/", {"email": email})


def test_the_e_mailed_link_sets_a_new_password_once(client, member):
    asked = _ask(client, "resident@example.org")
    path = LINK.search(mail.outbox[0].body).group(1)

    form = client.get(path, follow=True)
    done = client.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    reused = client.get(path, follow=True)

    assert asked.status_code == 302
    assert mail.outbox[0].to == ["resident@example.org"]
    assert done.status_code == 302
    member.refresh_from_db()
    assert member.check_password(NEW)
    assert "This link does not work" in reused.content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_e_mail(client, member):
    known = _ask(client, "resident@example.org")
    unknown = _ask(client, "nobody@example.org")

    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert len(mail.outbox) == 1


def test_an_address_gets_at_most_the_limit_of_e_mails_an_hour(client, member, settings):
    settings.PASSWORD_RESET_LIMIT = 3

    answers = [_ask(client, "Resident@example.org").status_code for _ in range(5)]

    assert answers == [302] * 5
    assert len(mail.outbox) == 3


def test_one_client_asking_for_many_addresses_is_limited_too(client, member, settings):
    settings.PASSWORD_RESET_ADDRESS_LIMIT = 2
    _ask(client, "a@example.org")
    _ask(client, "b@example.org")

    _ask(client, "resident@example.org")

    assert mail.outbox == []


def test_the_link_expires_after_the_setting(client, member, settings):
    settings.PASSWORD_RESET_TIMEOUT = 3600
    _ask(client, "resident@example.org")
    path = LINK.search(mail.outbox[0].body).group(1)

    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(hours=1, minutes=1)):
        page = client.get(path, follow=True)

    assert "This link does not work" in page.content.decode()


def test_the_login_page_offers_the_reset(client):
    assert "/accounts/password/reset/" in client.get("/accounts/login/").content.decode()
