from django.apps import AppConfig


class MilestonesConfig(AppConfig):
    name = "seldinger.milestones"
