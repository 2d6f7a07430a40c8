from django.apps import AppConfig


class ScholarshipConfig(AppConfig):
    name = "seldinger.scholarship"
