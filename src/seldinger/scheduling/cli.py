"""``seldinger schedule solve SPEC.json``: a rotation and call schedule, without Django.

The solver (OR-Tools) is imported by the action that runs it, so ``--help`` answers at once.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from seldinger.command_line import (
    Command,
    CommandFailed,
    HelpFormatter,
    Options,
    Writer,
    add_actions,
    add_format_option,
    console,
    table,
    write_json,
)

HELP = (
    "Build a rotation and call schedule under the ACGME rules, or explain why none exists.\n\n"
    "Examples:\n"
    "  seldinger schedule solve program.json --time-limit 60\n"
    "  seldinger schedule solve program.json --format json -o schedule.json\n"
    "  seldinger hours check --planned schedule.json\n\n"
    "The spec (docs/scheduling.md) gives the blocks, residents with their requests,\n"
    "rotations with the residents each needs per PGY, call kinds with their coverage and\n"
    "the program's rules. The schedule meets every hard rule (the ACGME work-hour limits\n"
    "from the rule data, coverage, rotation needs, ESIR, priority-1 requests) and keeps\n"
    "the named penalties of the soft ones (other requests, fairness) as low as the time\n"
    "limit allows. When no schedule can meet the hard rules, the answer names the rules,\n"
    "residents and dates in conflict; the exit status is then 1, as it is when the time\n"
    "limit ends before any schedule is found (status unknown)."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    (solving,) = add_actions(
        parser, ("solve", "solve a spec (JSON)"), description=HELP, formatter_class=HelpFormatter
    )
    solving.add_argument("spec", help="the program's spec, a JSON file (docs/scheduling.md)")
    solving.add_argument(
        "--time-limit",
        type=float,
        default=60,
        help="seconds the solve may take, building the model included (default 60)",
    )
    solving.add_argument("--workers", type=int, default=2, help="solver threads (default 2)")
    solving.add_argument("--seed", type=int, default=0, help="the solver's random seed")
    add_format_option(solving)
    solving.add_argument("-o", "--output", help="also write the schedule JSON to this file")


def handle(options: Options, out: Writer, err: Writer) -> None:
    from seldinger.scheduling.solve import solve
    from seldinger.scheduling.spec import SpecError, parse_spec

    path = Path(options["spec"])
    if options["time_limit"] <= 0:
        raise CommandFailed(f"--time-limit: {options['time_limit']:g} is not positive")
    if options["workers"] < 1:
        raise CommandFailed(f"--workers: {options['workers']} is less than 1")
    try:
        data = json.loads(path.read_bytes())
    except OSError as error:
        raise CommandFailed(f"{path}: cannot read ({error.strerror})") from None
    except ValueError as error:
        raise CommandFailed(f"{path}: not JSON ({error})") from None
    try:
        spec = parse_spec(data)
    except SpecError as error:
        for item in error.problems:
            err.write(f"{path}: {item.field}: {item.message}")
        count = len(error.problems)
        raise CommandFailed(
            f"{path}: {count} problem{'s' if count != 1 else ''}; nothing solved"
        ) from None
    result = solve(
        spec, time_limit=options["time_limit"], workers=options["workers"], seed=options["seed"]
    )
    if options["output"]:
        Path(options["output"]).write_text(json.dumps(result, indent=1) + "\n")
    if options["format"] == "json":
        write_json(out, result)
    else:
        _report(result, path, out)
    if result["status"] in ("infeasible", "unknown"):
        raise CommandFailed(result["message"])


COMMAND = Command(name="schedule", help=HELP, add_arguments=add_arguments, handle=handle)


def _report(result: dict[str, Any], path: Path, out: Writer) -> None:
    screen = console(out, width=140)
    if result["conflicts"]:
        screen.print(
            table(
                "Hard rules in conflict",
                ("Rule", "Residents", "From", "To", "Detail"),
                (
                    (c["rule"], ", ".join(c["residents"]), c["from"], c["to"], c["detail"])
                    for c in result["conflicts"]
                ),
                overflow="fold",
            )
        )
        return
    if result["status"] not in ("optimal", "feasible"):
        return
    rows = []
    for pgy, measures in result["fairness"].items():
        for measure, figures in measures.items():
            rows.append(
                (pgy, measure, str(figures["min"]), str(figures["max"]), str(figures["spread"]))
            )
    if rows:
        screen.print(
            table(
                "Fairness (calls per resident)",
                ("PGY", "Measure", "Fewest", "Most", "Spread"),
                rows,
            )
        )
    if result["penalties"]:
        screen.print(
            table(
                "Penalties",
                ("Rule", "Resident", "Detail", "Cost"),
                (
                    (p["rule"], p["resident"] or "", p["detail"], f"{p['cost']:g}")
                    for p in result["penalties"]
                ),
                overflow="fold",
            )
        )
    residents = len(result["rotations"])
    out.write(
        f"{path}: {result['status']} schedule of {residents} "
        f"resident{'' if residents == 1 else 's'}, "
        f"{len(result['shifts'])} shifts; objective {result['objective']:g}, bound "
        f"{result['bound']:g} ({result['seconds']:g} s)."
    )
