from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "seldinger.operations"
    label = "operations"
    verbose_name = "Operations"
