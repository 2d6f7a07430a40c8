from django.apps import AppConfig


class WorkhoursConfig(AppConfig):
    name = "seldinger.workhours"
