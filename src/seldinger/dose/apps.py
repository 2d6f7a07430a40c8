from django.apps import AppConfig


class DoseConfig(AppConfig):
    name = "seldinger.dose"
    verbose_name = "Radiation dose reports"
