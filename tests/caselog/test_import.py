"""Importing a case log from CSV or XLSX: the core, the service and `seldinger caselog import`."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from seldinger.audit.models import AuditEntry
from seldinger.caselog import importer, selectors, transfer_import
from seldinger.caselog.entries import CaseData, fingerprint
from seldinger.caselog.importer import COLUMNS, ImportFileError
from seldinger.caselog.models import CaseEntry
from seldinger.caselog.services import case_record, log_case
from seldinger.tabular import quote_formula

HEADER = ",".join(COLUMNS)
GOOD = [
    "2025-01-02,picc,primary,faculty,ultrasound,adult,0.5,,,none,right basilic",
    "2025-01-03,tunneled-central-line,assistant,faculty,fluoroscopy,,2.5,10,20,mild,",
    "2025-01-04,picc,observer,,ultrasound,,,,,,",
]


def csv_file(tmp_path, *rows, header=HEADER, name="cases.csv"):
    path = tmp_path / name
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def run_import(path, *args):
    """``seldinger caselog import`` in-process; returns (stdout, stderr, error or None)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("caselog", "import", str(path), *args, stdout=out, stderr=err)
    except CommandError as error:
        return out.getvalue(), err.getvalue(), error
    return out.getvalue(), err.getvalue(), None


@pytest.fixture
def trainee(resident, faculty):
    """The resident, with a faculty member they can name as supervisor."""
    return resident


# All or nothing ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_one_bad_row_saves_nothing_and_every_bad_row_is_listed_with_its_line(tmp_path, trainee):
    path = csv_file(
        tmp_path,
        GOOD[0],
        "2025-01-05,picc,lead,faculty,ultrasound,,,,,none,",  # line 3
        GOOD[1],
        "2025-02-30,picc,primary,faculty,ultrasound,,,,,none,",  # line 5
        "2025-01-06,picc,primary,nobody,laser,,abc,,,fatal,",  # line 6
        GOOD[2],
    )

    out, err, error = run_import(path, "--trainee", "resident")

    assert error is not None and error.returncode != 0
    assert "3 invalid rows; nothing saved" in str(error)
    assert err.splitlines() == [
        f"{path}:3: role: 'lead' is not one of primary, assistant, observer",
        f"{path}:5: date: '2025-02-30' is not a date (YYYY-MM-DD)",
        f"{path}:6: modality: 'laser' is not one of fluoroscopy, ct, ultrasound, mri, cbct",
        f"{path}:6: complication: 'fatal' is not one of none, mild, moderate, severe, "
        "life-threatening, death",
        f"{path}:6: supervisor: 'nobody' is not a faculty member you can name",
        f"{path}:6: fluoro_minutes: 'abc' is not a number",
    ]
    assert "3 new, 0 already in the log, 3 invalid" in out
    assert not CaseEntry.objects.exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_line_numbers_count_physical_lines_blank_lines_and_quoted_line_breaks(tmp_path, trainee):
    path = csv_file(
        tmp_path,
        GOOD[0],
        "",  # line 3: blank, skipped
        '2025-01-05,picc,primary,faculty,ultrasound,,,,,none,"two\nlines"',  # lines 4-5
        "2025-01-05,picc,chief,faculty,ultrasound,,,,,none,",  # line 6
    )
    _, err, error = run_import(path, "--trainee", "resident")
    assert error is not None
    assert err.splitlines() == [
        f"{path}:6: role: 'chief' is not one of primary, assistant, observer"
    ]


@pytest.mark.django_db
def test_skip_invalid_saves_the_valid_rows_and_writes_the_rejected_ones_beside_the_input(
    tmp_path, trainee
):
    path = csv_file(
        tmp_path,
        GOOD[0],
        "2025-01-05,picc,lead,faculty,ultrasound,,,,,none,",
        GOOD[1],
        "2025-01-06,99999,primary,faculty,ultrasound,,,,,none,MRN 1234567",
    )

    out, err, error = run_import(path, "--trainee", "resident", "--skip-invalid")

    assert error is None, err
    rejected = tmp_path / "cases.rejected.csv"
    assert f"Wrote the 2 rejected rows with a reason column to {rejected}" in out
    assert "Saved 2 cases." in out
    lines = rejected.read_text().splitlines()
    assert lines[0] == f"{HEADER},line,reason"
    assert lines[1].startswith("2025-01-05,picc,lead,")
    assert lines[1].endswith(",3,\"role: 'lead' is not one of primary, assistant, observer\"")
    assert ",5," in lines[2] and "procedure: '99999'" in lines[2] and "notes:" in lines[2]
    assert len(lines) == 3
    assert CaseEntry.objects.filter(trainee=trainee).count() == 2


