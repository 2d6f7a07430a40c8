"""Reading and checking a case-log file (pure core): CSV or XLSX in, a report out.

A file has a header row naming its columns (in any order, any case); the
header is line 1, so a row's line number is what a spreadsheet shows.
``date``, ``procedure``, ``role`` and ``modality`` must be there; the other
case fields (``supervisor``, ``age_band``, the dose columns, ``complication``,
``notes``) may be left out, and columns with any other name are ignored.
Every row is checked with ``entries.validate_case``; valid rows are then
told apart as new or duplicate by fingerprint, with multiplicity: a case that
is twice in the file and once in the log is added once more.

Nothing here touches the database: ``seldinger.caselog.transfer`` reads the
log's fingerprints, calls these functions and saves.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import io
import zipfile
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from seldinger.caselog.catalogue import Catalogue
from seldinger.caselog.entries import FIELDS, REQUIRED, CaseData, FieldError, validate_case
from seldinger.tabular import FileError

#: The columns of an import or export file, in the order an export writes them.
COLUMNS = FIELDS
#: Columns a file must have.
REQUIRED_COLUMNS = REQUIRED
FORMATS = ("csv", "xlsx")
#: Rows checked between two progress reports.
PROGRESS_EVERY = 2000
#: Characters a spreadsheet treats as the start of a formula; exports quote them.
FORMULA_STARTS = ("=", "+", "-", "@")

#: The importers share one file-level error.
ImportFileError = FileError

Progress = Callable[[str, int, int], None]
"""Called as ``progress(stage, done, total)`` while work goes on."""


@dataclass(frozen=True)
class Row:
    """One data row: its line number and its cells as text."""

    line: int
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A file's header (as written) and its non-blank data rows."""

    header: tuple[str, ...]
    rows: list[Row]
    #: Case field name -> position of its column.
    index: dict[str, int]


@dataclass(frozen=True)
class RowError:
    line: int
    field: str
    message: str

    def located(self, name: str) -> str:
        return f"{name}:{self.line}: {self.field}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {"line": self.line, "field": self.field, "message": self.message}


@dataclass(frozen=True)
class ValidCase:
    line: int
    data: CaseData
    fingerprint: str


@dataclass
class CheckedRows:
    """Every row of a table checked: the valid cases and every error, by line."""

    valid: list[ValidCase] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    invalid_lines: list[int] = field(default_factory=list)


@dataclass
class ImportReport:
    """What an import found and did; the same for the CLI, the web and the API."""

    source: str
    trainee: str
    rows: int = 0
    new: int = 0
    duplicate: int = 0
    invalid: int = 0
    saved: int = 0
    dry_run: bool = False
    skip_invalid: bool = False
    errors: list[RowError] = field(default_factory=list)
    rejected_file: str | None = None

    @property
    def blocked(self) -> bool:
        """Nothing may be saved: there are invalid rows and they are not to be skipped."""
        return self.invalid > 0 and not self.skip_invalid

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "trainee": self.trainee,
            "rows": self.rows,
            "new": self.new,
            "duplicate": self.duplicate,
            "invalid": self.invalid,
            "saved": self.saved,
            "dry_run": self.dry_run,
            "skip_invalid": self.skip_invalid,
            "errors": [error.as_dict() for error in self.errors],
            "rejected_file": self.rejected_file,
        }


# Reading ---------------------------------------------------------------------------------


def file_format(name: str) -> str:
    """``csv`` or ``xlsx`` from a file name; ImportFileError for anything else."""
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in FORMATS:
        raise ImportFileError(
            f"{name or 'the file'} is not a CSV or XLSX file (expected a .csv or .xlsx name)"
        )
    return suffix


def read_table(content: bytes, *, name: str) -> Table:
    """The header and rows of a CSV or XLSX file, by the file name's extension."""
    lines = _xlsx_lines(content) if file_format(name) == "xlsx" else _csv_lines(_decode(content))
    return _table(lines)


def _decode(content: bytes) -> str:
    if content.startswith(b"PK\x03\x04"):
        raise ImportFileError("this is a ZIP or XLSX file, not CSV text; name it .xlsx")
    if b"\x00" in content[:8192]:
        raise ImportFileError("this is a binary file, not CSV text")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        # What spreadsheet programs on Windows save as "CSV".
        return content.decode("cp1252")
    except UnicodeDecodeError:
        raise ImportFileError("the file is not UTF-8 text") from None


def _csv_lines(text: str) -> Iterator[tuple[int, list[str]]]:
    first_line = text.split("\n", 1)[0]
    delimiter = ","
    if "," not in first_line:
        delimiter = ";" if ";" in first_line else "\t" if "\t" in first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    start = 1
    try:
        for cells in reader:
            yield start, cells
            start = reader.line_num + 1
    except csv.Error as error:
        raise ImportFileError(f"not readable as CSV: {error}", line=start) from None


def _xlsx_lines(content: bytes) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook  # imported here: CSV imports never pay for it

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise ImportFileError(f"not readable as an XLSX workbook ({error})") from None
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            return
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [cell_text(value) for value in values]
    finally:
        workbook.close()


