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
from seldinger.credentials.services import send_due_reminders


class Command(ProjectCommand):
    help = (
        "E-mail licence expiry reminders (90, 30 and 7 days before) that are due.\n\n"
        "Examples:\n"
        "  seldinger reminders send\n"
        "  seldinger reminders send --as-of 2026-03-01 --dry-run --format json\n\n"
        "Each reminder is sent once per expiry date (sent reminders are recorded), so\n"
        "running it again sends nothing twice. A reminder missed because the command\n"
        "did not run on its day goes out on the next run, up to the expiry date; one\n"
        "e-mail per person covers all that person's due reminders. Run it daily,\n"
        "or let 'seldinger worker --beat' send them every day at SELDINGER_REMINDERS_AT."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        (sending,) = add_actions(parser, ("send", "e-mail the reminders due (once each)"))
        add_as_of_option(sending, help="the day to run for (YYYY-MM-DD)")
        add_dry_run_option(sending, help="list what would be sent; send and record nothing")
        add_format_option(sending)

    def handle(self, *args: Any, **options: Any) -> None:
        report = send_due_reminders(on=as_of_date(options), dry_run=options["dry_run"])
        if options["format"] == "json":
            data = {
                "as_of": report.as_of.isoformat(),
                "dry_run": report.dry_run,
                "emails": report.messages,
                "reminders": [
                    {
                        "credential_id": mail.credential_id,
                        "owner": mail.owner,
                        "recipient": mail.recipient,
                        "title": mail.title,
                        "expires_on": mail.expires_on.isoformat(),
                        "days_left": mail.days_left,
                        "days_before": mail.days_before,
                        "covers": list(mail.covers),
                    }
                    for mail in report.sent
                ],
                "skipped_no_email": report.skipped_no_email,
            }
            write_json(self.stdout, data)
            return
        verb = "Would send" if report.dry_run else "Sent"
        self.stdout.write(
            f"{verb} {len(report.sent)} reminder(s) in {report.messages} e-mail(s) "
            f"for {report.as_of.isoformat()}."
        )
        for mail in report.sent:
            self.stdout.write(
                f"  {mail.owner} <{mail.recipient}>: {mail.title} expires "
                f"{mail.expires_on.isoformat()} ({mail.days_left} days left; "
                f"{mail.days_before}-day reminder)"
            )
        for username in report.skipped_no_email:
            self.stderr.write(f"{username}: has no e-mail address; reminders not sent")
