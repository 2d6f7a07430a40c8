"""The pieces every ``seldinger`` subcommand shares: dates and tables."""

import datetime as dt

import pytest
from django.core.management.base import CommandError, CommandParser

from seldinger.commands import add_actions, parse_date, table


def test_an_option_left_out_or_empty_names_no_date():
    assert parse_date(None, "--as-of") is None
    assert parse_date("", "--as-of") is None
    assert parse_date("2026-06-30", "--as-of") == dt.date(2026, 6, 30)


def test_a_bad_date_is_refused_naming_the_option():
    with pytest.raises(CommandError, match=r"^--from: '2026-13-01' is not a date; use YYYY-MM-DD$"):
        parse_date("2026-13-01", "--from")


def test_a_table_right_aligns_the_columns_asked():
    built = table("Cases", ("Category", "Cases"), [("Embolization", "12")], right={"Cases"})

    assert built.title == "Cases"
    assert [column.justify for column in built.columns] == ["left", "right"]
    assert built.row_count == 1


def test_a_commands_actions_are_named_once_for_the_usage_line_and_their_parsers():
    parser = CommandParser(prog="seldinger programs")
    importing, exporting = add_actions(
        parser, ("import", "read a file"), ("export", "write a file"), description="Both."
    )

    assert importing.prog == "seldinger programs import"
    assert exporting.description == "Both."
    assert "import|export" in parser.format_usage()
    assert parser.parse_args(["export"]).action == "export"
