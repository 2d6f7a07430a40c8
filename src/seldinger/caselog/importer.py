"""Reading and checking a case-log file (pure core): CSV or XLSX in, a report out.

A file has a header row naming its columns (in any order, any case); the
header is line 1, so a row's line number is what a spreadsheet shows.
``date``, ``procedure``, ``role`` and ``modality`` must be there; the other
case fields (``supervisor``, ``age_band``, the dose columns, ``complication``,
``notes``) may be left out, and columns with any other name are ignored.
Every row is checked as ``entries.validate_case`` checks a case, by one
``entries.CaseChecker`` for the whole file (each distinct cell of a column is
checked once); valid rows are then told apart as new or duplicate by
fingerprint, with multiplicity: a case that is twice in the file and once in
the log is added once more.

Nothing here touches the database: ``seldinger.caselog.transfer_import`` reads the
log's fingerprints, calls these functions and saves.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field
from operator import attrgetter, itemgetter
from typing import Any, NamedTuple

from seldinger import tabular
from seldinger.caselog.catalogue import Catalogue
from seldinger.caselog.cpt import Ambiguous
from seldinger.caselog.entries import CHECKED, CaseChecker, CaseData, FieldError
from seldinger.caselog.fields import NAMES, REQUIRED
from seldinger.tabular import DEFAULT_LIMITS, FileError, Limits, Row, RowError, Table

#: The columns of an import or export file, in the order an export writes them.
COLUMNS = NAMES
#: Columns a file must have.
REQUIRED_COLUMNS = REQUIRED
CASE_COLUMNS = tabular.Columns(names=COLUMNS, required=REQUIRED_COLUMNS)
#: Rows checked between two progress reports.
PROGRESS_EVERY = 2000

#: The importers share one file-level error.
ImportFileError = FileError

Progress = Callable[[str, int, int | None], None]
"""Called as ``progress(stage, done, total)`` while work goes on; total None while unknown."""
#: What each stage is called where people see it.
STAGES = {"checking": "Checking rows", "saving": "Saving cases"}

__all__ = ["ImportFileError", "Row", "RowError", "Table"]


class ValidCase(NamedTuple):
    """A valid row: its line, its case's values and fingerprint (one per row of a file)."""

    line: int
    #: The case's values, in the order of ``CaseData``'s fields.
    values: tuple[Any, ...]
    fingerprint: str

    @property
    def data(self) -> CaseData:
        return CaseData(*self.values)


@dataclass
class CheckedRows:
    """Every row of a table checked: the valid cases and every error, by line."""

    valid: list[ValidCase] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    #: The invalid rows as the file has them, for the rejected-rows file.
    invalid: list[Row] = field(default_factory=list)
    rows: int = 0

    @property
    def invalid_lines(self) -> list[int]:
        return [row.line for row in self.invalid]


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
    #: Rows whose CPT code names several procedures, with the procedure chosen (if any).
    ambiguous: list[Ambiguous] = field(default_factory=list)
    #: Columns dropped because they identify a patient (by their titles).
    dropped_identifiers: list[str] = field(default_factory=list)

    def unchosen(self) -> dict[str, list[int]]:
        """Code -> the lines of its rows still waiting for a procedure to be chosen."""
        waiting: dict[str, list[int]] = {}
        for row in self.ambiguous:
            if not row.chosen:
                waiting.setdefault(row.code, []).append(row.line)
        return waiting

    @property
    def blocked(self) -> bool:
        """Nothing may be saved: there are invalid rows and they are not to be skipped."""
        return self.invalid > 0 and not self.skip_invalid

    def blocked_message(self) -> str:
        invalid = f"{self.invalid} row{'s are' if self.invalid != 1 else ' is'} invalid"
        return f"Nothing imported: {invalid}."

    def saved_message(self, whose: str) -> str:
        """What was saved, into ``whose`` log ("your log", "the log of resident1")."""
        skipped = f", {self.invalid} invalid skipped" if self.invalid else ""
        return (
            f"Imported {self.saved:,} case{'s' if self.saved != 1 else ''} into {whose} "
            f"({self.duplicate:,} already there{skipped})."
        )

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
            "ambiguous": [
                {"line": row.line, "field": "procedure", "code": row.code, "chosen": row.chosen}
                for row in self.ambiguous
            ],
            "dropped_identifiers": list(self.dropped_identifiers),
        }


# Reading ---------------------------------------------------------------------------------


def file_format(name: str) -> str:
    """``csv`` or ``xlsx`` from a file name; ImportFileError for anything else."""
    return tabular.file_format(name)


def read_table(content: bytes, *, name: str, limits: Limits = DEFAULT_LIMITS) -> Table:
    """The header of a CSV or XLSX file (by the file name's extension) and its rows, streamed."""
    return tabular.read_table(content, name=name, columns=CASE_COLUMNS, limits=limits)


#: Any header: a file whose columns are still to be mapped (``columns``).
ANY_COLUMNS = tabular.Columns(names=(), required=())


def read_source(content: bytes, *, name: str, limits: Limits = DEFAULT_LIMITS) -> Table:
    """A file with any header, its columns not yet mapped to a case's fields."""
    return tabular.read_table(content, name=name, columns=ANY_COLUMNS, limits=limits)


