"""Tables in and out (pure core): the one CSV/XLSX reader and writer of every import and export.

Reading streams: ``read_table`` checks the header at once and hands back the
data rows as an iterator, so a file is checked row by row and never held as a
list of rows. A file with more than ``Limits.max_rows`` data rows, or an XLSX
workbook that would unpack to more than ``Limits.max_xlsx_bytes``, is refused
with a ``FileError`` naming what is wrong (the callers pass the limits from
the settings ``SELDINGER_MAX_IMPORT_ROWS`` and ``SELDINGER_MAX_XLSX_BYTES``). In a
workbook every row counts, blank ones too, and its rows are counted before openpyxl
opens it: a few hundred kilobytes may hold millions of blank rows.
Line numbers are what a text editor shows for CSV (a row's first physical
line; the header is line 1) and the row number for XLSX.

Writing quotes every text cell a spreadsheet would run as a formula (CSV
injection); reading undoes that quote, so an export imports again unchanged.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from xml.etree.ElementTree import ParseError

from seldinger.errors import ErrorItem, Invalid

FORMATS = ("csv", "xlsx")
#: Characters a spreadsheet treats as the start of a formula; written cells starting so are quoted.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: Data rows one file may have, unless the caller says otherwise.
MAX_ROWS = 200_000
#: What an XLSX workbook may unpack to, unless the caller says otherwise.
MAX_XLSX_BYTES = 256 * 1024 * 1024
#: Columns an XLSX row may reach (a cell far right would widen every row read to it).
MAX_XLSX_COLUMNS = 100
_CHUNK = 1 << 20

Cell = str | int | float | Decimal | None


class FileError(Invalid):
    """The file as a whole cannot be read (wrong type, unreadable, too large, bad header)."""

    def __init__(self, message: str, *, line: int | None = None) -> None:
        super().__init__(message, errors=[ErrorItem("file", message, line)])
        self.line = line

    def located(self, name: str) -> str:
        return f"{name}:{self.line}: {self.message}" if self.line else f"{name}: {self.message}"


@dataclass(frozen=True)
class RowError:
    """One problem with one field of one row; ``located`` names the file."""

    line: int
    field: str
    message: str

    def located(self, name: str) -> str:
        return f"{name}:{self.line}: {self.field}: {self.message}"

    def as_dict(self) -> dict[str, int | str]:
        return {"line": self.line, "field": self.field, "message": self.message}


@dataclass(frozen=True)
class Limits:
    max_rows: int = MAX_ROWS
    max_xlsx_bytes: int = MAX_XLSX_BYTES


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class Columns:
    """The columns a file may have: ``names`` in the order an export writes them."""

    names: tuple[str, ...]
    required: tuple[str, ...]
    #: Refuse a column not in ``names`` (a misspelt column would otherwise be dropped unseen).
    refuse_unknown: bool = False


@dataclass(frozen=True)
class Row:
    """One non-blank data row: its line number and its cells as text."""

    line: int
    cells: tuple[str, ...]


@dataclass
class Table:
    """A file's header (as written), where each known column is, and its data rows, streamed."""

    header: tuple[str, ...]
    #: Column name -> position of its column in the file.
    index: dict[str, int]
    rows: Iterator[Row]
    header_line: int = 1
    #: Data rows read so far (all of them once ``rows`` is exhausted).
    count: int = 0


def file_format(name: str, formats: Sequence[str] = FORMATS) -> str:
    """``csv`` or ``xlsx`` from a file name; FileError for anything else."""
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in formats:
        kinds = " or ".join(kind.upper() for kind in formats)
        names = " or ".join(f".{kind}" for kind in formats)
        raise FileError(f"{name or 'the file'} is not a {kinds} file (expected a {names} name)")
    return suffix


def read_table(
    content: bytes | str,
    *,
    name: str,
    columns: Columns,
    limits: Limits = DEFAULT_LIMITS,
    fmt: str | None = None,
    legacy_encoding: bool = True,
) -> Table:
    """The header of a CSV or XLSX file checked against ``columns``, and its rows as they come.

    ``fmt`` defaults to the file name's extension. ``legacy_encoding`` reads a
    CSV that is not UTF-8 as Windows-1252 (what spreadsheet programs on Windows
    save as "CSV"). Raises FileError for the file as a whole; the row iterator
    raises it too, for an unreadable row or one past the row limit.
    """
    kind = fmt or file_format(name)
    if kind == "xlsx":
        if isinstance(content, str):
            raise FileError("an XLSX workbook must be read as bytes")
        lines = _xlsx_lines(content, limits)
    else:
        text = content if isinstance(content, str) else _decode(content, legacy_encoding)
        lines = _csv_lines(text.removeprefix("\ufeff"))
    for line, cells in lines:
        if "".join(cells).strip():
            header = tuple(cell.strip() for cell in cells)
            index = column_index(header, line, columns)
            table = Table(header=header, index=index, rows=iter(()), header_line=line)
            table.rows = _data_rows(table, lines, limits.max_rows)
            return table
    raise FileError(
        f"the file is empty; it needs a header row naming the columns ({', '.join(columns.names)})"
    )


