from seldinger.commands import StandaloneCommand
from seldinger.match.cli import COMMAND


class Command(StandaloneCommand):
    help = COMMAND.help
    command = COMMAND
