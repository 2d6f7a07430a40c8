"""The second factor as a person meets it: turning on an authenticator app with a real code,
the second step after the password, recovery codes, staff made to enrol, the API refusing a
half-logged-in session, and wrong codes rate limited."""

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from seldinger.accounts.models import User
from seldinger.audit.models import AuditEntry
from seldinger.mfa import recovery_codes, services
from seldinger.mfa.session import SESSION_KEY

NOON = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)
SECOND_STEP = "/accounts/second-step/"


@pytest.fixture
def clock():
    with time_machine.travel(NOON, tick=False) as traveller:
        yield traveller


def code_of(device: TOTPDevice) -> str:
    """The code the person's authenticator app shows now."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"


def log_in(client, user: User, password: str):
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": password}
    )
    assert response.status_code == 302, response.content
    return response


def with_authenticator(user: User) -> TOTPDevice:
    device = services.authenticator_to_confirm(user)
    assert services.confirm_authenticator(user=user, device=device, code=code_of(device))
    return device


def test_turning_on_an_app_then_logging_in_asks_for_its_code(client, resident, password, clock):
    log_in(client, resident, password)
    page = client.get(reverse("mfa:authenticator"))
    assert page.status_code == 200
    assert '<svg class="mfa-qr" role="img"' in page.content.decode()
    device = TOTPDevice.objects.get(user=resident, confirmed=False)

    turned_on = client.post(reverse("mfa:authenticator"), {"code": code_of(device)})

    # The first factor comes with recovery codes, shown this once.
    assert turned_on.status_code == 200
    shown = re.findall(r"<code>([a-z2-7]{4}-[a-z2-7]{4})</code>", turned_on.content.decode())
    assert len(shown) == 10
    assert AuditEntry.objects.filter(
        action="create", record_type="otp_totp.TOTPDevice", actor=resident
    ).exists()
    # The session that enrolled goes on without a second step.
    assert client.get(reverse("home:index")).status_code == 200

    client.post(reverse("accounts:logout"))
    log_in(client, resident, password)
    held = client.get("/cases/mine/")
    assert held["Location"] == f"{SECOND_STEP}?next=%2Fcases%2Fmine%2F"
    assert client.get(reverse("home:index")).status_code == 302

    clock.shift(31)
    wrong = client.post(SECOND_STEP, {"code": "000000", "next": "/cases/mine/"})
    assert wrong.status_code == 400
    assert "That code is not right" in wrong.content.decode()
    clock.shift(31)
    passed = client.post(SECOND_STEP, {"code": code_of(device), "next": "/cases/mine/"})
    assert passed["Location"] == "/cases/mine/"
    assert client.get("/cases/mine/").status_code == 200


def test_a_wrong_code_does_not_turn_the_app_on(client, resident, password, clock):
    log_in(client, resident, password)
    client.get(reverse("mfa:authenticator"))

    response = client.post(reverse("mfa:authenticator"), {"code": "123456"})

    assert response.status_code == 400
    assert "That code is not right" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=resident, confirmed=True).exists()


def test_a_recovery_code_logs_in_once(client, resident, password, clock):
    with_authenticator(resident)
    codes = services.new_recovery_codes(resident)
    typed = f" {codes[0][:4].upper()}-{codes[0][4:]} "

    log_in(client, resident, password)
    first = client.post(SECOND_STEP, {"code": typed})
    assert first["Location"] == reverse("home:index")
    assert "9 left" in client.get(reverse("home:index")).content.decode()
    used = AuditEntry.objects.get(record_type="otp_static.StaticDevice", action="update")
    assert (used.before["codes_left"], used.after["codes_left"]) == (10, 9)

    client.post(reverse("accounts:logout"))
    log_in(client, resident, password)
    clock.shift(5)  # past django-otp's own throttle
    again = client.post(SECOND_STEP, {"code": typed})
    assert again.status_code == 400
    assert client.get(reverse("home:index"))["Location"].startswith(SECOND_STEP)


def test_new_recovery_codes_replace_the_old(client, resident, password, clock):
    with_authenticator(resident)
    old = services.new_recovery_codes(resident)
    client.force_login(resident)
    client.post(SECOND_STEP, {"code": old[1]})

    response = client.post(reverse("mfa:recovery_codes"))

    new = re.findall(r"<code>([a-z2-7]{4})-([a-z2-7]{4})</code>", response.content.decode())
    assert len(new) == 10
    device = StaticDevice.objects.get(user=resident)
    assert sorted(device.token_set.values_list("token", flat=True)) == sorted(
        recovery_codes.digest(a + b) for a, b in new
    )
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.parametrize("persona", ["faculty", "coordinator", "director", "admin_user"])
def test_staff_must_enrol_before_anything_else(
    request, db, client, persona, password, settings, clock
):
    settings.SELDINGER_STAFF_SECOND_FACTOR = True
    staff = request.getfixturevalue(persona)
    log_in(client, staff, password)

    held = client.get("/home/")
    assert held["Location"] == "/accounts/security/?next=%2Fhome%2F"
    assert client.get("/api/me/todo").status_code == 401
    page = client.get(held["Location"]).content.decode()
    assert "Your role needs a second factor" in page
    set_up = "/accounts/security/authenticator/?next=%2Fhome%2F"
    assert f'href="{set_up}"' in page

    client.get(set_up)
    device = TOTPDevice.objects.get(user=staff)
    codes = client.post(set_up, {"code": code_of(device)}).content.decode()
    # Then on to the page they were going to.
    assert '<a href="/home/" role="button">I have saved them</a>' in codes
    assert client.get("/home/").status_code == 200
    # Nor may they turn it off again.
    assert "Turn off the second factor" not in client.get("/accounts/security/").content.decode()
    client.post(reverse("mfa:turn_off"), {"code": code_of(device)})
    assert TOTPDevice.objects.filter(user=staff, confirmed=True).exists()


def test_without_the_setting_staff_and_others_may_opt_in(client, director, resident, settings):
    settings.SELDINGER_STAFF_SECOND_FACTOR = False
    client.force_login(director)
    assert client.get(reverse("home:index")).status_code == 200
    settings.SELDINGER_STAFF_SECOND_FACTOR = True
    client.force_login(resident)
    assert client.get(reverse("home:index")).status_code == 200


def test_the_api_refuses_a_half_logged_in_session_but_not_a_token(
    client, resident, password, token_login, clock
):
    device = with_authenticator(resident)
    log_in(client, resident, password)

    assert client.get("/api/me/todo").status_code == 401

    scripted = Client()
    token_login(scripted, resident)
    assert scripted.get("/api/me/todo").status_code == 200

    clock.shift(31)
    client.post(SECOND_STEP, {"code": code_of(device)})
    assert client.get("/api/me/todo").status_code == 200


def test_wrong_codes_are_limited_even_across_logins(client, resident, password, settings, clock):
    settings.LOGIN_FAILURE_LIMIT = 3
    device = with_authenticator(resident)
    log_in(client, resident, password)
    for _ in range(3):
        clock.shift(31)
        assert client.post(SECOND_STEP, {"code": "000000"}).status_code == 400

    clock.shift(31)
    locked = client.post(SECOND_STEP, {"code": code_of(device)})
    assert locked.status_code == 429
    assert "Too many failed attempts" in locked.content.decode()
    assert int(locked["Retry-After"]) > 0
    # Logging in again with the password does not give more guesses.
    client.post(reverse("accounts:logout"))
    log_in(client, resident, password)
    assert client.post(SECOND_STEP, {"code": code_of(device)}).status_code == 429

    clock.shift(settings.LOGIN_COOLDOWN_SECONDS + 31)
    assert client.post(SECOND_STEP, {"code": code_of(device)})["Location"] == reverse("home:index")


def test_turning_off_needs_a_current_code_and_removes_everything(client, resident, password, clock):
    device = with_authenticator(resident)
    services.new_recovery_codes(resident)
    log_in(client, resident, password)
    clock.shift(31)
    client.post(SECOND_STEP, {"code": code_of(device)})

    clock.shift(31)
    refused = client.post(reverse("mfa:turn_off"), {"code": "000000"})
    assert refused.status_code == 400
    assert TOTPDevice.objects.filter(user=resident).exists()

    clock.shift(31)
    client.post(reverse("mfa:turn_off"), {"code": code_of(device)})
    assert not TOTPDevice.objects.filter(user=resident).exists()
    assert not StaticDevice.objects.filter(user=resident).exists()
    deleted = AuditEntry.objects.filter(action="delete", actor=resident)
    assert set(deleted.values_list("record_type", flat=True)) == {
        "otp_totp.TOTPDevice",
        "otp_static.StaticDevice",
    }
    # The next login asks only for the password.
    client.post(reverse("accounts:logout"))
    log_in(client, resident, password)
    assert client.get(reverse("home:index")).status_code == 200


def _passkey(user: User) -> WebAuthnCredential:
    return WebAuthnCredential.objects.create(
        user=user,
        name=f"{user.username}'s key",
        confirmed=True,
        credential_id=user.username.encode(),
        credential_id_sha256=user.username.ljust(64, "0"),
        public_key=b"not used here",
    )


def passed_by_passkey(client, user: User) -> None:
    """The session as the passkey ceremony leaves it (the browser test runs the ceremony)."""
    session = client.session
    session[SESSION_KEY] = {
        "user": str(user.pk),
        "how": "passkey",
        "at": NOON.isoformat(),
        "device": None,
    }
    session.save()


def test_a_passkey_is_removed_only_by_its_owner(client, resident, other_resident):
    theirs = _passkey(other_resident)
    mine = _passkey(resident)
    client.force_login(resident)
    passed_by_passkey(client, resident)

    assert client.post(reverse("mfa:passkey_remove", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("mfa:passkey_remove", args=[mine.pk])).status_code == 302
    assert list(WebAuthnCredential.objects.all()) == [theirs]
    assert AuditEntry.objects.filter(
        action="delete", record_type="django_otp_webauthn.WebAuthnCredential", actor=resident
    ).exists()


def test_a_passkey_holder_is_held_at_the_second_step(client, resident, password):
    _passkey(resident)
    log_in(client, resident, password)

    assert client.get(reverse("home:index"))["Location"].startswith(SECOND_STEP)
    page = client.get(SECOND_STEP).content.decode()
    assert 'id="passkey-verification-placeholder"' in page
    # Nothing on the page leads where the session may not go yet.
    assert "Case log" not in page and "API tokens" not in page
    assert 'action="/accounts/logout/"' in page


def test_staff_cannot_remove_their_last_passkey(client, director, settings):
    settings.SELDINGER_STAFF_SECOND_FACTOR = True
    passkey = _passkey(director)
    client.force_login(director)
    passed_by_passkey(client, director)

    response = client.post(reverse("mfa:passkey_remove", args=[passkey.pk]), follow=True)

    assert "add another before removing this one" in response.content.decode()
    assert WebAuthnCredential.objects.filter(pk=passkey.pk).exists()


def test_a_passed_session_costs_no_query_and_one_not_passed_costs_one(client, resident):
    client.force_login(resident)

    def queries_of_page() -> int:
        client.get("/cases/mine/")
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/cases/mine/").status_code == 200
        return len(captured)

    not_passed = queries_of_page()
    passed_by_passkey(client, resident)

    assert queries_of_page() == not_passed - 1


def test_an_administrator_sees_everyones_factors_in_the_admin(admin_client, resident):
    with_authenticator(resident)
    _passkey(resident)

    for name in ("otp_totp_totpdevice", "django_otp_webauthn_webauthncredential"):
        page = admin_client.get(reverse(f"admin:{name}_changelist"))
        assert page.status_code == 200
        assert "resident" in page.content.decode()