def scan(
    content: bytes, *, name: str, limits: Limits = DEFAULT_LIMITS, any_header: bool = False
) -> int:
    """Read the whole file as an import would, keeping nothing: its number of data rows.
    ``any_header``: the columns are mapped later, so the header is not checked."""
    reader = read_source if any_header else read_table
    table = reader(content, name=name, limits=limits)
    for _ in table.rows:
        pass
    return table.count


# Checking --------------------------------------------------------------------------------

#: ``entries.fingerprint``'s text as one template: the trainee, then each field of the case
#: as ``name=value``, by name.
_FIELDS = tuple(CaseData.__dataclass_fields__)
_FINGERPRINTED = sorted(_FIELDS)
_FINGERPRINT_TEXT = "|".join(["%s", *(f"{name}=%s" for name in _FINGERPRINTED)])
_fingerprinted = itemgetter(*(_FIELDS.index(name) for name in _FINGERPRINTED))
#: A case's values in the order of its fields (``ValidCase.values``).
data_values = attrgetter(*_FIELDS)


def case_fingerprint(trainee_id: int, case: CaseData) -> str:
    """``entries.fingerprint`` without ``dataclasses.asdict``: the same value, in one pass."""
    text = _FINGERPRINT_TEXT % (trainee_id, *_fingerprinted(data_values(case)))
    return hashlib.sha256(text.encode()).hexdigest()


def check_rows(
    table: Table,
    *,
    trainee_id: int,
    catalogue: Catalogue,
    supervisors: Collection[str],
    today: dt.date,
    progress: Progress | None = None,
    total: int | None = None,
) -> CheckedRows:
    """Validate every row as it is read; collect the clean cases and every error.

    ``total`` is the number of rows when known beforehand (for progress reports).
    """
    checked = CheckedRows()
    checked.valid.extend(
        check_each(
            table,
            checked,
            trainee_id=trainee_id,
            catalogue=catalogue,
            supervisors=supervisors,
            today=today,
            progress=progress,
            total=total,
        )
    )
    return checked


def check_each(
    table: Table,
    checked: CheckedRows,
    *,
    trainee_id: int,
    catalogue: Catalogue,
    supervisors: Collection[str],
    today: dt.date,
    progress: Progress | None = None,
    total: int | None = None,
) -> Iterator[ValidCase]:
    """``check_rows`` as the rows come: each valid case as it is found, every invalid row
    and error added to ``checked`` (its ``valid`` left to the caller), and ``checked.rows``
    set once the table is read."""
    checker = CaseChecker(catalogue=catalogue, supervisors=supervisors, today=today)
    width = max(table.index.values()) + 1
    # A column the file lacks reads as an empty cell put after the columns read.
    texts_of = itemgetter(*(table.index.get(name, width) for name in CHECKED))
    absent = not set(CHECKED) <= table.index.keys()
    blank = ("",) * (width + 1)
    sha256 = hashlib.sha256
    count = 0
    for count, row in enumerate(table.rows, start=1):
        cells = row.cells
        if absent or len(cells) < width:
            cells = cells[:width] + blank[min(len(cells), width) :]
        values, errors = checker.values(texts_of(cells))
        if values is None:
            checked.invalid.append(row)
            checked.errors.extend(_row_errors(row.line, errors))
        else:
            text = _FINGERPRINT_TEXT % (trainee_id, *_fingerprinted(values))
            yield ValidCase(row.line, values, sha256(text.encode()).hexdigest())
        if progress is not None and count % PROGRESS_EVERY == 0 and count != total:
            progress("checking", count, total)
    checked.rows = count
    if progress is not None and count:
        progress("checking", count, count)


def _row_errors(line: int, errors: list[FieldError]) -> Iterator[RowError]:
    for error in errors:
        yield RowError(line=line, field=error.field, message=error.message)


def split_new(
    valid: list[ValidCase], existing: Mapping[str, int]
) -> tuple[list[ValidCase], list[ValidCase]]:
    """(new, duplicate): each case already in the log matches at most one row of the file."""
    logged = Logged(existing)
    new: list[ValidCase] = []
    duplicate: list[ValidCase] = []
    for case in valid:
        (duplicate if logged.take(case) else new).append(case)
    return new, duplicate


class Logged:
    """The cases already in the log, by fingerprint, each matching at most one row."""

    def __init__(self, existing: Mapping[str, int]) -> None:
        self.remaining = dict(existing)

    def take(self, case: ValidCase) -> bool:
        """Whether ``case`` is a duplicate (of a logged case no earlier row matched)."""
        left = self.remaining.get(case.fingerprint)
        if left:
            self.remaining[case.fingerprint] = left - 1
            return True
        return False


def rejected_csv(header: tuple[str, ...], invalid: list[Row], errors: list[RowError]) -> str:
    """The invalid rows as CSV: the file's own columns, then ``line`` and ``reason``."""
    reasons: dict[int, list[str]] = {}
    for error in errors:
        reasons.setdefault(error.line, []).append(f"{error.field}: {error.message}")
    width = len(header)
    return tabular.csv_text(
        [*header, "line", "reason"],
        (
            [
                *row.cells[:width],
                *[""] * (width - len(row.cells)),
                row.line,
                "; ".join(reasons[row.line]),
            ]
            for row in invalid
        ),
        line_end="\n",
    )


def rejected_name(name: str) -> str:
    """``cases.csv`` -> ``cases.rejected.csv`` (also for an XLSX input)."""
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return f"{stem}.rejected.csv"
