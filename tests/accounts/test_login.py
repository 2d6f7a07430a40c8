import time_machine
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

LOGIN = "accounts:login"


def log_in(client, username, password, **extra):
    return client.post(reverse(LOGIN), {"username": username, "password": password}, **extra)


def test_login_page_has_labelled_fields_with_autocomplete(client, db):
    response = client.get(reverse(LOGIN))

    assert response.status_code == 200
    html = response.content.decode()
    assert '<label for="id_username">Username:</label>' in html
    assert '<label for="id_password">Password:</label>' in html
    assert 'autocomplete="username"' in html
    assert 'autocomplete="current-password"' in html
    assert 'name="viewport"' in html


def test_login_with_right_password_logs_in_and_redirects_home(client, resident, password):
    response = log_in(client, "resident", password)

    assert response.status_code == 302
    assert response["Location"] == reverse("home:index")
    assert client.session[SESSION_KEY] == str(resident.pk)


def test_login_follows_a_safe_next_and_ignores_an_offsite_one(client, resident, password):
    url = reverse(LOGIN)
    data = {"username": "resident", "password": password}

    assert client.post(f"{url}?next=/plan/", data)["Location"] == "/plan/"
    client.logout()
    assert client.post(f"{url}?next=https://evil.example/", data)["Location"] == reverse(
        "home:index"
    )


def test_wrong_password_is_refused_with_a_message(client, resident):
    response = log_in(client, "resident", "not-the-password")

    assert response.status_code == 200
    assert SESSION_KEY not in client.session
    html = response.content.decode()
    assert "Please enter a correct username and password." in html
    assert 'role="alert"' in html


def test_logout_is_a_post_and_ends_the_session(client, resident):
    client.force_login(resident)

    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert SESSION_KEY not in client.session


def test_too_many_failures_lock_the_login_with_429(client, resident, password, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    settings.LOGIN_COOLDOWN_SECONDS = 900
    for _ in range(3):
        assert log_in(client, "resident", "wrong").status_code == 200

    # Locked: even the right password is refused, without being checked.
    response = log_in(client, "resident", password)

    assert response.status_code == 429
    assert "Too many failed attempts; try again in 15 minutes." in response.content.decode()
    assert 0 < int(response["Retry-After"]) <= 900
    assert SESSION_KEY not in client.session


def test_lockout_is_per_username_and_address(client, resident, faculty, password, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    for _ in range(2):
        log_in(client, "resident", "wrong")
    assert log_in(client, "Resident", password).status_code == 429  # case does not escape it

    assert log_in(client, "faculty", password).status_code == 302
    client.logout()
    assert log_in(client, "resident", password, REMOTE_ADDR="10.0.0.2").status_code == 302


def test_lockout_ends_after_the_cooldown(client, resident, password, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    settings.LOGIN_COOLDOWN_SECONDS = 120
    with time_machine.travel("2026-03-02 08:00:00Z", tick=False) as traveller:
        for _ in range(2):
            log_in(client, "resident", "wrong")
        response = log_in(client, "resident", password)
        assert response.status_code == 429
        assert "try again in 2 minutes" in response.content.decode()

        traveller.shift(61)
        assert "try again in 1 minute." in log_in(client, "resident", password).content.decode()

        traveller.shift(60)
        assert log_in(client, "resident", password).status_code == 302


def test_failures_outside_the_window_are_forgotten(client, resident, password, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    settings.LOGIN_COOLDOWN_SECONDS = 60
    with time_machine.travel("2026-03-02 08:00:00Z", tick=False) as traveller:
        log_in(client, "resident", "wrong")
        traveller.shift(61)
        log_in(client, "resident", "wrong")

        assert log_in(client, "resident", password).status_code == 302


def test_successful_login_resets_the_count(client, resident, password, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(2):
        log_in(client, "resident", "wrong")
    assert log_in(client, "resident", password).status_code == 302
    client.logout()

    for _ in range(2):
        assert log_in(client, "resident", "wrong").status_code == 200
    assert log_in(client, "resident", password).status_code == 302


def test_failures_across_usernames_lock_the_address(client, resident, password, settings):
    """Password spraying: one address trying one password on many accounts."""
    settings.LOGIN_FAILURE_LIMIT = 5
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 4
    for number in range(4):
        assert log_in(client, f"someone{number}", "wrong").status_code == 200

    response = log_in(client, "resident", password)

    assert response.status_code == 429
    assert "Too many failed attempts; try again in 15 minutes." in response.content.decode()
    assert SESSION_KEY not in client.session
    assert log_in(client, "resident", password, REMOTE_ADDR="10.0.0.2").status_code == 302


def test_fewer_failures_across_usernames_leave_the_address_open(
    client, resident, password, settings
):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 4
    for number in range(3):
        log_in(client, f"someone{number}", "wrong")

    assert log_in(client, "resident", password).status_code == 302