def cell_text(value: object) -> str:
    """A spreadsheet cell as the text a CSV file would hold."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()  # a case date; any time of day is dropped
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def normalise_column(name: str) -> str:
    return "_".join(name.strip().lower().replace("-", " ").split())


def _table(lines: Iterable[tuple[int, list[str]]]) -> Table:
    header: tuple[str, ...] | None = None
    index: dict[str, int] = {}
    rows: list[Row] = []
    for line, cells in lines:
        joined = "".join(cells)
        if not joined.strip():
            continue  # blank lines and empty spreadsheet rows are no cases
        if header is None:
            header = tuple(cell.strip() for cell in cells)
            index = _header_index(header, line)
            continue
        if "'" in joined:
            cells = [_unquote(cell) for cell in cells]
        rows.append(Row(line=line, cells=tuple(cells)))
    if header is None:
        raise ImportFileError(
            f"the file is empty; it needs a header row naming the columns ({', '.join(COLUMNS)})"
        )
    return Table(header=header, rows=rows, index=index)


def _header_index(header: tuple[str, ...], line: int) -> dict[str, int]:
    index: dict[str, int] = {}
    for position, title in enumerate(header):
        name = normalise_column(title)
        if name not in COLUMNS:
            continue  # other columns are ignored
        if name in index:
            raise ImportFileError(f"column {name!r} appears twice in the header", line=line)
        index[name] = position
    missing = [name for name in REQUIRED_COLUMNS if name not in index]
    if missing:
        names = ", ".join(repr(name) for name in missing)
        raise ImportFileError(
            f"missing column{'s' if len(missing) > 1 else ''} {names}; the header row needs "
            f"{', '.join(REQUIRED_COLUMNS)} and may have {', '.join(_optional_columns())}",
            line=line,
        )
    return index


def _optional_columns() -> list[str]:
    return [name for name in COLUMNS if name not in REQUIRED_COLUMNS]


def _unquote(cell: str) -> str:
    """Undo the quote an export puts before a cell that a spreadsheet would run as a formula."""
    if len(cell) > 1 and cell[0] == "'" and cell[1] in FORMULA_STARTS:
        return cell[1:]
    return cell


def quote_formula(text: str) -> str:
    """Text made safe for a spreadsheet to open: no cell starts as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


# Checking --------------------------------------------------------------------------------

_FINGERPRINT_FIELDS = tuple(sorted(item.name for item in dataclasses.fields(CaseData)))


def case_fingerprint(trainee_id: int, case: CaseData) -> str:
    """``entries.fingerprint`` without ``dataclasses.asdict``: same value, a fifth of the time."""
    text = "|".join(
        [str(trainee_id), *(f"{name}={getattr(case, name)!s}" for name in _FINGERPRINT_FIELDS)]
    )
    return hashlib.sha256(text.encode()).hexdigest()


def check_rows(
    table: Table,
    *,
    trainee_id: int,
    catalogue: Catalogue,
    supervisors: Collection[str],
    today: dt.date,
    progress: Progress | None = None,
) -> CheckedRows:
    """Validate every row; collect the clean cases with their fingerprints and every error."""
    checked = CheckedRows()
    supervisor_names = frozenset(supervisors)
    total = len(table.rows)
    names = tuple(table.index)
    cells_of = itemgetter(*table.index.values())
    width = max(table.index.values()) + 1
    for count, row in enumerate(table.rows, start=1):
        cells = row.cells
        if len(cells) < width:
            cells = cells + ("",) * (width - len(cells))
        data, errors = validate_case(
            # The index always holds the required columns, so itemgetter gives a tuple.
            dict(zip(names, cells_of(cells), strict=True)),
            catalogue=catalogue,
            supervisors=supervisor_names,
            today=today,
        )
        if data is None:
            checked.invalid_lines.append(row.line)
            checked.errors.extend(_row_errors(row.line, errors))
        else:
            checked.valid.append(ValidCase(row.line, data, case_fingerprint(trainee_id, data)))
        if progress is not None and (count % PROGRESS_EVERY == 0 or count == total):
            progress("checking", count, total)
    return checked


def _row_errors(line: int, errors: list[FieldError]) -> Iterator[RowError]:
    for error in errors:
        yield RowError(line=line, field=error.field, message=error.message)


def split_new(
    valid: list[ValidCase], existing: Mapping[str, int]
) -> tuple[list[ValidCase], list[ValidCase]]:
    """(new, duplicate): each case already in the log matches at most one row of the file."""
    remaining = Counter(existing)
    new: list[ValidCase] = []
    duplicate: list[ValidCase] = []
    for case in valid:
        if remaining[case.fingerprint] > 0:
            remaining[case.fingerprint] -= 1
            duplicate.append(case)
        else:
            new.append(case)
    return new, duplicate


def rejected_csv(table: Table, errors: list[RowError]) -> str:
    """The invalid rows as CSV: the file's own columns, then ``line`` and ``reason``."""
    reasons: dict[int, list[str]] = {}
    for error in errors:
        reasons.setdefault(error.line, []).append(f"{error.field}: {error.message}")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*table.header, "line", "reason"])
    width = len(table.header)
    for row in table.rows:
        if row.line in reasons:
            cells = [*row.cells[:width], *[""] * (width - len(row.cells))]
            writer.writerow(
                [*(quote_formula(cell) for cell in cells), row.line, "; ".join(reasons[row.line])]
            )
    return out.getvalue()


def rejected_name(name: str) -> str:
    """``cases.csv`` -> ``cases.rejected.csv`` (also for an XLSX input)."""
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return f"{stem}.rejected.csv"
