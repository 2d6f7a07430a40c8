from django.apps import AppConfig


class AcgmeConfig(AppConfig):
    name = "seldinger.acgme"
    verbose_name = "ACGME Case Log and Milestones"
