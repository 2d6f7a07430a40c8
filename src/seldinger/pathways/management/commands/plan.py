import datetime as dt
import json
from typing import IO, Any, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.table import Table

from seldinger.accounts.models import User
from seldinger.pathways.planner import STAGE_KEYS, Plan, PlanningError, plan_as_dict
from seldinger.pathways.selectors import ALL_PATHWAYS, compute_plans
from seldinger.pathways.training import plan_of


class Command(BaseCommand):
    help = (
        "Plan a dated path to IR board certification from a current stage, or from a "
        "trainee's training record (--user, with its time off and extension).\n\n"
        "Examples: seldinger plan --stage ms1 --date 2026-08-01 --pathway all --format json; "
        "seldinger plan --user resident --format json"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--stage", help=f"current stage: {', '.join(STAGE_KEYS)}")
        parser.add_argument("--date", help="date the current stage started (YYYY-MM-DD)")
        parser.add_argument(
            "--user",
            help="plan from this trainee's training record instead of --stage and --date",
        )
        parser.add_argument(
            "--pathway",
            default=ALL_PATHWAYS,
            help="integrated-ir, independent-ir, independent-ir-esir, dr-only, legacy-vir, "
            "or 'all' to compare the current ones (default: all)",
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["user"]:
            self._write([_user_plan(options["user"])], single=True, output=options["format"])
            return
        for name in ("stage", "date"):
            if not options[name]:
                raise CommandError(f"--{name}: required (or give --user)")
        try:
            stage_start = dt.date.fromisoformat(options["date"])
        except ValueError:
            raise CommandError(
                f"--date: {options['date']!r} is not a date; use YYYY-MM-DD"
            ) from None
        try:
            plans = compute_plans(
                stage=options["stage"], stage_start=stage_start, pathway=options["pathway"]
            )
        except PlanningError as error:
            raise CommandError(f"--{error.field}: {error.message}") from None
        self._write(plans, single=options["pathway"] != ALL_PATHWAYS, output=options["format"])

    def _write(self, plans: list[Plan], *, single: bool, output: str) -> None:
        if output == "json":
            data = [plan_as_dict(plan) for plan in plans]
            self.stdout.write(json.dumps(data[0] if single else data, indent=2))
            return
        console = Console(file=cast(IO[str], self.stdout), width=110)
        if len(plans) > 1:
            console.print(_comparison(plans))
        for plan in plans:
            console.print(_timeline(plan))


def _user_plan(username: str) -> Plan:
    # Only --user reads the database.
    user = User.objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"--user: no user {username!r}")
    plan = plan_of(user)
    if plan is None:
        raise CommandError(f"--user: {username!r} has no training record")
    return plan


def _comparison(plans: list[Plan]) -> Table:
    table = Table(title="Pathways compared", title_justify="left")
    for column in ("Pathway", "PGY years", "Residency", "Core exam", "Training ends", "Oral"):
        table.add_column(column)
    for plan in plans:
        core, oral = plan.event("core-exam"), plan.event("certifying-oral")
        table.add_row(
            plan.pathway,
            str(plan.postgraduate_years),
            plan.training_start.isoformat(),
            core.date.isoformat() if core else "-",
            plan.training_end.isoformat(),
            str(oral.date.year) if oral else "-",
        )
    return table


def _timeline(plan: Plan) -> Table:
    table = Table(
        title=f"{plan.pathway_name}: {plan.postgraduate_years} postgraduate years "
        f"({plan.certificate})",
        title_justify="left",
    )
    table.add_column("From")
    table.add_column("To")
    table.add_column("Stage or event")
    rows = [(stage.start, stage.end.isoformat(), stage.name) for stage in plan.stages]
    rows += [
        (
            event.date,
            event.until.isoformat() if event.until else "",
            f"* {event.name}" + (" (approximate)" if event.approximate else ""),
        )
        for event in plan.events
    ]
    for start, end, label in sorted(rows, key=lambda row: (row[0], not row[2].startswith("*"))):
        table.add_row(start.isoformat(), end, label)
    return table