def _data_rows(
    table: Table, lines: Iterator[tuple[int, list[str]]], max_rows: int
) -> Iterator[Row]:
    for line, cells in lines:
        joined = "".join(cells)
        if not joined.strip():
            continue  # blank lines and empty spreadsheet rows are no data
        if table.count == max_rows:
            raise FileError(
                f"the file has more than {max_rows:,} rows, the most one import takes; "
                "split it into smaller files",
                line=line,
            )
        table.count += 1
        if "'" in joined:
            cells = [unquote_formula(cell) for cell in cells]
        yield Row(line=line, cells=tuple(cells))


def normalise_column(name: str) -> str:
    return "_".join(name.strip().lower().replace("-", " ").split())


def column_index(header: Sequence[str], line: int, columns: Columns) -> dict[str, int]:
    """Column name -> position; FileError for a repeated, missing or (if refused) unknown one."""
    index: dict[str, int] = {}
    for position, title in enumerate(header):
        name = normalise_column(title)
        if name not in columns.names:
            if columns.refuse_unknown:
                raise FileError(
                    f"unknown column {title.strip()!r} (the columns are "
                    f"{', '.join(columns.names)})",
                    line=line,
                )
            continue
        if name in index:
            raise FileError(f"column {name!r} appears twice in the header", line=line)
        index[name] = position
    missing = [name for name in columns.required if name not in index]
    if missing:
        optional = [name for name in columns.names if name not in columns.required]
        names = ", ".join(repr(name) for name in missing)
        raise FileError(
            f"missing column{'s' if len(missing) > 1 else ''} {names}; the header row needs "
            f"{', '.join(columns.required)}"
            + (f" and may have {', '.join(optional)}" if optional else ""),
            line=line,
        )
    return index


def _decode(content: bytes, legacy_encoding: bool) -> str:
    if content.startswith(b"PK\x03\x04"):
        raise FileError("this is a ZIP or XLSX file, not CSV text; name it .xlsx")
    if _is_utf8(content):
        text = content.decode("utf-8-sig")
    elif legacy_encoding:
        try:
            text = content.decode("cp1252")
        except UnicodeDecodeError:
            raise FileError("not a UTF-8 text file (save it as CSV UTF-8)") from None
    else:
        raise FileError("not a UTF-8 text file (save it as CSV UTF-8)")
    if "\x00" in text[:8192]:
        raise FileError("this is a binary file, not CSV text")
    return text


