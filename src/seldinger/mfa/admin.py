"""Passkeys in the admin, beside django-otp's authenticator apps and recovery codes: where an
administrator removes the factors of someone who has lost them all."""

from django.contrib import admin
from django_otp_webauthn.admin import WebAuthnCredentialAdmin
from django_otp_webauthn.models import WebAuthnCredential

# django-otp-webauthn ships the admin class but leaves registering it to the project.
admin.site.register(WebAuthnCredential, WebAuthnCredentialAdmin)
