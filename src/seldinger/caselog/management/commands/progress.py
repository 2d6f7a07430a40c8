from collections.abc import Iterable
from typing import Any

from django.core.management.base import CommandError, CommandParser
from rich.table import Table

from seldinger.accounts.models import User
from seldinger.caselog.progress import NO_GRADUATION_DATE, SHORTFALL, RequirementProgress
from seldinger.caselog.selectors import catalogue
from seldinger.caselog.selectors_progress import trainee_progress
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
        add_as_of_option(parser, help="count cases up to this date (YYYY-MM-DD; default today)")
        add_format_option(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        as_of = as_of_date(options)
        username = options["trainee"]
        trainee = User.objects.filter(username=username).first()
        if trainee is None:
            raise CommandError(f"--trainee: no user {username!r}")
        result = trainee_progress(trainee, as_of=as_of)
        if options["format"] == "json":
            write_json(self.stdout, result.as_dict())
            return

        progress, record = result.progress, result.record
        out = console(self.stdout, width=110)
        program = record.program.name if record.program else "no program"
        out.print(
            f"Progress of {trainee.get_username()} ({program}) as of {as_of.isoformat()}: "
            f"{progress.total_cases} cases",
            highlight=False,
        )
        graduation = record.graduation.isoformat() if record.graduation else "not known"
        out.print(f"Graduation: {graduation}; ESIR track: {'yes' if record.esir else 'no'}")
        if progress.requirements:
            out.print(_requirements(progress.requirements))
        else:
            out.print("No requirements apply (not on ESIR; the program has set none).")
        if any(r.status == NO_GRADUATION_DATE for r in progress.requirements):
            out.print("No graduation date is recorded: no projection.")
        names = catalogue().categories
        out.print(
            table(
                "Cases by category",
                ("Category", "Cases"),
                (
                    (names[key].name if key in names else key, str(count))
                    for key, count in progress.by_category.items()
                ),
                right={"Cases"},
            )
        )


def _requirements(requirements: Iterable[RequirementProgress]) -> Table:
    rows = []
    for requirement in requirements:
        status = requirement.status
        if status == SHORTFALL:
            status = f"shortfall of {requirement.shortfall}"
        projected = requirement.projected_at_graduation
        rows.append(
            (
                requirement.key,
                requirement.name,
                str(requirement.done),
                str(requirement.required),
                "-" if projected is None else str(projected),
                status,
            )
        )
    return table(
        "Requirements",
        ("Key", "Requirement", "Done", "Required", "Projected", "Status"),
        rows,
        right={"Done", "Required"},
    )
