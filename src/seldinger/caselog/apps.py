from django.apps import AppConfig


class CaselogConfig(AppConfig):
    name = "seldinger.caselog"
    verbose_name = "Case log"
