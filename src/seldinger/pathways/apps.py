from django.apps import AppConfig


class PathwaysConfig(AppConfig):
    name = "seldinger.pathways"
    verbose_name = "Pathways and plans"
