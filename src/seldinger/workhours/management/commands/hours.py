"""``seldinger hours check FILE``: the work-hour check of ``seldinger.workhours.cli``, with the
import limits of the settings."""

from typing import Any

from seldinger.commands import StandaloneCommand
from seldinger.tabular_limits import import_limits
from seldinger.workhours.cli import COMMAND, check


class Command(StandaloneCommand):
    help = COMMAND.help
    command = COMMAND

    def handle(self, *args: Any, **options: Any) -> None:
        check(options, self.stdout, self.stderr, limits=import_limits())