@pytest.mark.django_db
def test_imported_cases_are_audited_one_entry_each(tmp_path, trainee):
    result = transfer_import.import_file(
        path=csv_file(tmp_path, *GOOD), trainee=trainee, actor=trainee
    )

    assert result.report.saved == 3
    cases = list(CaseEntry.objects.filter(trainee=trainee).order_by("id"))
    assert [case.source for case in cases] == ["import"] * 3
    assert [case.status for case in cases] == ["pending"] * 3
    entries = AuditEntry.objects.filter(record_type="caselog.CaseEntry").order_by("id")
    assert [entry.record_id for entry in entries] == [str(case.pk) for case in cases]
    for case, entry in zip(cases, entries, strict=True):
        assert entry.actor == trainee and entry.action == "create" and entry.before is None
        assert entry.after == case_record(case)
    first = cases[0]
    assert first.supervisor.username == "faculty"
    assert first.fluoro_minutes == Decimal("0.50") and first.dap_gycm2 is None
    assert first.age_band == "adult" and first.notes == "right basilic"
    assert cases[2].supervisor is None and cases[2].complication == "none"


@pytest.mark.django_db
def test_the_command_line_import_is_audited_without_an_actor(tmp_path, trainee):
    _, err, error = run_import(csv_file(tmp_path, GOOD[0]), "--trainee", "resident")
    assert error is None, err
    entry = AuditEntry.objects.get()
    assert entry.actor is None and entry.action == "create"


# Duplicates --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_reimporting_the_same_file_adds_nothing(tmp_path, trainee):
    path = csv_file(tmp_path, *GOOD)
    run_import(path, "--trainee", "resident")
    assert CaseEntry.objects.count() == 3

    out, _, error = run_import(path, "--trainee", "resident")

    assert error is None
    assert "0 new, 3 already in the log, 0 invalid" in out and "Saved 0 cases." in out
    assert CaseEntry.objects.count() == 3
    assert AuditEntry.objects.count() == 3


@pytest.mark.django_db
def test_duplicates_count_with_multiplicity(tmp_path, trainee):
    run_import(csv_file(tmp_path, GOOD[0], name="once.csv"), "--trainee", "resident")

    twice = csv_file(tmp_path, GOOD[0], GOOD[0], GOOD[1], name="twice.csv")
    result = transfer_import.import_file(path=twice, trainee=trainee, actor=trainee)

    assert (result.report.new, result.report.duplicate, result.report.saved) == (2, 1, 2)
    assert CaseEntry.objects.count() == 3
    again = transfer_import.import_file(path=twice, trainee=trainee, actor=trainee)
    assert (again.report.new, again.report.duplicate, again.report.saved) == (0, 3, 0)


@pytest.mark.django_db
def test_a_case_logged_on_the_web_is_recognised_as_a_duplicate(tmp_path, trainee):
    checked = importer.check_rows(
        importer.read_table(csv_file(tmp_path, GOOD[1]).read_bytes(), name="cases.csv"),
        trainee_id=trainee.pk,
        catalogue=selectors.catalogue(),
        supervisors={"faculty"},
        today=dt.date.today(),
    )
    case = log_case(trainee=trainee, data=checked.valid[0].data)
    assert case.fingerprint == checked.valid[0].fingerprint

    result = transfer_import.import_file(
        path=csv_file(tmp_path, GOOD[1]), trainee=trainee, actor=trainee
    )
    assert (result.report.new, result.report.duplicate) == (0, 1)


# Columns and formats -----------------------------------------------------------------------


@pytest.mark.django_db
def test_a_cpt_code_is_accepted_for_the_procedure(tmp_path, trainee):
    path = csv_file(tmp_path, "2025-01-02,36558,primary,faculty,fluoroscopy,,,,,none,")
    result = transfer_import.import_file(path=path, trainee=trainee, actor=trainee)
    assert result.report.saved == 1
    case = CaseEntry.objects.get()
    assert case.procedure_key == "tunneled-central-line"
    assert case.category_key == "venous-access"


