"""The second factor in the admin: authenticator apps, recovery codes and passkeys, where an
administrator removes the factors of someone who has lost them all.

Removing one here is the same write as removing it on the security page
(``services.remove_device``): audited, with the administrator as the actor, and the recovery
codes going with the last factor.
"""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django_otp.models import Device
from django_otp.plugins.otp_static.admin import StaticDeviceAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.admin import WebAuthnCredentialAdmin
from django_otp_webauthn.models import WebAuthnCredential

from seldinger.mfa import services


class AuditedRemoval(admin.ModelAdmin):  # type: ignore[type-arg]
    """Deletes a device, one or a selection, through the service that audits it."""

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        services.remove_device(actor=request.user, device=obj)  # type: ignore[arg-type]

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for device in list(queryset):
            # An earlier removal may have taken this one (the recovery codes) with it.
            if type(device).objects.filter(pk=device.pk).exists():
                self.delete_model(request, device)


class AuditedTotpDeviceAdmin(AuditedRemoval, TOTPDeviceAdmin):  # type: ignore[misc]
    pass


class AuditedStaticDeviceAdmin(AuditedRemoval, StaticDeviceAdmin):  # type: ignore[misc]
    pass


class AuditedWebAuthnCredentialAdmin(AuditedRemoval, WebAuthnCredentialAdmin):  # type: ignore[misc]
    pass


_ADMINS: dict[type[Device], type[admin.ModelAdmin]] = {  # type: ignore[type-arg]
    TOTPDevice: AuditedTotpDeviceAdmin,
    StaticDevice: AuditedStaticDeviceAdmin,
    WebAuthnCredential: AuditedWebAuthnCredentialAdmin,
}
for model, model_admin in _ADMINS.items():
    # django-otp registers its own (unaudited) admins; django-otp-webauthn leaves it to us.
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, model_admin)
