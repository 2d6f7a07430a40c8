import datetime as dt
import json
from typing import IO, Any, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from rich.console import Console
from rich.table import Table

from seldinger.accounts.models import User
from seldinger.caselog.progress import NO_GRADUATION_DATE, SHORTFALL
from seldinger.caselog.selectors import catalogue
from seldinger.caselog.selectors_progress import trainee_progress


class Command(BaseCommand):
    help = (
        "Show a trainee's progress against ESIR and the program's graduation minimums.\n\n"
        "Example: seldinger progress --trainee resident --format json --as-of 2026-06-30\n\n"
        "JSON: {trainee, as_of, total_cases, requirements: [{key, name, required, done, met, "
        "projected_at_graduation}], by_category: {category: cases}}. "
        "projected_at_graduation = done + the pace over the last 12 months (or since the "
        "training start) x the days left to the graduation date, rounded down; null when the "
        "graduation date is not known."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--trainee", required=True, help="the trainee's username")
        parser.add_argument(
            "--as-of", dest="as_of", help="count cases up to this date (YYYY-MM-DD; default today)"
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        as_of = timezone.localdate()
        if options["as_of"]:
            try:
                as_of = dt.date.fromisoformat(options["as_of"])
            except ValueError:
                raise CommandError(
                    f"--as-of: {options['as_of']!r} is not a date; use YYYY-MM-DD"
                ) from None
        username = options["trainee"]
        trainee = User.objects.filter(username=username).first()
        if trainee is None:
            raise CommandError(f"--trainee: no user {username!r}")
        result = trainee_progress(trainee, as_of=as_of)
        if options["format"] == "json":
            self.stdout.write(json.dumps(result.as_dict(), indent=2))
            return

        progress, record = result.progress, result.record
        console = Console(file=cast(IO[str], self.stdout), width=110)
        program = record.program.name if record.program else "no program"
        console.print(
            f"Progress of {trainee.get_username()} ({program}) as of {as_of.isoformat()}: "
            f"{progress.total_cases} cases",
            highlight=False,
        )
        graduation = record.graduation.isoformat() if record.graduation else "not known"
        console.print(f"Graduation: {graduation}; ESIR track: {'yes' if record.esir else 'no'}")
        table = Table(title="Requirements", title_justify="left")
        for column in ("Key", "Requirement", "Done", "Required", "Projected", "Status"):
            table.add_column(column, justify="right" if column in ("Done", "Required") else "left")
        for requirement in progress.requirements:
            status = requirement.status
            if status == SHORTFALL:
                status = f"shortfall of {requirement.shortfall}"
            projected = requirement.projected_at_graduation
            table.add_row(
                requirement.key,
                requirement.name,
                str(requirement.done),
                str(requirement.required),
                "-" if projected is None else str(projected),
                status,
            )
        if progress.requirements:
            console.print(table)
        else:
            console.print("No requirements apply (not on ESIR; the program has set none).")
        if any(r.status == NO_GRADUATION_DATE for r in progress.requirements):
            console.print("No graduation date is recorded: no projection.")
        categories = Table(title="Cases by category", title_justify="left")
        categories.add_column("Category")
        categories.add_column("Cases", justify="right")
        names = catalogue().categories
        for key, count in progress.by_category.items():
            categories.add_row(names[key].name if key in names else key, str(count))
        console.print(categories)
