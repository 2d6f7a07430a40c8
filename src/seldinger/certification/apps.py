from django.apps import AppConfig


class CertificationConfig(AppConfig):
    name = "seldinger.certification"
    verbose_name = "Board certification, CME and licences"
