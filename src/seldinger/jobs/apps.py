from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "seldinger.jobs"
    label = "jobs"
    verbose_name = "Background jobs"
