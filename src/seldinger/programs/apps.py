from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "seldinger.programs"
    verbose_name = "Training programs"
