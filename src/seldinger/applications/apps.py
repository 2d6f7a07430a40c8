from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "seldinger.applications"
    verbose_name = "Applications and rank order lists"
