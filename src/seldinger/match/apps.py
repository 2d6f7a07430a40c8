from django.apps import AppConfig

from seldinger.applications import match_port


class MatchConfig(AppConfig):
    name = "seldinger.match"
    verbose_name = "Match engine and simulator"

    def ready(self) -> None:
        # Applications imports nothing of the match: tell it what it needs to know.
        models = self.models_module
        assert models is not None
        match_port.connect(
            final_match_run=models.final_match_run, latest_outcome=models.latest_outcome_notice
        )
