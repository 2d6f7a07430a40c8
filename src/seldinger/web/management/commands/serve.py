from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError, CommandParser

from seldinger.commands import ProjectCommand


class Command(ProjectCommand):
    help = (
        "Serve Seldinger for development on http://127.0.0.1:8000 (or the address given).\n\n"
        "In production run a WSGI server on seldinger.wsgi:application instead."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError(
                "serve is the development server; in production run a WSGI server "
                "on seldinger.wsgi:application."
            )
        call_command("runserver", options["addrport"], use_reloader=False)
