"""The ``seldinger`` subcommands' shared pieces that need no Django: options, dates, output.

The commands that need no database (``match``, ``hours``, ``plan`` without ``--user``) are
each one ``Command`` here: their options, their work and their output live in modules that
import no Django (an import contract holds it), so they start at once. ``seldinger.cli``
runs them directly; their management command (``seldinger.commands.StandaloneCommand``)
takes the same options and does the same work, for ``call_command`` and the database.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any, Protocol, TextIO, cast

from seldinger.environment import use_time_zone

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

#: ``--format``: a report for people (the default) or JSON for programs.
OUTPUT_FORMATS = ["text", "json"]
#: The options Django gives every management command; ``--help`` lists them last, as Django does.
DJANGO_OPTIONS = {
    "--version",
    "--verbosity",
    "--traceback",
    "--settings",
    "--pythonpath",
    "--no-color",
    "--force-color",
    "--skip-checks",
}


class CommandFailed(Exception):
    """What stops a command: ``CommandError: <message>`` on stderr and exit status 1."""


class Writer(Protocol):
    """A command's stdout or stderr: ``Output`` here, Django's ``OutputWrapper`` there."""

    def write(self, text: str, /) -> object: ...


class Output:
    """A stream written as Django's management commands write: each write ends a line, and
    stderr is bold red on a terminal."""

    def __init__(self, stream: TextIO, *, error: bool = False) -> None:
        self._stream = stream
        self._error = error and stream.isatty()

    def write(self, text: str = "") -> None:
        if not text.endswith("\n"):
            text += "\n"
        self._stream.write(f"\x1b[31;1m{text}\x1b[0m" if self._error else text)

    def __getattr__(self, name: str) -> Any:  # flush, isatty, encoding: rich asks for them
        return getattr(self._stream, name)


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Django's option order (its own options last), with the description's line breaks (its
    examples) kept."""

    def _reordered(self, actions: Iterable[argparse.Action]) -> list[argparse.Action]:
        return sorted(actions, key=lambda action: bool(DJANGO_OPTIONS & {*action.option_strings}))

    def add_usage(
        self, usage: str | None, actions: Iterable[argparse.Action], *args: Any, **kwargs: Any
    ) -> None:
        super().add_usage(usage, self._reordered(actions), *args, **kwargs)

    def add_arguments(self, actions: Iterable[argparse.Action]) -> None:
        super().add_arguments(self._reordered(actions))


Options = dict[str, Any]

#: The option ``Command.run`` (the console script) adds and a management command never has:
#: the command may end the process once its output is written (``exit_when_done``).
EXIT_WHEN_DONE = "exit_when_done"


def exit_when_done(options: Options) -> None:
    """In the console script, end the process with status 0 now that the output is written
    and flushed, without the interpreter's teardown: freeing the millions of objects of a
    national match one by one costs a tenth of its run. Under ``call_command`` (tests, the
    management command) nothing happens."""
    if options.get(EXIT_WHEN_DONE):
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)


def _no_database(options: Options) -> bool:
    return False


@dataclass(frozen=True)
class Command:
    """A ``seldinger`` subcommand that runs without Django.

    ``handle(options, stdout, stderr)`` does the work and raises ``CommandFailed`` to stop;
    ``needs_database(options)``: whether these options need the database after all (then the
    management command of the same name runs them).
    """

    name: str
    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    handle: Callable[[Options, Writer, Writer], None]
    needs_database: Callable[[Options], bool] = _no_database

    def parser(self) -> argparse.ArgumentParser:
        """The parser ``seldinger NAME`` reads its arguments with (as Django would name it)."""
        parser = argparse.ArgumentParser(prog=f"seldinger {self.name}", description=self.help)
        self.add_arguments(parser)
        return parser

    def run(self, arguments: list[str]) -> bool:
        """Run as ``seldinger NAME ARGUMENTS``; False (nothing done) when they need the database."""
        parser = self.parser()
        parsed, unknown = parser.parse_known_args(arguments)
        options = vars(parsed)
        if self.needs_database(options):
            return False
        if unknown:
            parser.error(f"unrecognized arguments: {' '.join(unknown)}")
        options[EXIT_WHEN_DONE] = True
        use_time_zone()
        stderr = Output(sys.stderr, error=True)
        try:
            self.handle(options, Output(sys.stdout), stderr)
        except CommandFailed as failure:
            stderr.write(f"CommandError: {failure}")
            sys.exit(1)
        return True


def add_actions(
    parser: argparse.ArgumentParser, *actions: tuple[str, str], **options: Any
) -> list[argparse.ArgumentParser]:
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
    """The date a YYYY-MM-DD option names, or the failure that names the option."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandFailed(f"{option}: {value!r} is not a date; use YYYY-MM-DD") from None


def parse_date(value: str | None, option: str) -> dt.date | None:
    """The date of an optional YYYY-MM-DD option; None when it is not given."""
    return to_date(value, option) if value else None


def write_json(out: Writer, data: object) -> None:
    """The ``--format json`` output: ``data`` indented by two spaces."""
    out.write(json.dumps(data, indent=2))


# rich is imported only by the commands that print a table, not for --help or JSON.


def console(out: Writer, width: int) -> Console:
    """A rich console writing to a command's stdout (so tests and pipes see it)."""
    from rich.console import Console

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
    from rich.table import Table

    result = Table(title=title, title_justify="left")
    for name in columns:
        result.add_column(name, justify="right" if name in right else "left", **column)
    for row in rows:
        result.add_row(*row)
    return result
