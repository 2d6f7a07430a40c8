"""``seldinger demo``: load the synthetic demo data and print the demo logins."""

import json
from typing import IO, Any, cast

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.table import Table

from seldinger.demo.data import DEMO_PASSWORD, DEMO_URL, load_demo_data


class Command(BaseCommand):
    help = (
        "Load the synthetic demo data (idempotent) and print the demo logins.\n\n"
        "Creates two synthetic programs and one user per role (student, resident, faculty, "
        "coordinator, director, diplomate, admin, plus resident2 in the second program), "
        f"all with the password {DEMO_PASSWORD!r}. The resident is on the ESIR track "
        "(2024-07-01 to 2028-06-30) with about 150 synthetic cases, and the first program has "
        "example graduation minimums. Refused in production."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError(
                "Demo data is not allowed here (SELDINGER_ENV=production): "
                "it would create accounts with a published password."
            )
        result = load_demo_data()
        if options["format"] == "json":
            data = {
                "url": DEMO_URL,
                "created": result.created,
                "logins": [vars(login) for login in result.logins],
            }
            self.stdout.write(json.dumps(data, indent=2))
            return
        console = Console(file=cast(IO[str], self.stdout), width=100)
        created = ", ".join(f"{name} {count}" for name, count in result.created.items())
        console.print(f"Demo data loaded (created: {created}).")
        table = Table(title="Demo logins", title_justify="left")
        for column in ("Username", "Role", "Password"):
            table.add_column(column)
        for login in result.logins:
            table.add_row(login.username, login.role, login.password)
        console.print(table)
        console.print(f"Open {DEMO_URL} and log in.", highlight=False)
