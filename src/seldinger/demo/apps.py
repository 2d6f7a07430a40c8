from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The synthetic demo data and ``seldinger demo``: above every other app, no models."""

    name = "seldinger.demo"
    verbose_name = "Demo data"
