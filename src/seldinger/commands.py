"""Shared pieces of the ``seldinger`` subcommands: their options, dates and output."""

import argparse
import datetime as dt
import json
from collections.abc import Collection, Iterable, Sequence
from typing import IO, Any, cast

from django.core.management.base import CommandError, CommandParser, DjangoHelpFormatter
from rich.console import Console
from rich.table import Table

#: ``--format``: a report for people (the default) or JSON for programs.
OUTPUT_FORMATS = ["text", "json"]


class HelpFormatter(DjangoHelpFormatter, argparse.RawDescriptionHelpFormatter):
    """Django's option order, with the description's line breaks (its examples) kept."""


def add_actions(
    parser: CommandParser, *actions: tuple[str, str], **options: Any
) -> list[CommandParser]:
    """The actions of a command (``seldinger hours check``), each its own subparser.

    ``actions``: (name, help) of each, in the order ``--help`` lists them; the usage line
    names them all (``import|export``). ``options``: what each action's parser takes
    besides (e.g. its own ``description``).
    """
    parser.formatter_class = HelpFormatter
    names = "|".join(name for name, _ in actions)
    subparsers = parser.add_subparsers(dest="action", required=True, metavar=names)
    return [subparsers.add_parser(name, help=help, **options) for name, help in actions]


def add_format_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=OUTPUT_FORMATS, default="text")


def add_dry_run_option(
    parser: argparse.ArgumentParser, help: str = "check and count, save nothing"
) -> None:
    parser.add_argument("--dry-run", action="store_true", help=help)


def to_date(value: str, option: str) -> dt.date:
    """The date a YYYY-MM-DD option names, or the error that names the option."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{option}: {value!r} is not a date; use YYYY-MM-DD") from None


def parse_date(value: str | None, option: str) -> dt.date | None:
    """The date of an optional YYYY-MM-DD option; None when it is not given."""
    return to_date(value, option) if value else None


def write_json(out: Any, data: object) -> None:
    """The ``--format json`` output: ``data`` indented by two spaces."""
    out.write(json.dumps(data, indent=2))


def console(out: Any, width: int) -> Console:
    """A rich console writing to a command's stdout (so tests and pipes see it)."""
    return Console(file=cast(IO[str], out), width=width)


def table(
    title: str,
    columns: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    right: Collection[str] = (),
    **column: Any,
) -> Table:
    """A rich table titled on its left, one column per name, the ``right`` ones right-aligned.

    ``column``: options every column takes (e.g. ``overflow="fold"``).
    """
    result = Table(title=title, title_justify="left")
    for name in columns:
        result.add_column(name, justify="right" if name in right else "left", **column)
    for row in rows:
        result.add_row(*row)
    return result
