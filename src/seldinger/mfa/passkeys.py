"""django-otp-webauthn's passkey ceremonies, behind a login, audited, and recorded in
``mfa.session``: a passkey used at the second step passes it; the first factor enrolled in
a session counts as passed, for whoever enrols has just proved who they are."""

import json
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.urls import path
from django.utils.decorators import method_decorator
from django.views.i18n import JavaScriptCatalog
from django_otp_webauthn import views as webauthn_views
from django_otp_webauthn.exceptions import CredentialUserMismatch
from django_otp_webauthn.models import AbstractWebAuthnCredential, WebAuthnCredential

from seldinger.mfa import services
from seldinger.mfa.session import mark_second_factor, passed_second_factor


class _Verified:
    """django-otp-webauthn asks ``request.user.is_verified()`` (django-otp's middleware);
    here that is ``mfa.session``'s answer, at no query."""

    def initial(self, request: Any, *args: Any, **kwargs: Any) -> None:
        request.user.is_verified = lambda: passed_second_factor(request)
        super().initial(request, *args, **kwargs)  # type: ignore[misc]


@method_decorator(login_required, name="dispatch")
class RegistrationBegin(_Verified, webauthn_views.BeginCredentialRegistrationView):
    pass


@method_decorator(login_required, name="dispatch")
class RegistrationComplete(_Verified, webauthn_views.CompleteCredentialRegistrationView):
    def post(self, *args: Any, **kwargs: Any) -> HttpResponse:
        request = self.request
        with transaction.atomic():
            response = super().post(*args, **kwargs)
            passkey = WebAuthnCredential.objects.get(pk=json.loads(response.content)["id"])
            services.passkey_added(user=request.user, passkey=passkey)
        if not passed_second_factor(request):
            mark_second_factor(request, how="enrolment", device=passkey)
        return response


@method_decorator(login_required, name="dispatch")
class AuthenticationBegin(_Verified, webauthn_views.BeginCredentialAuthenticationView):
    pass


@method_decorator(login_required, name="dispatch")
class AuthenticationComplete(_Verified, webauthn_views.CompleteCredentialAuthenticationView):
    def complete_auth(self, device: AbstractWebAuthnCredential) -> None:
        if device.user_id != self.request.user.pk:
            # Someone else's passkey does not pass this session's step.
            raise CredentialUserMismatch()
        super().complete_auth(device)
        mark_second_factor(self.request, how="passkey", device=device)
        services.clear_wrong_codes(self.request, self.request.user)


# The names django-otp-webauthn's scripts and template tags ask for.
app_name = "otp_webauthn"

urlpatterns = [
    path("registration/begin/", RegistrationBegin.as_view(), name="credential-registration-begin"),
    path(
        "registration/complete/",
        RegistrationComplete.as_view(),
        name="credential-registration-complete",
    ),
    path(
        "authentication/begin/",
        AuthenticationBegin.as_view(),
        name="credential-authentication-begin",
    ),
    path(
        "authentication/complete/",
        AuthenticationComplete.as_view(),
        name="credential-authentication-complete",
    ),
    path(
        "jsi18n/",
        JavaScriptCatalog.as_view(packages=["django_otp_webauthn"]),
        name="js-i18n-catalog",
    ),
]
