"""Programs as CSV: reading and checking a file's cells, and writing an export.

A file has a header row (line 1) naming its columns, in any order and any
case; ``REQUIRED_COLUMNS`` must be there, any other column of ``COLUMNS``
may be, and an unknown column is an error (a misspelt column would otherwise
be dropped without a word). A row's line number is the one a spreadsheet
shows. Blank cells mean "not reported" (positions: 0). Yes/no columns take
yes, no, true, false, y, n, 1 or 0; choice columns take the key or the label.

Every error names its line and column, ready to print as
``programs.csv:7: positions_advanced: 'x' is not a whole number``. This module
only converts cells: ``seldinger.programs.services.import_programs`` checks the
converted rows against the model and saves them, all or nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from seldinger import tabular
from seldinger.programs.models import STATE_CODES, Program
from seldinger.tabular import DEFAULT_LIMITS, Limits, RowError

TRUE_WORDS = frozenset({"yes", "y", "true", "1"})
FALSE_WORDS = frozenset({"no", "n", "false", "0"})

#: Column -> type: text, int, bool, choice, state.
COLUMN_TYPES: dict[str, str] = {
    "acgme_id": "text",
    "name": "text",
    "kind": "choice",
    "institution": "text",
    "city": "text",
    "state": "state",
    "accreditation_status": "choice",
    "positions_categorical": "int",
    "positions_advanced": "int",
    "positions_preliminary": "int",
    "positions_physician": "int",
    "annual_case_volume": "int",
    "mix_vascular_pct": "int",
    "mix_oncologic_pct": "int",
    "mix_neuro_pct": "int",
    "mix_pediatric_pct": "int",
    "faculty_count": "int",
    "publications_per_year": "int",
    "research_rotation": "bool",
    "icu_rotation": "bool",
    "call_schedule": "text",
    **{f"salary_pgy{year}": "int" for year in range(1, 8)},
    "benefits": "text",
    "interview_format": "choice",
    "contact_name": "text",
    "contact_email": "text",
    "contact_phone": "text",
    "website": "text",
    "is_synthetic": "bool",
}
#: The columns, in the order an export writes them.
COLUMNS: tuple[str, ...] = tuple(COLUMN_TYPES)
REQUIRED_COLUMNS: tuple[str, ...] = ("acgme_id", "name", "kind", "institution", "city", "state")
PROGRAM_COLUMNS = tabular.Columns(names=COLUMNS, required=REQUIRED_COLUMNS, refuse_unknown=True)
#: Columns whose blank cell means 0 rather than "not reported".
ZERO_WHEN_BLANK = frozenset(
    {"positions_categorical", "positions_advanced", "positions_preliminary", "positions_physician"}
)
#: Columns whose blank cell means "no".
FALSE_WHEN_BLANK = frozenset({"is_synthetic"})


def _choices(column: str) -> list[tuple[str, str]]:
    model_field = Program._meta.get_field(column)
    choices = getattr(model_field, "choices", None) or ()
    return [(str(key), str(label)) for key, label in choices]


@dataclass
class ParsedRow:
    line: int
    #: Column -> converted value, for the columns the file has (and that converted).
    values: dict[str, Any]


@dataclass
class ParsedFile:
    columns: tuple[str, ...]
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def convert(column: str, raw: str) -> Any:
    """One cell's value; ValueError with the message for the user when it is not valid."""
    kind = COLUMN_TYPES[column]
    cell = raw.strip()
    if kind == "text":
        return cell
    if not cell:
        if column in ZERO_WHEN_BLANK:
            return 0
        if column in FALSE_WHEN_BLANK:
            return False
        return None if kind in ("int", "bool") else ""
    if kind == "int":
        digits = cell.replace(",", "").replace("_", "")
        if not digits.isdigit() or not digits.isascii():
            raise ValueError(f"{raw!r} is not a whole number")
        return int(digits)
    if kind == "bool":
        word = cell.lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise ValueError(f"{raw!r} is not yes or no")
    if kind == "state":
        code = cell.upper()
        if code not in STATE_CODES:
            raise ValueError(f"{raw!r} is not a US state code (two letters, like MN)")
        return code
    choices = _choices(column)
    for key, label in choices:
        if cell.lower() in (key.lower(), label.lower()):
            return key
    raise ValueError(f"{raw!r} is not one of {', '.join(key for key, _ in choices)}")


def _table(content: bytes | str, name: str, limits: Limits) -> tabular.Table:
    return tabular.read_table(
        content, name=name, columns=PROGRAM_COLUMNS, limits=limits, fmt="csv", legacy_encoding=False
    )


def scan(
    content: bytes | str, *, name: str = "programs.csv", limits: Limits = DEFAULT_LIMITS
) -> int:
    """Read the file as an import would, converting nothing: its number of data rows (a
    FileError when the header is wrong or the file too long)."""
    table = _table(content, name, limits)
    for _ in table.rows:
        pass
    return table.count


def parse(
    content: bytes | str, *, name: str = "programs.csv", limits: Limits = DEFAULT_LIMITS
) -> ParsedFile:
    """Convert every cell; a FileError when the header is wrong, RowErrors for bad cells."""
    table = _table(content, name, limits)
    names = [tabular.normalise_column(title) for title in table.header]
    parsed = ParsedFile(columns=tuple(names))
    seen: dict[str, int] = {}
    for row in table.rows:
        line, cells = row.line, list(row.cells)
        if len(cells) > len(names):
            parsed.errors.append(
                RowError(line, "row", f"{len(cells)} cells but {len(names)} columns")
            )
            continue
        cells = cells + [""] * (len(names) - len(cells))
        values: dict[str, Any] = {}
        for column, raw in zip(names, cells, strict=True):
            try:
                values[column] = convert(column, raw)
            except ValueError as error:
                parsed.errors.append(RowError(line, column, str(error)))
        for column in REQUIRED_COLUMNS:
            if column in values and values[column] in ("", None):
                parsed.errors.append(RowError(line, column, "required"))
        acgme_id = values.get("acgme_id")
        if acgme_id:
            if acgme_id in seen:
                parsed.errors.append(
                    RowError(line, "acgme_id", f"{acgme_id!r} is also on line {seen[acgme_id]}")
                )
            else:
                seen[acgme_id] = line
        parsed.rows.append(ParsedRow(line, values))
    return parsed


def export_cell(column: str, value: Any) -> str:
    if value is None:
        return ""
    if COLUMN_TYPES[column] == "bool":
        return "yes" if value else "no"
    return str(value)


def export_csv(programs: Iterable[Program]) -> str:
    """Every program with every column, ready to import again."""
    return tabular.csv_text(
        COLUMNS,
        (
            [export_cell(column, getattr(program, column)) for column in COLUMNS]
            for program in programs
        ),
        line_end="\n",
    )
