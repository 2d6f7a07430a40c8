"""Files too large to import, and row errors, through the web, the API and the CLI alike."""

import io
import time
import zipfile
from contextlib import contextmanager

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from seldinger.caselog.importer import COLUMNS
from seldinger.caselog.models import CaseEntry

pytestmark = pytest.mark.django_db

HEADER = ",".join(COLUMNS)
ROWS = [f"2025-01-0{day},picc,primary,faculty,ultrasound,,,,,none," for day in (2, 3, 4)]
OVER_THE_CAP = "cases.csv:4: the file has more than 2 rows, the most one import takes"
BOMB_REFUSED = "bomb.xlsx: the workbook unpacks to 11 MB, more than the 1 MB an import takes"


def csv_content(*rows):
    return ("\n".join([HEADER, *rows]) + "\n").encode()


def bomb():
    """A case-log workbook whose sheet repeats one row 200,000 times: tiny packed."""
    workbook = Workbook()
    workbook.active.append(list(COLUMNS))
    base = io.BytesIO()
    workbook.save(base)
    row = '<row><c t="inlineStr"><is><t>2025-01-02</t></is></c></row>'
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(base.getvalue())) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for member in source.infolist():
            data = source.read(member)
            if member.filename.startswith("xl/worksheets/"):
                head, tail = data.decode().split("</sheetData>")
                data = (head + row * 200_000 + "</sheetData>" + tail).encode()
            target.writestr(member.filename, data)
    return out.getvalue()


@pytest.fixture(autouse=True)
def _limits(settings, tmp_path):
    settings.SELDINGER_MAX_IMPORT_ROWS = 2
    settings.SELDINGER_MAX_XLSX_BYTES = 1024 * 1024
    settings.CASELOG_IMPORT_DIR = tmp_path / "imports"


@pytest.fixture
def as_resident(client, resident, faculty):
    client.force_login(resident)
    return client


