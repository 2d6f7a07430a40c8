from typing import Any

from django.core.management.base import CommandParser

from seldinger.commands import (
    ProjectCommand,
    add_actions,
    add_as_of_option,
    add_dry_run_option,
    add_format_option,
    as_of_date,
    write_json,
)
from seldinger.home.services import send_digests


class Command(ProjectCommand):
    help = (
        "E-mail the to-do digests due today to those who asked for them.\n\n"
        "Examples:\n"
        "  seldinger digest send\n"
        "  seldinger digest send --as-of 2026-03-02 --dry-run --format json\n\n"
        "Daily digests go out every day, weekly ones on SELDINGER_DIGEST_WEEKDAY; each\n"
        "person gets at most one a day, and none with nothing to do. 'seldinger worker\n"
        "--beat' runs this every day at SELDINGER_DIGEST_AT."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        (sending,) = add_actions(parser, ("send", "e-mail the digests due (once a day each)"))
        add_as_of_option(sending, help="the day to run for (YYYY-MM-DD)")
        add_dry_run_option(sending, help="list who would get one; send and record nothing")
        add_format_option(sending)

    def handle(self, *args: Any, **options: Any) -> None:
        report = send_digests(on=as_of_date(options), dry_run=options["dry_run"])
        if options["format"] == "json":
            write_json(
                self.stdout,
                {
                    "on": report.on.isoformat(),
                    "dry_run": report.dry_run,
                    "sent": [
                        {"user": user, "email": email, "items": items}
                        for user, email, items in report.sent
                    ],
                    "nothing_to_do": report.nothing_to_do,
                    "skipped_no_email": report.no_email,
                },
            )
            return
        verb = "Would send" if report.dry_run else "Sent"
        self.stdout.write(f"{verb} {len(report.sent)} digest(s) for {report.on.isoformat()}.")
        for user, email, items in report.sent:
            self.stdout.write(f"  {user} <{email}>: {items} thing(s) to do")
        if report.no_email:
            self.stderr.write(f"{report.no_email} subscriber(s) without an e-mail address")
