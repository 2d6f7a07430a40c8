from typing import Any

from django.core.management.base import CommandError, CommandParser
from rich.table import Table

from seldinger.certification.selectors import certification_status, user_by_username
from seldinger.certification.tracker import CertificationStatus, part_as_dict
from seldinger.commands import (
    ProjectCommand,
    add_as_of_option,
    add_format_option,
    as_of_date,
    console,
    table,
    write_json,
)


class Command(ProjectCommand):
    help = (
        "Board certification status: exams for trainees, OLA, CME and PQI for diplomates.\n\n"
        "Example: seldinger certification status --user diplomate --as-of 2026-06-01 "
        "--format json"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        status = commands.add_parser(
            "status",
            help="one person's certification status",
            description="One person's certification status on a date.",
        )
        status.add_argument("--user", required=True, help="username")
        add_as_of_option(status, help="date (YYYY-MM-DD); default today")
        add_format_option(status)

    def handle(self, *args: Any, **options: Any) -> None:
        username = options["user"]
        user = user_by_username(username)
        if user is None:
            raise CommandError(f"--user: no user {username!r}")
        status = certification_status(user, as_of_date(options))
        if options["format"] == "json":
            write_json(self.stdout, as_json(username, status))
            return
        out = console(self.stdout, width=120)
        out.print(_table(username, status))
        for note in status.notes:
            out.print(note, highlight=False)


def as_json(username: str, status: CertificationStatus) -> dict[str, Any]:
    """Exactly ``{user, certificate, parts}``."""
    return {
        "user": username,
        "certificate": {
            "name": status.certificate,
            "type": status.certificate_type,
            "initial_certification": (
                status.initial_certification.isoformat() if status.initial_certification else None
            ),
        },
        "parts": [part_as_dict(part) for part in status.parts],
    }


def _table(username: str, status: CertificationStatus) -> Table:
    certificate = status.certificate or "no certificate"
    if status.certificate_type:
        certificate += f", {status.certificate_type}"
    rows = []
    for part in status.parts:
        data = part_as_dict(part)
        rows.append(
            (
                part.name,
                part.status_label,
                str(data["done"]),
                str(data["required"]),
                data["due"] or "-",
            )
        )
    return table(
        f"Certification status of {username} on {status.as_of.isoformat()} ({certificate})",
        ("Part", "Status", "Done", "Required", "Due"),
        rows,
    )