def cli_import(path, *args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(
            "caselog", "import", str(path), "--trainee", "resident", *args, stdout=out, stderr=err
        )
    except CommandError as error:
        return err.getvalue(), str(error)
    return err.getvalue(), None


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [("cases.csv", csv_content(*ROWS), OVER_THE_CAP), ("bomb.xlsx", bomb(), BOMB_REFUSED)],
)
def test_the_web_refuses_the_file_with_the_reason(as_resident, settings, name, content, message):
    response = as_resident.post("/cases/import/", {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not settings.CASELOG_IMPORT_DIR.exists() or not any(
        settings.CASELOG_IMPORT_DIR.iterdir()
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [("cases.csv", csv_content(*ROWS), OVER_THE_CAP), ("bomb.xlsx", bomb(), BOMB_REFUSED)],
)
def test_the_api_refuses_the_file_with_the_reason(as_resident, name, content, message):
    response = as_resident.post("/api/caselog/import", {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 400
    assert response.json()["detail"].startswith(message)
    assert not CaseEntry.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [("cases.csv", csv_content(*ROWS), OVER_THE_CAP), ("bomb.xlsx", bomb(), BOMB_REFUSED)],
)
def test_the_cli_refuses_the_file_with_the_reason(tmp_path, resident, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    _, error = cli_import(path)
    assert error is not None and error.startswith(f"{tmp_path}/{message}")
    assert not CaseEntry.objects.exists()


# A workbook of millions of blank rows, under the default limits -------------------------------

BLANK_ROWS_REFUSED = (
    "blank.xlsx: the workbook has more than 200,001 rows (blank rows count too), the most one "
    "import takes; split it into smaller files"
)


@pytest.fixture(scope="module")
def blank_rows():
    """About 575 KB that unpack to 186 MB: a header, then 4,000,000 rows of one blank cell."""
    workbook = Workbook()
    workbook.active.append(list(COLUMNS))
    base = io.BytesIO()
    workbook.save(base)
    rows = '<row><c t="inlineStr"><is><t> </t></is></c></row>' * 10_000
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(base.getvalue())) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for member in source.infolist():
            data = source.read(member).decode()
            if not member.filename.startswith("xl/worksheets/"):
                target.writestr(member.filename, data)
                continue
            head, tail = data.split("</sheetData>")
            head = head.replace('<dimension ref="A1:K1" />', "")  # openpyxl then reads it all
            with target.open(member.filename, "w") as sheet:
                sheet.write(head.encode())
                for _ in range(400):
                    sheet.write(rows.encode())
                sheet.write(("</sheetData>" + tail).encode())
    return out.getvalue()


@pytest.fixture
def default_limits(settings):
    settings.SELDINGER_MAX_IMPORT_ROWS = 200_000
    settings.SELDINGER_MAX_XLSX_BYTES = 256 * 1024 * 1024


@contextmanager
def within_seconds(seconds=5):
    started = time.perf_counter()
    yield
    assert time.perf_counter() - started < seconds


@pytest.mark.usefixtures("default_limits")
def test_the_web_refuses_millions_of_blank_rows_at_once(as_resident, blank_rows):
    with within_seconds():
        response = as_resident.post(
            "/cases/import/", {"file": SimpleUploadedFile("blank.xlsx", blank_rows)}
        )
    assert response.status_code == 400
    assert BLANK_ROWS_REFUSED in response.content.decode()


@pytest.mark.usefixtures("default_limits")
def test_the_api_refuses_millions_of_blank_rows_at_once(as_resident, blank_rows):
    with within_seconds():
        response = as_resident.post(
            "/api/caselog/import", {"file": SimpleUploadedFile("blank.xlsx", blank_rows)}
        )
    assert response.status_code == 400
    assert response.json()["detail"] == BLANK_ROWS_REFUSED


@pytest.mark.usefixtures("default_limits")
def test_the_cli_refuses_millions_of_blank_rows_at_once(tmp_path, resident, blank_rows):
    path = tmp_path / "blank.xlsx"
    path.write_bytes(blank_rows)
    with within_seconds():
        _, error = cli_import(path)
    assert error == f"{tmp_path}/{BLANK_ROWS_REFUSED}"


def test_a_file_at_the_cap_imports(tmp_path, resident, faculty):
    path = tmp_path / "cases.csv"
    path.write_bytes(csv_content(*ROWS[:2]))
    assert cli_import(path) == ("", None)
    assert CaseEntry.objects.count() == 2


# Row errors name the row and the field, everywhere --------------------------------------------

BAD = "2025-01-05,picc,lead,faculty,ultrasound,,,,,none,=HYPERLINK()"
ROLE = "role: 'lead' is not one of primary, assistant, observer"


def test_the_web_preview_names_row_and_field(as_resident):
    upload = SimpleUploadedFile("cases.csv", csv_content(ROWS[0], BAD))
    preview = as_resident.post("/cases/import/", {"file": upload}, follow=True)
    assert (
        "<tr><td>3</td><td>role</td><td>&#x27;lead&#x27; is not one of primary, assistant, "
        "observer</td></tr>"
    ) in preview.content.decode()


def test_the_api_names_row_and_field(as_resident):
    response = as_resident.post(
        "/api/caselog/import",
        {"file": SimpleUploadedFile("cases.csv", csv_content(ROWS[0], BAD)), "dry_run": "true"},
    )
    assert response.json()["errors"] == [
        {"line": 3, "field": "role", "message": "'lead' is not one of primary, assistant, observer"}
    ]


def test_the_cli_names_row_and_field_and_the_rejected_file_quotes_formulas(
    tmp_path, resident, faculty
):
    path = tmp_path / "cases.csv"
    path.write_bytes(csv_content(ROWS[0], BAD))
    errors, _ = cli_import(path, "--skip-invalid")
    assert errors.splitlines() == [f"{path}:3: {ROLE}"]
    rejected = (tmp_path / "cases.rejected.csv").read_text().splitlines()
    assert rejected[1] == (
        f'2025-01-05,picc,lead,faculty,ultrasound,,,,,none,\'=HYPERLINK(),3,"{ROLE}"'
    )
