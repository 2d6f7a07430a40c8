"""Writes of the second factor: enrolling and removing authenticators, passkeys and
recovery codes, and checking a code. Each enrolment, removal and use of a recovery code is
audited; the secrets themselves (a TOTP key, the codes) never enter the audit trail.

Wrong codes are counted with the login's rate limit (``accounts.services``), on the shared
cache, under a key of their own: a successful password login does not clear them, or a
thief who knows the password could log in again for five more guesses.
"""

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from seldinger.accounts import services as accounts_services
from seldinger.accounts.models import User
from seldinger.audit.models import AuditEntry
from seldinger.audit.services import audited_delete, audited_update, record
from seldinger.mfa import recovery_codes
from seldinger.mfa.selectors import RECOVERY_DEVICE_NAME, recovery_device_of

AUTHENTICATOR_NAME = "Authenticator app"
RECOVERY_CODE_COUNT = 10


def device_state(device: Device) -> dict[str, Any]:
    """What the audit trail keeps of a device: whose, which kind, its name; never its secret."""
    return {
        "user": device.user_id,
        "kind": device._meta.label,
        "name": device.name,
        "confirmed": device.confirmed,
    }


# Rate limit ---------------------------------------------------------------------------


def _limit_key(user: User) -> str:
    return f"second-factor\0{user.pk}"


def code_locked_for(request: HttpRequest, user: User) -> int:
    """Seconds until ``user`` may try another code from this address; 0 when allowed."""
    address = accounts_services.client_address(request)
    return accounts_services.login_locked_for(username=_limit_key(user), address=address)


def note_wrong_code(request: HttpRequest, user: User) -> None:
    address = accounts_services.client_address(request)
    accounts_services.record_login_failure(username=_limit_key(user), address=address)


def clear_wrong_codes(request: HttpRequest, user: User) -> None:
    address = accounts_services.client_address(request)
    accounts_services.clear_login_failures(username=_limit_key(user), address=address)


# Checking a code ----------------------------------------------------------------------


def normalise_code(text: str) -> str:
    """A code as typed: spaces and hyphens dropped, letters in lower case."""
    return "".join(text.split()).replace("-", "").lower()


def check_code(user: User, text: str) -> tuple[str, Device] | None:
    """How ``text`` passes as ``user``'s second factor (``"totp"`` or ``"recovery-code"``,
    with the device), or None. A recovery code works once."""
    code = normalise_code(text)
    if code.isdigit() and len(code) == 6:
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is not None and device.verify_token(code):
            return "totp", device
        return None
    recovery = recovery_device_of(user)
    if recovery is None or not code:
        return None
    with transaction.atomic():
        left_before = recovery.token_set.count()
        # Stored as digests (recovery_codes); one check, so django-otp throttles as before.
        digests = recovery_codes.candidates(code)
        stored = recovery.token_set.filter(token__in=digests).values_list("token", flat=True)
        if not recovery.verify_token(stored.first() or digests[0]):
            return None
        record(
            actor=user,
            action=AuditEntry.Action.UPDATE,
            instance=recovery,
            before={**device_state(recovery), "codes_left": left_before},
            after={**device_state(recovery), "codes_left": left_before - 1, "used": "a code"},
        )
    return "recovery-code", recovery


# Authenticator app (TOTP) ---------------------------------------------------------------


def authenticator_to_confirm(user: User) -> TOTPDevice:
    """The authenticator ``user`` is setting up: new, unconfirmed, its key not yet in use.

    Kept until confirmed with a code, so the QR code stays the same across page loads."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    return device


def confirm_authenticator(*, user: User, device: TOTPDevice, code: str) -> bool:
    """Turn on ``device`` when ``code`` is its current code; audited as created."""
    if device.user_id != user.pk or device.confirmed:
        return False
    if not device.verify_token(normalise_code(code)):
        return False
    with transaction.atomic():
        # One authenticator app at a time: a new one replaces the old.
        for old in TOTPDevice.objects.filter(user=user, confirmed=True):
            audited_delete(actor=user, instance=old, state=device_state)
        audited_update(
            actor=user,
            instance=device,
            changes={"confirmed": True},
            created=True,
            state=device_state,
        )
    return True


# Recovery codes -----------------------------------------------------------------------


def new_recovery_codes(user: User) -> list[str]:
    """A fresh set of recovery codes for ``user``, replacing any earlier ones: returned
    once, to be shown once; only their digests are kept (``recovery_codes``)."""
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    with transaction.atomic():
        device = recovery_device_of(user)
        created = device is None
        if device is None:
            device = StaticDevice(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
            device.save()
        before = (
            None if created else {**device_state(device), "codes_left": device.token_set.count()}
        )
        device.token_set.all().delete()
        StaticToken.objects.bulk_create(
            StaticToken(device=device, token=recovery_codes.digest(code)) for code in codes
        )
        record(
            actor=user,
            action=AuditEntry.Action.CREATE if created else AuditEntry.Action.UPDATE,
            instance=device,
            before=before,
            after={**device_state(device), "codes_left": len(codes)},
        )
    return codes


# Passkeys -----------------------------------------------------------------------------


def passkey_added(*, user: User, passkey: WebAuthnCredential) -> None:
    """Name and audit a passkey that django-otp-webauthn has just saved (unnamed)."""
    if not passkey.name:
        number = WebAuthnCredential.objects.filter(user=user).count()
        passkey.name = f"Passkey {number}"
        passkey.save(update_fields=["name"])
    record(
        actor=user,
        action=AuditEntry.Action.CREATE,
        instance=passkey,
        after=device_state(passkey),
    )


def remove_passkey(*, user: User, passkey: WebAuthnCredential) -> None:
    remove_device(actor=user, device=passkey)


# Turning off --------------------------------------------------------------------------


def remove_device(*, actor: User, device: Device) -> None:
    """Remove one second-factor device (an authenticator app, a passkey or the recovery
    codes), audited as deleted by ``actor``: its owner on the security page, or an
    administrator in the admin. Recovery codes go with the owner's last factor."""
    with transaction.atomic():
        owner = device.user
        audited_delete(actor=actor, instance=device, state=device_state)
        _drop_recovery_codes_if_last(owner, actor=actor)


def remove_authenticator(*, user: User) -> None:
    with transaction.atomic():
        for device in TOTPDevice.objects.filter(user=user):
            audited_delete(actor=user, instance=device, state=device_state)
        _drop_recovery_codes_if_last(user, actor=user)


def turn_off(*, user: User) -> None:
    """Remove every second factor of ``user``: authenticator, passkeys, recovery codes."""
    with transaction.atomic():
        for passkey in WebAuthnCredential.objects.filter(user=user):
            audited_delete(actor=user, instance=passkey, state=device_state)
        remove_authenticator(user=user)


def _drop_recovery_codes_if_last(user: User, *, actor: User) -> None:
    """Recovery codes stand in for a factor: with the last one gone, they go too."""
    has_factor = (
        TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        or WebAuthnCredential.objects.filter(user=user, confirmed=True).exists()
    )
    device = recovery_device_of(user)
    if device is not None and not has_factor:
        audited_delete(actor=actor, instance=device, state=device_state)
