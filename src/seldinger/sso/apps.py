from django.apps import AppConfig


class SsoConfig(AppConfig):
    name = "seldinger.sso"
    verbose_name = "Single sign-on"
