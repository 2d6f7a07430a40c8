from seldinger.commands import StandaloneCommand
from seldinger.scheduling.cli import COMMAND


class Command(StandaloneCommand):
    help = COMMAND.help
    command = COMMAND