def _is_utf8(content: bytes) -> bool:
    """Checked in chunks, so that a large file is not decoded twice into memory."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for start in range(0, len(content), _CHUNK):
            decoder.decode(content[start : start + _CHUNK])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _csv_lines(text: str) -> Iterator[tuple[int, list[str]]]:
    first_line = text[:_CHUNK].split("\n", 1)[0]
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
        raise FileError(f"not readable as CSV: {error}", line=start) from None


def _xlsx_lines(content: bytes, limits: Limits) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook  # imported here: CSV imports never pay for it

    source = io.BytesIO(content)
    # A workbook is a ZIP: kilobytes may unpack to millions of rows, so it is measured
    # (without openpyxl, which reads a sheet that does not state its size whole) first.
    _check_xlsx_size(source, limits)
    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, ParseError) as error:
        raise FileError(f"not readable as an XLSX workbook ({error})") from None
    # Every row of the sheet counts, blank and missing ones too: openpyxl hands back each
    # row between two written ones, so a row far down would otherwise cost a blank row each.
    most = limits.max_rows + 1
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            return
        sheet.reset_dimensions()  # a stated size would widen every row to it
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number > most:
                raise FileError(_too_many_rows(most), line=number)
            if len(values) > MAX_XLSX_COLUMNS:
                raise FileError(
                    f"the row has a cell in column {len(values):,}; an import reads at most "
                    f"{MAX_XLSX_COLUMNS} columns (delete the columns it does not use)",
                    line=number,
                )
            yield number, [cell_text(value) for value in values]
    except FileError:
        raise
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, ParseError) as error:
        raise FileError(f"not readable as an XLSX workbook ({error})") from None
    finally:
        workbook.close()


def _too_many_rows(most: int) -> str:
    return (
        f"the workbook has more than {most:,} rows (blank rows count too), the most one "
        "import takes; split it into smaller files"
    )


def _check_xlsx_size(source: io.BytesIO, limits: Limits) -> None:
    """FileError for a workbook that unpacks past ``max_xlsx_bytes`` or whose parts hold
    more rows than a header and ``max_rows`` rows."""
    try:
        with zipfile.ZipFile(source) as archive:
            members = archive.infolist()
            # zipfile never inflates a member past its declared size, so this sum bounds the work.
            unpacked = sum(member.file_size for member in members)
            if unpacked > limits.max_xlsx_bytes:
                raise FileError(
                    f"the workbook unpacks to {_size(unpacked)}, more than the "
                    f"{_size(limits.max_xlsx_bytes)} an import takes; save it as CSV or split it"
                )
            most = limits.max_rows + 1
            for member in members:
                if member.filename.endswith(".xml") and _rows_in(archive, member, most) > most:
                    raise FileError(_too_many_rows(most))
    except FileError:
        raise
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise FileError(f"not readable as an XLSX workbook ({error})") from None


_ROW_TAG = re.compile(rb"<(?:\w{1,32}:)?row\b")


def _rows_in(archive: zipfile.ZipFile, member: zipfile.ZipInfo, most: int) -> int:
    """The row elements of one part of the workbook, counted as it unpacks until past ``most``."""
    count = 0
    carried = b""
    with archive.open(member) as part:
        while count <= most and (chunk := part.read(_CHUNK)):
            text = carried + chunk
            # A tag is never split: the text from its last "<" waits for the next chunk.
            cut = text.rfind(b"<", max(0, len(text) - 64))
            cut = len(text) if cut < 0 else cut
            count += len(_ROW_TAG.findall(text, 0, cut))
            carried = text[cut:]
    return count + len(_ROW_TAG.findall(carried))


def _size(count: int) -> str:
    megabytes = count / (1024 * 1024)
    return f"{megabytes:,.0f} MB" if megabytes >= 1 else f"{count:,} bytes"


def cell_text(value: object) -> str:
    """A spreadsheet cell as the text a CSV file would hold."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()  # dates in these files are days; a time is dropped
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # spreadsheets store codes and counts as numbers
    return str(value)


# Writing ---------------------------------------------------------------------------------


def quote_formula(text: str) -> str:
    """Text made safe for a spreadsheet to open: no cell starts as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def unquote_formula(cell: str) -> str:
    """Undo the quote an export puts before a cell that a spreadsheet would run as a formula."""
    if len(cell) > 1 and cell[0] == "'" and cell[1] in FORMULA_STARTS:
        return cell[1:]
    return cell


def _safe(cell: Cell) -> Cell:
    return quote_formula(cell) if isinstance(cell, str) else cell


def csv_text(
    header: Sequence[str], rows: Iterable[Sequence[Cell]], *, line_end: str = "\r\n"
) -> str:
    """A header and rows as CSV, every text cell quoted against formulas."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=line_end)
    writer.writerow([_safe(cell) for cell in header])
    for row in rows:
        writer.writerow([_safe(cell) for cell in row])
    return out.getvalue()


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    """``csv_text`` as a download: UTF-8 with a byte order mark, so spreadsheet programs
    read the accents (the reader skips it)."""
    return b"".join(csv_chunks(header, rows))


def csv_chunks(
    header: Sequence[str], rows: Iterable[Sequence[Cell]], *, rows_per_chunk: int = 1000
) -> Iterator[bytes]:
    """``csv_bytes`` a piece at a time, as ``rows`` are read: a whole log streams without
    being held in memory."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    out.write("\ufeff")
    writer.writerow([_safe(cell) for cell in header])
    for number, row in enumerate(rows, start=1):
        writer.writerow([_safe(cell) for cell in row])
        if number % rows_per_chunk == 0:
            yield out.getvalue().encode("utf-8")
            out.seek(0)
            out.truncate()
    yield out.getvalue().encode("utf-8")


@dataclass(frozen=True)
class Sheet:
    title: str
    header: Sequence[str]
    rows: Iterable[Sequence[Cell]]
    #: Rows above the header (a title line, say).
    preamble: Sequence[Sequence[Cell]] = ()


def xlsx_bytes(sheets: Iterable[Sheet]) -> bytes:
    """A workbook with one sheet each; text is always a text cell, never a formula."""
    from openpyxl import Workbook  # imported here: CSV exports never pay for it
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    for sheet in sheets:
        worksheet = workbook.create_sheet(sheet.title)
        for row in (*sheet.preamble, sheet.header):
            worksheet.append([_xlsx_cell(worksheet, value, WriteOnlyCell) for value in row])
        for row in sheet.rows:
            worksheet.append([_xlsx_cell(worksheet, value, WriteOnlyCell) for value in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _xlsx_cell(worksheet: Any, value: Cell, make: Any) -> Any:
    cell = make(worksheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # round-trips exactly, and never runs as a formula
    return cell
