from django.apps import AppConfig


class MfaConfig(AppConfig):
    name = "seldinger.mfa"
    label = "mfa"
    verbose_name = "Second factor"
