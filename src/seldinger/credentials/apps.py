from django.apps import AppConfig


class CredentialsConfig(AppConfig):
    name = "seldinger.credentials"
    verbose_name = "Licences, reminders and calendar feed"
