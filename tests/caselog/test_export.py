"""Exporting a case log: CSV and XLSX that import again, and the PDF procedure log."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from pdf_support import pdf_text
from seldinger.accounts.membership import ProgramMembership
from seldinger.accounts.models import Role
from seldinger.caselog import transfer_export, transfer_import
from seldinger.caselog.importer import COLUMNS
from seldinger.caselog.models import CaseEntry

pytestmark = pytest.mark.django_db

ROWS = [
    {
        "date": "2025-01-02",
        "procedure": "picc",
        "role": "primary",
        "supervisor": "faculty",
        "modality": "ultrasound",
        "age_band": "adult",
        "fluoro_minutes": "0.5",
        "notes": "-2 attempts, =ok",
    },
    {
        "date": "2025-02-03",
        "procedure": "36558",
        "role": "assistant",
        "supervisor": "faculty",
        "modality": "fluoroscopy",
        "dap_gycm2": "12.25",
        "air_kerma_mgy": "40",
        "complication": "mild",
    },
    {"date": "2025-03-04", "procedure": "picc", "role": "observer", "modality": "ultrasound"},
]


@pytest.fixture
def logged(resident, faculty):
    """The resident's log with three imported cases, one of them verified."""
    result = transfer_import.import_cases(trainee=resident, actor=resident, rows=ROWS)
    assert result.report.saved == 3
    CaseEntry.objects.filter(performed_on=dt.date(2025, 2, 3)).update(
        status=CaseEntry.Status.VERIFIED, verified_by=faculty
    )
    return resident


@pytest.fixture
def classmate(make_user, program):
    return make_user(
        "classmate", Role.RESIDENT, program=program, kind=ProgramMembership.Kind.TRAINEE
    )


def test_csv_export_imports_again_into_another_trainee(logged, classmate):
    exported = transfer_export.export_cases(trainee=logged, fmt="csv")
    assert exported.content.startswith(b"\xef\xbb\xbf")
    assert exported.content_type.startswith("text/csv")
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert rows[0] == list(COLUMNS)
    assert rows[1][:5] == ["2025-01-02", "picc", "primary", "faculty", "ultrasound"]
    assert rows[1][-1] == "'-2 attempts, =ok"  # no spreadsheet formula

    result = transfer_import.import_cases(
        trainee=classmate, actor=classmate, content=exported.content, name=exported.filename
    )

    assert (result.report.saved, result.report.invalid) == (3, 0)
    mine = CaseEntry.objects.filter(trainee=logged).order_by("performed_on")
    theirs = CaseEntry.objects.filter(trainee=classmate).order_by("performed_on")
    fields = ("performed_on", "procedure_key", "role", "supervisor", "modality", "age_band")
    fields += ("fluoro_minutes", "dap_gycm2", "air_kerma_mgy", "complication", "notes")
    assert list(theirs.values_list(*fields)) == list(mine.values_list(*fields))
    assert theirs.first().notes == "-2 attempts, =ok"
    # Exporting and importing into the same log adds nothing.
    again = transfer_import.import_cases(
        trainee=logged, actor=logged, content=exported.content, name="again.csv"
    )
    assert (again.report.saved, again.report.duplicate) == (0, 3)


def test_xlsx_export_opens_with_openpyxl_and_imports_again(logged, classmate):
    exported = transfer_export.export_cases(trainee=logged, fmt="xlsx")
    workbook = load_workbook(io.BytesIO(exported.content))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0] == COLUMNS
    assert rows[2][:3] == ("2025-02-03", "tunneled-central-line", "assistant")
    assert rows[2][COLUMNS.index("dap_gycm2")] == "12.25"
    assert rows[1][-1] == "-2 attempts, =ok"  # a text cell, never a formula
    assert len(rows) == 4

    result = transfer_import.import_cases(
        trainee=classmate, actor=classmate, content=exported.content, name="log.xlsx"
    )
    assert result.report.saved == 3


def test_export_between_two_dates(logged):
    exported = transfer_export.export_cases(
        trainee=logged, fmt="csv", date_from=dt.date(2025, 2, 1), date_to=dt.date(2025, 2, 28)
    )
    assert exported.cases == 1
    assert exported.content.decode("utf-8-sig").count("\n") == 2


