"""Reads of the second factor: who has one, who must, and what a person has enrolled."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists
from django.shortcuts import get_object_or_404
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from seldinger.accounts.models import User
from seldinger.accounts.selectors import is_staff_member
from seldinger.prepared_queries import PreparedQuery

#: The recovery codes' device: one per person, its codes shown once.
RECOVERY_DEVICE_NAME = "Recovery codes"


def has_second_factor(user: User) -> bool:
    """Whether ``user`` has a confirmed authenticator app or passkey, in one query.

    Recovery codes alone do not count: they stand in for a lost factor, and are removed
    with the last one.
    """
    return _HAS_SECOND_FACTOR.exists(user.pk)


# Asked on every page a logged-in person opens (mfa.middleware): compiled once per process.
_HAS_SECOND_FACTOR = PreparedQuery(
    lambda user_id: User.objects.filter(pk=user_id).filter(
        Exists(TOTPDevice.objects.filter(user=user_id, confirmed=True))
        | Exists(WebAuthnCredential.objects.filter(user=user_id, confirmed=True))
    ),
    int,
)


def must_enrol(user: User) -> bool:
    """Whether ``user`` must enrol a second factor before anything else (staff, where the
    ``SELDINGER_STAFF_SECOND_FACTOR`` setting says so), when they have none."""
    return bool(settings.SELDINGER_STAFF_SECOND_FACTOR) and is_staff_member(user)


def authenticator_of(user: User) -> TOTPDevice | None:
    """``user``'s confirmed authenticator app, if any."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def passkeys_of(user: User) -> list[WebAuthnCredential]:
    return list(WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("created_at"))


def passkey_of(user: User, passkey_id: int) -> WebAuthnCredential:
    """One of ``user``'s passkeys: another person's is not found (404), as one that is not."""
    return get_object_or_404(WebAuthnCredential, user=user, pk=passkey_id)


def recovery_device_of(user: User) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, name=RECOVERY_DEVICE_NAME).first()


def recovery_codes_left(user: User) -> int:
    device = recovery_device_of(user)
    return 0 if device is None else device.token_set.count()


@dataclass(frozen=True)
class SecondFactors:
    """What a person has enrolled, for the security page."""

    authenticator: TOTPDevice | None
    passkeys: list[WebAuthnCredential]
    recovery_codes_left: int

    @property
    def any(self) -> bool:
        return self.authenticator is not None or bool(self.passkeys)


def second_factors_of(user: User) -> SecondFactors:
    return SecondFactors(
        authenticator=authenticator_of(user),
        passkeys=passkeys_of(user),
        recovery_codes_left=recovery_codes_left(user),
    )
