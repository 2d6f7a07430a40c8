from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "seldinger.home"
    verbose_name = "Each person's home and to-do list"