def test_pdf_procedure_log_names_trainee_program_and_director(logged, director, program):
    director.first_name, director.last_name = "Dana", "Whitfield"
    director.save()
    logged.first_name, logged.last_name = "Riley", "Resident"
    logged.save()

    exported = transfer_export.export_cases(trainee=logged, fmt="pdf", compress=False)

    assert exported.content.startswith(b"%PDF")
    assert exported.content_type == "application/pdf"
    text = exported.content
    for words in (
        b"Riley Resident",
        b"Dana Whitfield",
        program.name.encode(),
        b"2025-01-02 to 2025-03-04",
        b"Venous access",
        b"PICC line placement",
        b"Tunneled central venous catheter",
        b"Awaiting verification",
        b"Page 1 of ",
    ):
        assert words in text, words
    # Compressed by default; the same words are inside.
    compressed = transfer_export.export_cases(trainee=logged, fmt="pdf").content
    assert b"Dana Whitfield" not in compressed and b"Dana Whitfield" in pdf_text(compressed)


def test_pdf_of_an_empty_log_and_names_outside_latin1(resident, director):
    director.first_name, director.last_name = "Zoë", "Łukasiewicz 李"
    director.save()
    exported = transfer_export.export_cases(trainee=resident, fmt="pdf", compress=False)
    assert exported.content.startswith(b"%PDF")
    assert b"No cases in this period." in exported.content
    assert "Zoë ?ukasiewicz ?".encode("latin-1") in exported.content


def test_cli_export_to_a_file_and_to_stdout(logged, tmp_path):
    out = io.StringIO()
    target = tmp_path / "log.xlsx"
    call_command(
        "caselog",
        "export",
        "--trainee",
        "resident",
        "--format",
        "xlsx",
        "-o",
        str(target),
        stdout=out,
    )
    assert f"Wrote 3 cases of resident to {target}." in out.getvalue()
    assert load_workbook(target).active.max_row == 4

    out = io.StringIO()
    call_command(
        "caselog",
        "export",
        "--trainee",
        "resident",
        "--from",
        "2025-03-01",
        "-o",
        "-",
        stdout=out,
    )
    assert out.getvalue().splitlines() == [
        ",".join(COLUMNS),
        "2025-03-04,picc,observer,,ultrasound,,,,,none,",
    ]


@pytest.mark.parametrize(
    ("arguments", "words"),
    [
        (("--from", "2025-13-01"), "--from: '2025-13-01' is not a date"),
        (("--from", "2025-03-01", "--to", "2025-01-01"), "--from: 2025-03-01 is after --to"),
        (("--format", "pdf", "-o", "-"), "only CSV goes to stdout"),
    ],
)
def test_cli_export_errors(logged, arguments, words):
    with pytest.raises(CommandError, match=words):
        call_command("caselog", "export", "--trainee", "resident", *arguments)


def test_web_downloads(client, logged):
    client.force_login(logged)
    for suffix, content_type, start in (
        ("csv", "text/csv", b"\xef\xbb\xbfdate,procedure"),
        ("xlsx", "application/vnd.openxmlformats", b"PK"),
        ("pdf", "application/pdf", b"%PDF"),
    ):
        response = client.get(f"/cases/export.{suffix}")
        assert response.status_code == 200
        assert response["Content-Type"].startswith(content_type)
        assert response["Content-Disposition"].startswith("attachment; filename=")
        assert response.getvalue().startswith(start)
    assert client.get("/cases/export.csv").streaming  # a whole log is sent as it is read
    filtered = client.get("/cases/export.csv", {"from": "2025-02-01", "to": "2025-02-28"})
    assert filtered.getvalue().decode("utf-8-sig").count("\n") == 2
    assert client.get("/cases/export.csv", {"from": "soon"}).status_code == 400


def test_api_export(client, logged):
    client.force_login(logged)
    response = client.get("/api/caselog/export", {"format": "xlsx", "from": "2025-02-01"})
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.getvalue())).active.iter_rows(values_only=True))
    assert len(rows) == 3
    assert client.get("/api/caselog/export", {"format": "doc"}).status_code == 422
    assert client.get("/api/caselog/export").getvalue().startswith(b"\xef\xbb\xbfdate")


def test_a_director_exports_a_residents_log(client, director, logged):
    client.force_login(director)
    response = client.get("/cases/export.csv", {"trainee": "resident"})
    assert response.status_code == 200 and response.getvalue().count(b"\n") == 4
    response = client.get("/api/caselog/export", {"format": "pdf", "trainee": "resident"})
    assert response.status_code == 200 and response.getvalue().startswith(b"%PDF")


def test_exported_numbers_keep_two_decimals(logged):
    exported = transfer_export.export_cases(trainee=logged, fmt="csv").content.decode("utf-8-sig")
    assert "0.50" in exported and "12.25" in exported and "40.00" in exported
    assert CaseEntry.objects.get(performed_on=dt.date(2025, 2, 3)).air_kerma_mgy == Decimal("40")
