"""``seldinger demo``: load the synthetic demo data and print the demo logins."""

from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser

from seldinger.commands import ProjectCommand, add_format_option, console, table, write_json
from seldinger.demo.data import DEMO_PASSWORD, DEMO_URL, load_demo_data


class Command(ProjectCommand):
    help = (
        "Load the synthetic demo data (idempotent) and print the demo logins.\n\n"
        "Creates two synthetic programs and one user per role (student, resident, faculty, "
        "coordinator, director, diplomate, admin, plus resident2 in the second program), "
        f"all with the password {DEMO_PASSWORD!r}. The resident is on the ESIR track "
        "(2024-07-01 to 2028-06-30) with about 150 synthetic cases, and the first program has "
        "example graduation minimums. Refused in production."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_format_option(parser)

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
            write_json(self.stdout, data)
            return
        out = console(self.stdout, width=100)
        created = ", ".join(f"{name} {count}" for name, count in result.created.items())
        out.print(f"Demo data loaded (created: {created}).")
        out.print(
            table(
                "Demo logins",
                ("Username", "Role", "Password"),
                ((login.username, login.role, login.password) for login in result.logins),
            )
        )
        out.print(f"Open {DEMO_URL} and log in.", highlight=False)