@pytest.mark.django_db
def test_header_in_any_order_and_case_with_unknown_columns_ignored_and_optional_ones_absent(
    tmp_path, trainee
):
    path = csv_file(
        tmp_path,
        "x,ultrasound,primary,PICC-room-3,2025-01-02,picc",
        header="Comment, Modality ,ROLE,Room,Date,procedure",
    )
    result = transfer_import.import_file(path=path, trainee=trainee, actor=trainee)
    assert result.report.saved == 1 and not result.report.errors
    case = CaseEntry.objects.get()
    assert (case.procedure_key, case.role, case.modality) == ("picc", "primary", "ultrasound")
    assert case.supervisor is None and case.notes == ""


@pytest.mark.django_db
def test_a_missing_required_column_is_an_error_naming_it(tmp_path, trainee):
    path = csv_file(
        tmp_path, "2025-01-02,picc,ultrasound", header="date,procedure,modality,supervisor"
    )
    _, _, error = run_import(path, "--trainee", "resident")
    assert error is not None
    assert str(error).startswith(f"{path}:1: missing column 'role';")
    assert "date, procedure, role, modality" in str(error)

    path = csv_file(tmp_path, "picc", header="procedure", name="two.csv")
    _, _, error = run_import(path, "--trainee", "resident")
    assert "missing columns 'date', 'role', 'modality'" in str(error)
    assert not CaseEntry.objects.exists()


@pytest.mark.django_db
def test_files_that_are_not_csv_or_xlsx_are_refused(tmp_path, trainee):
    for name, content, words in [
        ("cases.txt", b"date\n", "is not a CSV or XLSX file"),
        ("cases.csv", b"PK\x03\x04rest", "not CSV text"),
        ("cases.csv", b"%PDF-1.4\x00\x01", "binary file"),
        ("cases.xlsx", b"date,procedure\n", "not readable as an XLSX workbook"),
        ("cases.csv", b"", "the file is empty"),
    ]:
        path = tmp_path / name
        path.write_bytes(content)
        _, _, error = run_import(path, "--trainee", "resident")
        assert error is not None and words in str(error), (name, str(error))


@pytest.mark.django_db
def test_an_unknown_trainee_or_file_is_a_clear_error(tmp_path, trainee):
    _, _, error = run_import(csv_file(tmp_path, GOOD[0]), "--trainee", "nobody")
    assert "--trainee: no user named 'nobody'" in str(error)
    _, _, error = run_import(tmp_path / "absent.csv", "--trainee", "resident")
    assert "absent.csv: cannot read the file" in str(error)


def xlsx_bytes(rows):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.mark.django_db
def test_xlsx_import_with_date_and_number_cells(tmp_path, trainee):
    path = tmp_path / "cases.xlsx"
    path.write_bytes(
        xlsx_bytes(
            [
                ["Date", "Procedure", "Role", "Supervisor", "Modality", "Fluoro_minutes", "Extra"],
                [dt.datetime(2025, 1, 2, 14), "picc", "primary", "faculty", "ultrasound", 1.5, "x"],
                [],
                [dt.date(2025, 1, 3), 36558, "assistant", None, "fluoroscopy", 3, None],
                [dt.date(2025, 1, 4), "picc", "boss", None, "ultrasound", None, None],
            ]
        )
    )

    out, err, error = run_import(path, "--trainee", "resident", "--skip-invalid")

    assert error is None
    assert err.splitlines() == [
        f"{path}:5: role: 'boss' is not one of primary, assistant, observer"
    ]
    assert (tmp_path / "cases.rejected.csv").exists()
    cases = list(CaseEntry.objects.order_by("performed_on"))
    assert [case.performed_on for case in cases] == [dt.date(2025, 1, 2), dt.date(2025, 1, 3)]
    assert cases[0].fluoro_minutes == Decimal("1.50")
    assert cases[1].procedure_key == "tunneled-central-line"
    assert cases[1].fluoro_minutes == Decimal("3.00")
    assert "Saved 2 cases." in out


