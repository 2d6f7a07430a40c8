"""The one reader and writer of tables: streaming, limits, formula quoting, errors."""

import csv
import io
import time
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from seldinger import tabular
from seldinger.tabular import Columns, FileError, Limits, RowError, Sheet

COLUMNS = Columns(names=("name", "count", "note"), required=("name", "count"))


def xlsx(rows):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Sheet")
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def bomb(rows):
    """An XLSX workbook of ``rows`` identical rows: a few kilobytes packed, megabytes unpacked."""
    base = xlsx([["name", "count"]])
    row = '<row><c t="inlineStr"><is><t>the same value</t></is></c></row>'
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(base)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for member in source.infolist():
            data = source.read(member)
            if member.filename.startswith("xl/worksheets/"):
                head, tail = data.decode().split("</sheetData>")
                data = (head + row * rows + "</sheetData>" + tail).encode()
            target.writestr(member.filename, data)
    return out.getvalue()


def test_rows_are_streamed_with_their_line_numbers():
    table = tabular.read_table(
        b'Name,COUNT,other\n\na,1,x\n"b\nc",2,y\n,,\nd,3,z\n', name="f.csv", columns=COLUMNS
    )
    assert table.index == {"name": 0, "count": 1}
    assert not isinstance(table.rows, list)
    assert [(row.line, row.cells[0]) for row in table.rows] == [(3, "a"), (4, "b\nc"), (7, "d")]
    assert table.count == 3


def test_a_file_over_the_row_limit_is_refused_naming_the_line():
    content = "name,count\n" + "".join(f"n{i},{i}\n" for i in range(6))
    table = tabular.read_table(content, name="f.csv", columns=COLUMNS, limits=Limits(max_rows=5))
    with pytest.raises(FileError) as error:
        list(table.rows)
    assert error.value.located("f.csv") == (
        "f.csv:7: the file has more than 5 rows, the most one import takes; "
        "split it into smaller files"
    )
    exactly = content.rsplit("n5", 1)[0]
    read = tabular.read_table(exactly, name="f.csv", columns=COLUMNS, limits=Limits(max_rows=5))
    assert len(list(read.rows)) == 5


def test_an_xlsx_that_unpacks_past_the_bound_is_refused_before_it_is_opened(monkeypatch):
    content = bomb(200_000)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        unpacked = sum(member.file_size for member in archive.infolist())
    assert unpacked > 10_000_000 > 200 * len(content)  # it compresses very well

    def never(*args, **kwargs):
        raise AssertionError("openpyxl opened the workbook")

    monkeypatch.setattr("openpyxl.load_workbook", never)
    with pytest.raises(FileError) as error:
        tabular.read_table(
            content, name="big.xlsx", columns=COLUMNS, limits=Limits(max_xlsx_bytes=5_000_000)
        )
    assert error.value.located("big.xlsx") == (
        "big.xlsx: the workbook unpacks to 12 MB, more than the 5 MB an import takes; "
        "save it as CSV or split it"
    )


