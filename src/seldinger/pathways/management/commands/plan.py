from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.table import Table

from seldinger.accounts.models import User
from seldinger.commands import add_format_option, console, table, to_date, write_json
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
        add_format_option(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["user"]:
            self._write([_user_plan(options["user"])], single=True, output=options["format"])
            return
        for name in ("stage", "date"):
            if not options[name]:
                raise CommandError(f"--{name}: required (or give --user)")
        stage_start = to_date(options["date"], "--date")
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
            write_json(self.stdout, data[0] if single else data)
            return
        out = console(self.stdout, width=110)
        if len(plans) > 1:
            out.print(_comparison(plans))
        for plan in plans:
            out.print(_timeline(plan))


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
    rows = []
    for plan in plans:
        core, oral = plan.event("core-exam"), plan.event("certifying-oral")
        rows.append(
            (
                plan.pathway,
                str(plan.postgraduate_years),
                plan.training_start.isoformat(),
                core.date.isoformat() if core else "-",
                plan.training_end.isoformat(),
                str(oral.date.year) if oral else "-",
            )
        )
    return table(
        "Pathways compared",
        ("Pathway", "PGY years", "Residency", "Core exam", "Training ends", "Oral"),
        rows,
    )


def _timeline(plan: Plan) -> Table:
    rows = [(stage.start, stage.end.isoformat(), stage.name) for stage in plan.stages]
    rows += [
        (
            event.date,
            event.until.isoformat() if event.until else "",
            f"* {event.name}" + (" (approximate)" if event.approximate else ""),
        )
        for event in plan.events
    ]
    return table(
        f"{plan.pathway_name}: {plan.postgraduate_years} postgraduate years ({plan.certificate})",
        ("From", "To", "Stage or event"),
        (
            (start.isoformat(), end, label)
            for start, end, label in sorted(
                rows, key=lambda row: (row[0], not row[2].startswith("*"))
            )
        ),
    )
