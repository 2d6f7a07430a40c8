from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "seldinger.web"
    label = "web"
    verbose_name = "Web shell"
