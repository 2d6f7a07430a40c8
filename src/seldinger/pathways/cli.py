"""``seldinger plan``: a dated path to IR board certification, without Django.

From a stage and its start date the plan needs only the rules; from a trainee's training
record (``--user``) it needs the database, and the management command runs it.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from seldinger.command_line import (
    Command,
    CommandFailed,
    Options,
    Writer,
    add_format_option,
    console,
    table,
    to_date,
    write_json,
)
from seldinger.pathways.planner import (
    ALL_PATHWAYS,
    STAGE_KEYS,
    Plan,
    PlanningError,
    plan_as_dict,
    plans_for,
)
from seldinger.rules import default_parameters

if TYPE_CHECKING:
    from rich.table import Table

HELP = (
    "Plan a dated path to IR board certification from a current stage, or from a "
    "trainee's training record (--user, with its time off and extension).\n\n"
    "Examples: seldinger plan --stage ms1 --date 2026-08-01 --pathway all --format json; "
    "seldinger plan --user resident --format json"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
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


def needs_database(options: Options) -> bool:
    return bool(options["user"])


def handle(options: Options, out: Writer, err: Writer) -> None:
    """The plans from ``--stage`` and ``--date``."""
    for name in ("stage", "date"):
        if not options[name]:
            raise CommandFailed(f"--{name}: required (or give --user)")
    stage_start = to_date(options["date"], "--date")
    try:
        plans = plans_for(
            stage=options["stage"],
            stage_start=stage_start,
            pathway=options["pathway"],
            rules=default_parameters(),
        )
    except PlanningError as error:
        raise CommandFailed(f"--{error.field}: {error.message}") from None
    write_plans(out, plans, single=options["pathway"] != ALL_PATHWAYS, output=options["format"])


COMMAND = Command(
    name="plan",
    help=HELP,
    add_arguments=add_arguments,
    handle=handle,
    needs_database=needs_database,
)


def write_plans(out: Writer, plans: list[Plan], *, single: bool, output: str) -> None:
    """``plans`` as ``--format`` says: JSON (one object when ``single``), or tables."""
    if output == "json":
        data = [plan_as_dict(plan) for plan in plans]
        write_json(out, data[0] if single else data)
        return
    screen = console(out, width=110)
    if len(plans) > 1:
        screen.print(_comparison(plans))
    for plan in plans:
        screen.print(_timeline(plan))


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
