"""Shared pieces of the ``seldinger`` management commands: their base class, options, dates
and output.

The pieces themselves live in ``seldinger.command_line`` (no Django), which the commands
that need no database are built on; here they meet Django's ``CommandError``.
"""

import argparse
import datetime as dt
from typing import Any, ClassVar

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from seldinger import command_line
from seldinger.command_line import (
    CommandFailed,
    add_actions,
    add_dry_run_option,
    add_format_option,
    console,
    table,
    write_json,
)

__all__ = [
    "ProjectCommand",
    "StandaloneCommand",
    "add_actions",
    "add_as_of_option",
    "add_dry_run_option",
    "add_format_option",
    "as_of_date",
    "console",
    "parse_date",
    "table",
    "write_json",
]


class ProjectCommand(BaseCommand):
    """A Seldinger management command.

    It skips Django's system checks: they import the URLconf and every API router, which
    no command needs (``seldinger check`` runs them). A ``CommandFailed`` is a
    ``CommandError``.
    """

    requires_system_checks = []

    def execute(self, *args: Any, **options: Any) -> str | None:
        try:
            return super().execute(*args, **options)
        except CommandFailed as failure:
            raise CommandError(str(failure)) from None


class StandaloneCommand(ProjectCommand):
    """The management command of a command that runs without Django (``command``): the same
    options and the same work, for ``call_command`` and for options that need the database
    (``plan --user``)."""

    command: ClassVar[command_line.Command]

    def add_arguments(self, parser: CommandParser) -> None:
        self.command.add_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        self.command.handle(options, self.stdout, self.stderr)


def parse_date(value: str | None, option: str) -> dt.date | None:
    """The date of an optional YYYY-MM-DD option (None when it is not given), or the error
    that names the option."""
    try:
        return command_line.parse_date(value, option)
    except CommandFailed as failure:
        raise CommandError(str(failure)) from None


def add_as_of_option(parser: argparse.ArgumentParser, help: str) -> None:
    """The ``--as-of`` option: the day a command runs for, today when not given."""
    parser.add_argument("--as-of", dest="as_of", help=help)


def as_of_date(options: dict[str, Any]) -> dt.date:
    """The day the ``--as-of`` option gives, or today."""
    return parse_date(options["as_of"], "--as-of") or timezone.localdate()
