"""``seldinger hours check FILE``: check logged shifts against the ACGME work-hour limits."""

import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import IO, Any, cast

from django.core.management.base import (
    BaseCommand,
    CommandError,
    CommandParser,
)
from rich.console import Console
from rich.table import Table

from seldinger.commands import HelpFormatter
from seldinger.rules import default_parameters
from seldinger.rules.engine import RuleNotInForce
from seldinger.workhours.csvio import COLUMNS, read_shifts
from seldinger.workhours.rules import Violation, check, limits_as_of


class Command(BaseCommand):
    help = (
        "Check logged shifts against the ACGME work-hour limits.\n\n"
        "Examples:\n"
        "  seldinger hours check shifts.csv\n"
        "  seldinger hours check shifts.csv --format json --gap-minutes 90\n\n"
        f"The CSV has a header row with the columns {','.join(COLUMNS)}; start and end\n"
        "are ISO 8601 local date-times (2025-07-01T07:00), kind one of clinical, call\n"
        "(in-house call), home-call-work, moonlighting, education. Every bad row is\n"
        "listed on stderr as FILE:LINE: FIELD: REASON (the header is line 1) and nothing\n"
        "is checked. Finding violations is not an error: the exit status is 0.\n"
        "Semantics: docs/workhours.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.formatter_class = HelpFormatter
        actions = parser.add_subparsers(dest="action", required=True, metavar="check")
        checking = actions.add_parser("check", help="check a CSV of shifts")
        checking.add_argument("file", help=f"a CSV file with columns {','.join(COLUMNS)}")
        checking.add_argument("--format", choices=["text", "json"], default="text")
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
            help="use the limits in force on this date (default: the first shift's date)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        block_start = _date(options["block_start"], "--block-start")
        as_of = _date(options["as_of"], "--as-of")
        gap = options["gap_minutes"]
        if gap is not None and gap < 0:
            raise CommandError(f"--gap-minutes: {gap} is negative")
        try:
            text = path.read_text(encoding="utf-8-sig")
        except OSError as error:
            raise CommandError(f"{path}: cannot read ({error.strerror})") from None
        except UnicodeDecodeError:
            raise CommandError(f"{path}: not UTF-8 text") from None
        result = read_shifts(text)
        if result.errors:
            for row_error in result.errors:
                self.stderr.write(row_error.located(str(path)))
            lines = len({row_error.line for row_error in result.errors})
            raise CommandError(
                f"{path}: {lines} bad row{'s' if lines != 1 else ''}; nothing checked"
            )
        shifts = result.shifts
        on = as_of or (min(s.start for s in shifts).date() if shifts else dt.date.today())
        try:
            limits = limits_as_of(default_parameters(), on)
        except RuleNotInForce as error:
            raise CommandError(f"{error} (use --as-of)") from None
        if gap is not None:
            limits = dataclasses.replace(limits, merge_gap_minutes=gap)
        violations = check(shifts, limits, block_start=block_start)
        if options["format"] == "json":
            self.stdout.write(
                json.dumps({"violations": [v.as_dict() for v in violations]}, indent=2)
            )
            return
        residents = len({shift.resident for shift in shifts})
        summary = (
            f"{path}: {len(shifts)} shift{'s' if len(shifts) != 1 else ''} of {residents} "
            f"resident{'s' if residents != 1 else ''}, {len(violations)} violation"
            f"{'s' if len(violations) != 1 else ''}."
        )
        if violations:
            console = Console(file=cast(IO[str], self.stdout), width=140)
            console.print(_table(violations))
        self.stdout.write(summary)


def _date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{option}: {value!r} is not a date; use YYYY-MM-DD") from None


def _table(violations: list[Violation]) -> Table:
    table = Table(title="Work-hour violations", title_justify="left")
    for column in ("Resident", "Rule", "From", "To", "Detail"):
        table.add_column(column, overflow="fold")
    for violation in violations:
        table.add_row(
            violation.resident,
            violation.rule,
            violation.start.isoformat(timespec="minutes"),
            violation.end.isoformat(timespec="minutes"),
            violation.detail,
        )
    return table
