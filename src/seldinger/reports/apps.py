from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "seldinger.reports"
    verbose_name = "The director's reports on a cohort"
