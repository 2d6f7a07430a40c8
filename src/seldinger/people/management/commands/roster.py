from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from seldinger.accounts import selectors as access
from seldinger.accounts.models import User
from seldinger.commands import ProjectCommand, add_dry_run_option, add_format_option, write_json
from seldinger.errors import SeldingerError
from seldinger.people import services
from seldinger.tabular import FileError


class Command(ProjectCommand):
    help = (
        "Invite a program's residents, fellows and faculty from a roster file (CSV or XLSX).\n\n"
        "Examples:\n"
        "  seldinger roster 12 roster.csv --by coordinator --dry-run\n"
        "  seldinger roster 0413521001 roster.xlsx --by coordinator --format json\n\n"
        "PROGRAM is the program's id or its ACGME ID; --by is the username of one of its\n"
        "current directors or coordinators, who sends the invitations. Columns: email,\n"
        "first_name, last_name, role (resident, fellow or faculty), and optionally\n"
        "start_date and end_date (YYYY-MM-DD), and for residents and fellows pgy (1 to 7)\n"
        "with the pathway it is a year of (such as integrated-ir), which becomes their\n"
        "training record when they accept. All or nothing: one bad cell and nobody is\n"
        "invited; every problem is listed on stderr as FILE:LINE: COLUMN: REASON (the header\n"
        "is line 1). Each invitee receives an e-mail with their link."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("program", help="the program's id or ACGME ID")
        parser.add_argument("file", help="a .csv or .xlsx file with a header row")
        parser.add_argument(
            "--by", required=True, metavar="USER", help="the director or coordinator inviting"
        )
        add_dry_run_option(parser)
        add_format_option(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        actor = User.objects.filter(username=options["by"]).first()
        if actor is None:
            raise CommandError(f"--by: no user {options['by']!r}")
        led = access.programs_led_by(actor)
        given = options["program"]
        program = (led.filter(pk=int(given)) if given.isdigit() else led.none()).first() or (
            led.filter(acgme_id=given).first()
        )
        if program is None:
            raise CommandError(
                f"PROGRAM: {given!r} is not a program {actor.username} directs or coordinates"
            )
        path = Path(options["file"])
        name = str(path)
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{name}: cannot read the file ({error.strerror})") from None
        try:
            report = services.import_roster(
                actor=actor,
                program=program,
                content=content,
                name=name,
                dry_run=options["dry_run"],
            )
        except FileError as error:
            raise CommandError(error.located(name)) from None
        except SeldingerError as error:
            raise CommandError(error.message) from None
        for line in report.error_lines():
            self.stderr.write(line)
        if options["format"] == "json":
            write_json(self.stdout, report.as_dict())
        else:
            for invitee in report.invitees:
                self.stdout.write(
                    f"{invitee.line:>5}  {invitee.role:<9} {invitee.first_name} "
                    f"{invitee.last_name} <{invitee.email}>"
                )
            self.stdout.write(report.summary())
        if report.errors:
            count = len(report.errors)
            raise CommandError(f"{name}: {count} error{'s' if count != 1 else ''}; nobody invited")
