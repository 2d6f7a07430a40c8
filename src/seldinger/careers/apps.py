from django.apps import AppConfig


class CareersConfig(AppConfig):
    name = "seldinger.careers"
    verbose_name = "Careers, jobs and community"
