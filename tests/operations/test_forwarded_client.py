"""Behind a reverse proxy, the login failure limit counts per client address as the proxy
saw it, and a client that is not the proxy cannot choose its address."""

import pytest
from django.urls import reverse

from seldinger.operations.proxies import client_address, trusted_networks

LOOPBACK = trusted_networks(["127.0.0.1", "::1"])


def log_in(client, password, **extra):
    return client.post(
        reverse("accounts:login"), {"username": "resident", "password": password}, **extra
    )


def test_two_clients_behind_the_proxy_have_a_limit_each(client, resident, password, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    first = {"HTTP_X_FORWARDED_FOR": "203.0.113.5"}  # the test client comes from 127.0.0.1
    for _ in range(2):
        assert log_in(client, "wrong", **first).status_code == 200

    assert log_in(client, password, **first).status_code == 429
    assert log_in(client, password, HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 302


def test_a_client_that_is_not_a_proxy_cannot_choose_its_address(
    client, resident, password, settings
):
    settings.LOGIN_FAILURE_LIMIT = 2
    for spoofed in ("203.0.113.5", "203.0.113.6"):
        log_in(client, "wrong", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR=spoofed)

    answer = log_in(
        client, password, REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="203.0.113.77"
    )

    assert answer.status_code == 429


@pytest.mark.parametrize(
    ("remote", "forwarded", "client"),
    [
        ("127.0.0.1", "203.0.113.5", "203.0.113.5"),
        # The client's own header comes first; the proxy appends what it saw.
        ("127.0.0.1", "10.9.9.9, 203.0.113.5", "203.0.113.5"),
        ("127.0.0.1", "203.0.113.5, 127.0.0.1", "203.0.113.5"),
        ("127.0.0.1", "not-an-address", "127.0.0.1"),
        ("198.51.100.7", "203.0.113.5", "198.51.100.7"),
        ("::1", "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_client_is_the_last_address_a_trusted_proxy_saw(remote, forwarded, client):
    assert client_address(remote, forwarded, LOOPBACK) == client