def sheet_of(rows_xml, *, dimension=None, repeat=1):
    """A workbook whose sheet is a header row, then ``rows_xml`` written ``repeat`` times
    (streamed into the archive, so millions of rows never sit in memory)."""
    base = xlsx([["name", "count"]])
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(base)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for member in source.infolist():
            data = source.read(member).decode()
            if not member.filename.startswith("xl/worksheets/"):
                target.writestr(member.filename, data)
                continue
            head, tail = data.split("</sheetData>")
            if dimension is not None:  # what the sheet claims to span
                head = head.replace("<sheetViews>", f'<dimension ref="{dimension}" /><sheetViews>')
            with target.open(member.filename, "w") as sheet:
                sheet.write(head.encode())
                chunk = (rows_xml * 10_000).encode()
                for _ in range(repeat // 10_000):
                    sheet.write(chunk)
                sheet.write((rows_xml * (repeat % 10_000) + "</sheetData>" + tail).encode())
    return out.getvalue()


BLANK_ROW = '<row><c t="inlineStr"><is><t> </t></is></c></row>'


def test_an_xlsx_of_millions_of_blank_rows_is_refused_within_seconds(monkeypatch):
    content = sheet_of(BLANK_ROW, repeat=4_000_000)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        unpacked = sum(member.file_size for member in archive.infolist())
    assert len(content) < 1_000_000 and unpacked < tabular.MAX_XLSX_BYTES

    def never(*args, **kwargs):
        raise AssertionError("openpyxl opened the workbook")

    monkeypatch.setattr("openpyxl.load_workbook", never)
    started = time.perf_counter()
    with pytest.raises(FileError) as error:
        tabular.read_table(content, name="blank.xlsx", columns=COLUMNS)
    assert time.perf_counter() - started < 5
    assert error.value.located("blank.xlsx") == (
        "blank.xlsx: the workbook has more than 200,001 rows (blank rows count too), the most "
        "one import takes; split it into smaller files"
    )


def test_blank_rows_of_a_sheet_count_toward_the_cap():
    content = sheet_of(BLANK_ROW, repeat=6)
    with pytest.raises(FileError) as error:
        tabular.read_table(content, name="f.xlsx", columns=COLUMNS, limits=Limits(max_rows=5))
    assert error.value.located("f.xlsx") == (
        "f.xlsx: the workbook has more than 6 rows (blank rows count too), the most "
        "one import takes; split it into smaller files"
    )
    at_the_cap = sheet_of(BLANK_ROW, repeat=5)
    read = tabular.read_table(at_the_cap, name="f.xlsx", columns=COLUMNS, limits=Limits(5))
    assert list(read.rows) == []


def test_a_row_far_below_the_header_is_refused_at_once():
    """Rows missing between two rows read as blank ones; a dimension of the whole sheet
    must not make every row 16,384 cells wide."""
    content = sheet_of(
        '<row r="1000000"><c r="A1000000"><v>1</v></c></row>', dimension="A1:XFD1048576"
    )
    started = time.perf_counter()
    table = tabular.read_table(content, name="f.xlsx", columns=COLUMNS)
    with pytest.raises(FileError) as error:
        list(table.rows)
    assert time.perf_counter() - started < 5
    assert error.value.located("f.xlsx") == (
        "f.xlsx:200002: the workbook has more than 200,001 rows (blank rows count too), the "
        "most one import takes; split it into smaller files"
    )


def test_a_row_wider_than_an_import_reads_is_refused():
    content = sheet_of('<row r="2"><c r="XFD2"><v>1</v></c></row>')
    table = tabular.read_table(content, name="f.xlsx", columns=COLUMNS)
    with pytest.raises(FileError) as error:
        list(table.rows)
    assert error.value.located("f.xlsx") == (
        "f.xlsx:2: the row has a cell in column 16,384; an import reads at most 100 columns "
        "(delete the columns it does not use)"
    )


def test_a_damaged_sheet_is_refused_as_unreadable():
    content = sheet_of('<row r="2"><c r="A2"><v>1</v></c></row><row r="3"><c>')
    with pytest.raises(FileError) as error:
        list(tabular.read_table(content, name="f.xlsx", columns=COLUMNS).rows)
    assert error.value.message.startswith("not readable as an XLSX workbook")


def test_xlsx_rows_stream_with_row_numbers_and_cell_text():
    content = xlsx([["name", "count"], ["a", 1.0], [None, None], ["b", 2]])
    table = tabular.read_table(content, name="f.xlsx", columns=COLUMNS)
    assert [(row.line, row.cells) for row in table.rows] == [(2, ("a", "1")), (4, ("b", "2"))]


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("name,note", "f.csv:1: missing column 'count'; the header row needs name, count"),
        ("name,count,Name", "f.csv:1: column 'name' appears twice in the header"),
    ],
)
def test_header_errors_name_the_column(header, message):
    with pytest.raises(FileError) as error:
        tabular.read_table(header + "\n", name="f.csv", columns=COLUMNS)
    assert error.value.located("f.csv").startswith(message)