# Dry run and JSON ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_dry_run_reports_counts_and_saves_nothing(tmp_path, trainee):
    run_import(csv_file(tmp_path, GOOD[0], name="first.csv"), "--trainee", "resident")
    path = csv_file(tmp_path, *GOOD, "2025-01-05,picc,lead,faculty,ultrasound,,,,,none,")

    out, err, error = run_import(
        path, "--trainee", "resident", "--dry-run", "--skip-invalid", "--format", "json"
    )

    assert error is None
    report = json.loads(out)
    assert {key: report[key] for key in ("rows", "new", "duplicate", "invalid", "saved")} == {
        "rows": 4,
        "new": 2,
        "duplicate": 1,
        "invalid": 1,
        "saved": 0,
    }
    assert report["dry_run"] is True and report["rejected_file"] is None
    assert report["errors"] == [
        {"line": 5, "field": "role", "message": "'lead' is not one of primary, assistant, observer"}
    ]
    assert f"{path}:5: role:" in err
    assert CaseEntry.objects.count() == 1
    assert not (tmp_path / "cases.rejected.csv").exists()


@pytest.mark.django_db
def test_dry_run_with_invalid_rows_exits_non_zero(tmp_path, trainee):
    path = csv_file(tmp_path, GOOD[0], "2025-01-05,picc,lead,faculty,ultrasound,,,,,none,")
    out, _, error = run_import(path, "--trainee", "resident", "--dry-run")
    assert error is not None and "1 invalid row (fix them" in str(error)
    assert "Dry run: nothing saved." in out
    assert not CaseEntry.objects.exists()


@pytest.mark.django_db
def test_json_summary_of_a_real_import(tmp_path, trainee):
    out, _, error = run_import(
        csv_file(tmp_path, *GOOD), "--trainee", "resident", "--format", "json"
    )
    assert error is None
    assert json.loads(out)["saved"] == 3


# The service's pieces --------------------------------------------------------------------------


@pytest.mark.django_db
def test_rows_can_be_given_instead_of_a_file_and_progress_is_reported(trainee):
    seen = []
    result = transfer_import.import_cases(
        trainee=trainee,
        actor=trainee,
        rows=[
            {"date": dt.date(2025, 1, 2), "procedure": "picc", "role": "primary", "modality": "ct"},
            {"date": "2025-01-03", "procedure": "picc", "role": "x", "modality": "ct"},
        ],
        skip_invalid=True,
        progress=lambda stage, done, total: seen.append((stage, done, total)),
    )
    assert result.report.saved == 1
    assert [(error.line, error.field) for error in result.report.errors] == [(3, "role")]
    assert seen == [("checking", 2, 2), ("saving", 1, 1)]


def test_the_fast_fingerprint_is_the_entries_fingerprint():
    case = CaseData(
        performed_on=dt.date(2025, 1, 2),
        procedure_key="picc",
        category_key="venous-access",
        role="primary",
        supervisor=None,
        modality="ultrasound",
        age_band="",
        fluoro_minutes=Decimal("1.50"),
        dap_gycm2=None,
        air_kerma_mgy=Decimal("0.00"),
        complication="none",
        notes="a|b=c",
    )
    for variant in (case, dataclasses.replace(case, supervisor="faculty", notes="")):
        assert importer.case_fingerprint(7, variant) == fingerprint(7, variant)


@pytest.mark.django_db
def test_the_audited_state_of_an_import_is_case_record(tmp_path, trainee):
    transfer_import.import_file(path=csv_file(tmp_path, GOOD[1]), trainee=trainee, actor=trainee)
    case = CaseEntry.objects.get()
    checked = importer.check_rows(
        importer.read_table(csv_file(tmp_path, GOOD[1]).read_bytes(), name="cases.csv"),
        trainee_id=trainee.pk,
        catalogue=selectors.catalogue(),
        supervisors={"faculty"},
        today=dt.date.today(),
    )
    assert transfer_import.imported_record(checked.valid[0].data) == case_record(case)


@pytest.mark.django_db
def test_the_fast_insert_fills_every_column_of_a_case():
    names = {field.name for field in CaseEntry._meta.concrete_fields} - {"id"}
    assert set(transfer_import.INSERT_FIELDS) == names


def test_quoted_formula_cells_come_back_unquoted():
    table = importer.read_table(
        f"{HEADER}\n2025-01-02,picc,primary,,ct,,,,,none,'=1+2\n".encode(), name="x.csv"
    )
    assert [row.cells[-1] for row in table.rows] == ["=1+2"]
    assert quote_formula("=1+2") == "'=1+2"
    assert quote_formula("-ok") == "'-ok"
    assert quote_formula("ok") == "ok"


def test_import_file_error_names_file_and_line():
    error = ImportFileError("missing column 'role'", line=1)
    assert error.located("cases.csv") == "cases.csv:1: missing column 'role'"
    assert ImportFileError("empty").located("x.csv") == "x.csv: empty"
