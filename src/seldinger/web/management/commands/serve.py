import re
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError, CommandParser

from seldinger.commands import ProjectCommand
from seldinger.operations import server

ADDRESS = re.compile(r"(?:(?P<host>[\w.-]+|\[[0-9a-fA-F:]+\]):)?(?P<port>\d{1,5})")


class Command(ProjectCommand):
    help = (
        "Serve Seldinger for development on http://127.0.0.1:8000 (or the address given).\n\n"
        "With --production (and SELDINGER_ENV=production): collect the static files, then "
        "serve with gunicorn and N worker processes of T threads, behind a reverse proxy."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "addrport", nargs="?", default="127.0.0.1:8000", help="ADDR:PORT or PORT"
        )
        parser.add_argument(
            "--production",
            action="store_true",
            help="serve with gunicorn (needs SELDINGER_ENV=production)",
        )
        parser.add_argument(
            "--workers",
            type=int,
            help="web processes with --production (default: 2 per processor, plus one)",
        )
        parser.add_argument(
            "--threads",
            type=int,
            help=(
                f"threads per web process with --production (default {server.DEFAULT_THREADS}; "
                "1: one request at a time per process)"
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["production"]:
            if settings.PRODUCTION:
                raise CommandError(
                    "serve without --production is the development server; "
                    "in production run: seldinger serve --production"
                )
            for option in ("workers", "threads"):
                if options[option] is not None:
                    raise CommandError(f"--{option}: only with --production")
            call_command("runserver", options["addrport"], use_reloader=False)
            return
        if not settings.PRODUCTION:
            raise CommandError("--production: set SELDINGER_ENV=production (and its settings)")
        workers = server.default_workers() if options["workers"] is None else options["workers"]
        if workers < 1:
            raise CommandError(f"--workers: {workers} is not a number of processes; give 1 or more")
        threads = server.DEFAULT_THREADS if options["threads"] is None else options["threads"]
        if threads < 1:
            raise CommandError(f"--threads: {threads} is not a number of threads; give 1 or more")
        address = ADDRESS.fullmatch(options["addrport"])
        if address is None or not 0 < int(address["port"]) < 65536:
            raise CommandError(
                f"ADDR:PORT: {options['addrport']!r} is not an address and port "
                "(for example 127.0.0.1:8000 or 8000)"
            )
        call_command("collectstatic", interactive=False, verbosity=0)
        server.serve(
            bind=f"{address['host'] or '127.0.0.1'}:{address['port']}",
            workers=workers,
            threads=threads,
        )