def test_an_unknown_column_is_refused_when_asked():
    strict = Columns(names=COLUMNS.names, required=COLUMNS.required, refuse_unknown=True)
    with pytest.raises(FileError) as error:
        tabular.read_table("name,count,cuont\n", name="f.csv", columns=strict)
    assert error.value.located("f.csv").startswith("f.csv:1: unknown column 'cuont'")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("f.txt", b"name,count\n", "f.txt is not a CSV or XLSX file"),
        ("f.csv", b"", "the file is empty; it needs a header row naming the columns"),
        ("f.csv", b"PK\x03\x04rest", "this is a ZIP or XLSX file, not CSV text"),
        ("f.xlsx", b"name,count\n", "not readable as an XLSX workbook"),
        ("f.csv", b'name,count\n"a,1\n', "not readable as CSV"),
    ],
)
def test_unreadable_files_are_refused_with_a_message(name, content, message):
    with pytest.raises(FileError) as error:
        list(tabular.read_table(content, name=name, columns=COLUMNS).rows)
    assert message in error.value.message


def test_windows_1252_text_is_read_unless_only_utf8_is_allowed():
    content = "name,count\nJosé,1\n".encode("cp1252")
    table = tabular.read_table(content, name="f.csv", columns=COLUMNS)
    assert [row.cells[0] for row in table.rows] == ["José"]
    with pytest.raises(FileError, match="not a UTF-8 text file"):
        tabular.read_table(content, name="f.csv", columns=COLUMNS, legacy_encoding=False)


def test_a_row_error_names_file_line_and_field():
    error = RowError(7, "count", "'x' is not a whole number")
    assert error.located("f.csv") == "f.csv:7: count: 'x' is not a whole number"
    assert error.as_dict() == {"line": 7, "field": "count", "message": "'x' is not a whole number"}


DANGEROUS = ["=1+2", "+1", "-2 attempts", "@SUM(A1)", "\tx", "\rx"]


def test_csv_quotes_every_formula_and_reads_back_unquoted():
    text = tabular.csv_text(["name", "count"], [[cell, 1] for cell in DANGEROUS])
    written = [row[0] for row in csv.reader(io.StringIO(text, newline=""))][1:]
    assert written == ["'" + cell for cell in DANGEROUS]
    table = tabular.read_table(text, name="f.csv", columns=COLUMNS)
    assert [row.cells[0] for row in table.rows] == DANGEROUS
    download = tabular.csv_bytes(["name"], [["=x"]])
    assert download == "\ufeffname\r\n'=x\r\n".encode()


def test_xlsx_writes_text_cells_never_formulas():
    content = tabular.xlsx_bytes(
        [Sheet("Data", ["name", "count"], [["=1+2", 3]], preamble=[["=title"]])]
    )
    sheet = load_workbook(io.BytesIO(content)).active
    written = [[cell for cell in row if cell.value is not None] for row in sheet.iter_rows()]
    assert [[cell.data_type for cell in row] for row in written] == [
        ["s"],
        ["s", "s"],
        ["s", "n"],
    ]
    assert [[cell.value for cell in row] for row in written] == [
        ["=title"],
        ["name", "count"],
        ["=1+2", 3],
    ]


def test_a_long_csv_goes_out_in_pieces_that_add_up_to_the_whole_file():
    rows = [[f"case {number}", "=1+1"] for number in range(2_500)]
    pieces = list(tabular.csv_chunks(["name", "note"], rows, rows_per_chunk=1_000))
    assert [piece.count(b"\r\n") for piece in pieces] == [1_001, 1_000, 500]
    assert b"".join(pieces) == tabular.csv_bytes(["name", "note"], rows)
    assert b"".join(pieces).startswith(b"\xef\xbb\xbfname,note\r\ncase 0,'=1+1\r\n")
