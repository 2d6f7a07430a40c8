"""An administrator removes someone's lost second factor in the admin: the same audited
removal as on the security page, with the administrator as the actor."""

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from seldinger.audit.models import AuditEntry
from seldinger.mfa import services

pytestmark = pytest.mark.django_db


def with_authenticator_and_codes(user):
    device = services.authenticator_to_confirm(user)
    code = f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"
    assert services.confirm_authenticator(user=user, device=device, code=code)
    services.new_recovery_codes(user)
    return device


def removals(actor):
    return {
        entry.record_type: entry.before
        for entry in AuditEntry.objects.filter(action=AuditEntry.Action.DELETE, actor=actor)
    }


def test_deleting_an_authenticator_in_the_admin_is_audited_like_the_security_page(
    client, admin_user, resident, faculty
):
    # The owner removes theirs through the service the security page calls ...
    with_authenticator_and_codes(faculty)
    services.remove_authenticator(user=faculty)
    # ... and an administrator removes the resident's in the admin.
    device = with_authenticator_and_codes(resident)
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=resident).exists()
    # The recovery codes went with the last factor, as on the security page.
    assert not StaticDevice.objects.filter(user=resident).exists()
    by_admin, by_owner = removals(admin_user), removals(faculty)
    assert set(by_admin) == set(by_owner) == {"otp_totp.TOTPDevice", "otp_static.StaticDevice"}
    assert by_admin["otp_totp.TOTPDevice"] == {
        **by_owner["otp_totp.TOTPDevice"],
        "user": resident.pk,
    }
    assert "key" not in by_admin["otp_totp.TOTPDevice"]


def test_deleting_a_selection_in_the_admin_is_audited_one_by_one(
    client, admin_user, resident, faculty
):
    devices = [with_authenticator_and_codes(user) for user in (resident, faculty)]
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:otp_totp_totpdevice_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [device.pk for device in devices],
            "post": "yes",
        },
    )

    assert response.status_code == 302
    assert not TOTPDevice.objects.exists()
    entries = AuditEntry.objects.filter(
        action=AuditEntry.Action.DELETE, actor=admin_user, record_type="otp_totp.TOTPDevice"
    )
    assert sorted(entry.before["user"] for entry in entries) == sorted([resident.pk, faculty.pk])
