from django.apps import AppConfig


class MatchConfig(AppConfig):
    name = "seldinger.match"
    verbose_name = "Match engine and simulator"
