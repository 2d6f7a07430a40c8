"""``seldinger hours check FILE``: check logged shifts against the ACGME work-hour limits,
without Django."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from seldinger import environment
from seldinger.command_line import (
    Command,
    CommandFailed,
    HelpFormatter,
    Options,
    Writer,
    add_actions,
    add_format_option,
    console,
    parse_date,
    table,
    write_json,
)
from seldinger.rules import default_parameters
from seldinger.rules.engine import RuleNotInForce
from seldinger.tabular import FileError, Limits
from seldinger.workhours.csvio import COLUMNS, PGY, read_planned, read_shifts
from seldinger.workhours.rules import Outlook, Violation, assess, limits_as_of

if TYPE_CHECKING:
    from rich.table import Table

HELP = (
    "Check logged shifts against the ACGME work-hour limits.\n\n"
    "Examples:\n"
    "  seldinger hours check shifts.csv\n"
    "  seldinger hours check shifts.csv --format json --gap-minutes 90\n"
    "  seldinger hours check rota.csv --planned\n"
    "  seldinger hours check --planned schedule.json\n\n"
    f"The CSV has a header row with the columns {','.join(COLUMNS)}; start and end\n"
    "are ISO 8601 local date-times (2025-07-01T07:00), kind one of clinical, call\n"
    "(in-house call), home-call (at-home call, not called in: breaks a day off,\n"
    "counts no hours), home-call-work (time worked while on home call),\n"
    f"moonlighting, education. An optional {PGY} column gives the resident's\n"
    "postgraduate year at that shift (1 = PGY-1; may be empty): moonlighting in\n"
    "PGY-1 is a violation; residents without it are not checked for that.\n\n"
    "A 4-week period that has not ended by --as-of (default today) is a violation\n"
    "only once the limit can no longer be met; before that it is a warning,\n"
    "'on track to exceed'. --planned checks a schedule as if every period were\n"
    "complete. A .json file is a schedule written by 'seldinger schedule solve'\n"
    "(its shifts, with its start as --block-start unless given). Every bad row is\n"
    "listed on stderr as FILE:LINE: FIELD: REASON (the header is line 1; in a JSON\n"
    "schedule the shift's number) and nothing is checked. Finding violations or\n"
    "warnings is not an error: the exit status is 0. Semantics: docs/workhours.md."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    (checking,) = add_actions(
        parser,
        ("check", "check a CSV of shifts"),
        description=HELP,
        formatter_class=HelpFormatter,
    )
    checking.add_argument(
        "file",
        help=f"a CSV file with columns {','.join(COLUMNS)} (and optionally {PGY}), or a "
        "schedule JSON from 'seldinger schedule solve'",
    )
    add_format_option(checking)
    checking.add_argument(
        "--gap-minutes",
        type=int,
        help="breaks shorter than this join entries into one work period "
        "(Seldinger setting; default from the rule data: 120)",
    )
    checking.add_argument(
        "--block-start",
        help="align the 28-day averaging blocks to this date (YYYY-MM-DD), e.g. the "
        "program's rotation blocks (default: each resident's first shift)",
    )
    checking.add_argument(
        "--as-of",
        help="the date asked (YYYY-MM-DD, default today): 4-week periods that end before "
        "it are complete; also use the limits in force on it (default: the first "
        "shift's date)",
    )
    checking.add_argument(
        "--planned",
        action="store_true",
        help="a planned schedule: judge every 4-week period as complete (no warnings)",
    )


def check(options: Options, out: Writer, err: Writer, *, limits: Limits) -> None:
    """Check the file; ``limits``: the most rows (and XLSX bytes) an imported file may have."""
    path = Path(options["file"])
    block_start = parse_date(options["block_start"], "--block-start")
    as_of = parse_date(options["as_of"], "--as-of")
    gap = options["gap_minutes"]
    if gap is not None and gap < 0:
        raise CommandFailed(f"--gap-minutes: {gap} is negative")
    try:
        content = path.read_bytes()
    except OSError as error:
        raise CommandFailed(f"{path}: cannot read ({error.strerror})") from None
    try:
        if path.suffix.lower() == ".json":
            planned = read_planned(content, name=path.name, limits=limits)
            result = planned.result
            block_start = block_start or planned.start
        else:
            result = read_shifts(content, name=path.name, limits=limits)
    except FileError as error:
        raise CommandFailed(error.located(str(path))) from None
    if result.errors:
        for row_error in result.errors:
            err.write(row_error.located(str(path)))
        lines = len({row_error.line for row_error in result.errors})
        raise CommandFailed(f"{path}: {lines} bad row{'s' if lines != 1 else ''}; nothing checked")
    shifts = result.shifts
    on = as_of or (min(s.start for s in shifts).date() if shifts else dt.date.today())
    try:
        work_limits = limits_as_of(default_parameters(), on)
    except RuleNotInForce as error:
        raise CommandFailed(f"{error} (use --as-of)") from None
    if gap is not None:
        work_limits = dataclasses.replace(work_limits, merge_gap_minutes=gap)
    asked = as_of or dt.date.today()
    found = assess(
        shifts,
        work_limits,
        block_start=block_start,
        as_of=asked,
        planned=options["planned"],
        pgy1=result.pgy1,
    )
    violations, warnings = found.violations, found.warnings
    if options["format"] == "json":
        write_json(
            out,
            {
                "violations": [v.as_dict() for v in violations],
                "warnings": [w.as_dict() for w in warnings],
            },
        )
        return
    residents = len({shift.resident for shift in shifts})
    summary = (
        f"{path}: {len(shifts)} shift{'s' if len(shifts) != 1 else ''} of {residents} "
        f"resident{'s' if residents != 1 else ''}, {len(violations)} violation"
        f"{'s' if len(violations) != 1 else ''}."
    )
    if warnings:
        summary += (
            f" {len(warnings)} warning{'s' if len(warnings) != 1 else ''}: on track to "
            f"exceed a limit in a {work_limits.averaging_weeks}-week period not over on "
            f"{asked.isoformat()}."
        )
    screen = console(out, width=140)
    if violations:
        screen.print(_table(violations))
    if warnings:
        screen.print(_warning_table(warnings, asked, work_limits.averaging_weeks))
    out.write(summary)


def _handle(options: Options, out: Writer, err: Writer) -> None:
    check(options, out, err, limits=environment.import_limits())


COMMAND = Command(name="hours", help=HELP, add_arguments=add_arguments, handle=_handle)


def _warning_table(warnings: list[Outlook], asked: dt.date, weeks: int) -> Table:
    return table(
        f"On track to exceed ({weeks}-week periods not over on {asked.isoformat()})",
        ("Resident", "Rule", "Period from", "To", "Outlook", "Detail"),
        (
            (
                warning.resident,
                warning.rule,
                warning.start.isoformat(timespec="minutes"),
                warning.end.isoformat(timespec="minutes"),
                warning.headline,
                warning.detail,
            )
            for warning in warnings
        ),
        overflow="fold",
    )


def _table(violations: list[Violation]) -> Table:
    return table(
        "Work-hour violations",
        ("Resident", "Rule", "From", "To", "Detail"),
        (
            (
                violation.resident,
                violation.rule,
                violation.start.isoformat(timespec="minutes"),
                violation.end.isoformat(timespec="minutes"),
                violation.detail,
            )
            for violation in violations
        ),
        overflow="fold",
    )
