from django.urls import path

from seldinger.mfa import views

app_name = "mfa"

urlpatterns = [
    path("security/", views.security, name="security"),
    path("security/authenticator/", views.authenticator, name="authenticator"),
    path("security/recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("security/passkeys/<int:passkey_id>/remove/", views.passkey_remove, name="passkey_remove"),
    path("security/off/", views.turn_off, name="turn_off"),
    path("second-step/", views.second_step, name="second_step"),
]
