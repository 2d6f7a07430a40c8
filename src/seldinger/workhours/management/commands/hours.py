"""``seldinger hours check FILE``: check logged shifts against the ACGME work-hour limits."""

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import (
    BaseCommand,
    CommandError,
    CommandParser,
)
from rich.table import Table

from seldinger.commands import (
    HelpFormatter,
    add_actions,
    add_format_option,
    console,
    parse_date,
    table,
    write_json,
)
from seldinger.rules import default_parameters
from seldinger.rules.engine import RuleNotInForce
from seldinger.tabular import FileError
from seldinger.tabular_limits import import_limits
from seldinger.workhours.csvio import COLUMNS, PGY, read_shifts
from seldinger.workhours.rules import Outlook, Violation, assess, limits_as_of


class Command(BaseCommand):
    help = (
        "Check logged shifts against the ACGME work-hour limits.\n\n"
        "Examples:\n"
        "  seldinger hours check shifts.csv\n"
        "  seldinger hours check shifts.csv --format json --gap-minutes 90\n"
        "  seldinger hours check rota.csv --planned\n\n"
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
        "complete. Every bad row is listed on stderr as FILE:LINE: FIELD: REASON (the\n"
        "header is line 1) and nothing is checked. Finding violations or warnings is\n"
        "not an error: the exit status is 0. Semantics: docs/workhours.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        (checking,) = add_actions(
            parser,
            ("check", "check a CSV of shifts"),
            description=self.help,
            formatter_class=HelpFormatter,
        )
        checking.add_argument(
            "file", help=f"a CSV file with columns {','.join(COLUMNS)} (and optionally {PGY})"
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

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        block_start = parse_date(options["block_start"], "--block-start")
        as_of = parse_date(options["as_of"], "--as-of")
        gap = options["gap_minutes"]
        if gap is not None and gap < 0:
            raise CommandError(f"--gap-minutes: {gap} is negative")
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path}: cannot read ({error.strerror})") from None
        try:
            result = read_shifts(content, name=path.name, limits=import_limits())
        except FileError as error:
            raise CommandError(error.located(str(path))) from None
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
        asked = as_of or dt.date.today()
        found = assess(
            shifts,
            limits,
            block_start=block_start,
            as_of=asked,
            planned=options["planned"],
            pgy1=result.pgy1,
        )
        violations, warnings = found.violations, found.warnings
        if options["format"] == "json":
            write_json(
                self.stdout,
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
                f"exceed a limit in a {limits.averaging_weeks}-week period not over on "
                f"{asked.isoformat()}."
            )
        out = console(self.stdout, width=140)
        if violations:
            out.print(_table(violations))
        if warnings:
            out.print(_warning_table(warnings, asked, limits.averaging_weeks))
        self.stdout.write(summary)


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
