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

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from seldinger.programs.models import STATE_CODES, Program
from seldinger.tabular import FileError

#: Characters a spreadsheet treats as the start of a formula; exports quote them.
FORMULA_STARTS = ("=", "+", "-", "@")
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


@dataclass(frozen=True)
class RowError:
    line: int
    field: str
    message: str

    def located(self, name: str) -> str:
        return f"{name}:{self.line}: {self.field}: {self.message}"


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


def _unquote(cell: str) -> str:
    """Undo the quote an export puts before a cell that a spreadsheet would run as a formula."""
    if len(cell) > 1 and cell[0] == "'" and cell[1] in FORMULA_STARTS:
        return cell[1:]
    return cell


def quote_formula(text: str) -> str:
    """Quote text a spreadsheet would run as a formula (undone by an import)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def convert(column: str, raw: str) -> Any:
    """One cell's value; ValueError with the message for the user when it is not valid."""
    kind = COLUMN_TYPES[column]
    cell = raw.strip()
    if kind == "text":
        return _unquote(cell)
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


def _decode(content: bytes | str) -> str:
    if isinstance(content, str):
        return content.removeprefix("\ufeff")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileError("not a UTF-8 text file (save it as CSV UTF-8)") from None


def parse(content: bytes | str) -> ParsedFile:
    """Convert every cell; a FileError when the header is wrong, RowErrors for bad cells."""
    reader = csv.reader(io.StringIO(_decode(content), newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise FileError("the file is empty; it needs a header row") from None
    except csv.Error as error:
        raise FileError(f"not a readable CSV file ({error})", line=1) from None
    names = [cell.strip().lower() for cell in header]
    unknown = [raw for raw, name in zip(header, names, strict=True) if name not in COLUMN_TYPES]
    if unknown:
        raise FileError(
            f"unknown column {unknown[0].strip()!r} (the columns are {', '.join(COLUMNS)})",
            line=1,
        )
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise FileError(f"column {repeated[0]!r} appears twice", line=1)
    missing = [column for column in REQUIRED_COLUMNS if column not in names]
    if missing:
        raise FileError(f"missing column {missing[0]!r}", line=1)

    parsed = ParsedFile(columns=tuple(names))
    seen: dict[str, int] = {}
    try:
        for line, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) > len(names):
                parsed.errors.append(
                    RowError(line, "row", f"{len(cells)} cells but {len(names)} columns")
                )
                continue
            cells = cells + [""] * (len(names) - len(cells))
            values: dict[str, Any] = {}
            for name, raw in zip(names, cells, strict=True):
                try:
                    values[name] = convert(name, raw)
                except ValueError as error:
                    parsed.errors.append(RowError(line, name, str(error)))
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
    except csv.Error as error:
        raise FileError(f"not a readable CSV file ({error})") from None
    return parsed


def export_cell(column: str, value: Any) -> str:
    if value is None:
        return ""
    kind = COLUMN_TYPES[column]
    if kind == "bool":
        return "yes" if value else "no"
    if kind == "text":
        return quote_formula(str(value))
    return str(value)


def export_csv(programs: Iterable[Program]) -> str:
    """Every program with every column, ready to import again."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for program in programs:
        writer.writerow([export_cell(column, getattr(program, column)) for column in COLUMNS])
    return out.getvalue()
