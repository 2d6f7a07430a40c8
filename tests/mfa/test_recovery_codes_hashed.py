"""Recovery codes are kept as keyed digests: the database holds no code that passes the second
step, the codes shown still work once, codes made before keep working after the migration,
and a rotated secret key (in SECRET_KEY_FALLBACKS) does not void them."""

import datetime as dt
import importlib

import pytest
import time_machine
from django.apps import apps
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from seldinger.mfa import recovery_codes, services

pytestmark = pytest.mark.django_db

hashing = importlib.import_module("seldinger.mfa.migrations.0001_recovery_codes_hashed")


def with_authenticator(user):
    device = services.authenticator_to_confirm(user)
    code = f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"
    assert services.confirm_authenticator(user=user, device=device, code=code)


def test_the_database_holds_digests_not_codes(resident):
    with_authenticator(resident)

    codes = services.new_recovery_codes(resident)

    stored = set(StaticToken.objects.values_list("token", flat=True))
    assert len(stored) == 10
    assert not stored & set(codes)
    assert all(recovery_codes.is_digest(token) for token in stored)
    with time_machine.travel(dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC), tick=False) as clock:
        # A stored value typed as a code does not pass; the code does, once.
        assert services.check_code(resident, sorted(stored)[0]) is None
        clock.shift(5)  # past django-otp's throttle after a wrong code
        assert services.check_code(resident, codes[3])[0] == "recovery-code"
        assert services.check_code(resident, codes[3]) is None


def test_codes_kept_plain_before_are_hashed_by_the_migration_and_still_work(resident):
    with_authenticator(resident)
    device = StaticDevice.objects.create(user=resident, name="Recovery codes", confirmed=True)
    old = [StaticToken.random_token() for _ in range(3)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in old)

    hashing.hash_plain_codes(apps, None)
    hashing.hash_plain_codes(apps, None)  # run twice: a digest is not hashed again

    assert set(StaticToken.objects.values_list("token", flat=True)) == {
        recovery_codes.digest(code) for code in old
    }
    assert services.check_code(resident, old[0])[0] == "recovery-code"


def test_codes_survive_a_rotated_secret_key(resident, settings):
    with_authenticator(resident)
    codes = services.new_recovery_codes(resident)

    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-for-the-rotation-test-0123456789"

    assert services.check_code(resident, codes[0])[0] == "recovery-code"
    assert services.check_code(resident, "aaaa-aaaa") is None
