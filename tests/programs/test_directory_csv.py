"""CSV import and export: round trip, all or nothing, errors naming file, line and column."""

import csv
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from seldinger.audit.models import AuditEntry
from seldinger.programs import csvio, services
from seldinger.programs.models import Program
from seldinger.tabular import FileError

pytestmark = pytest.mark.django_db

HEADER = "acgme_id,name,kind,institution,city,state,positions_advanced,annual_case_volume\n"


def rows(text):
    return list(csv.DictReader(io.StringIO(text)))


def new_rows(count=7):
    """A header and ``count`` valid rows of new programs (lines 2 .. count + 1)."""
    lines = [HEADER]
    for number in range(1, count + 1):
        lines.append(
            f"NEW-{number:04d},New program {number} (synthetic),integrated-ir,"
            f"Hospital {number},Testville,MN,{number},{1000 * number}\n"
        )
    return lines


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("programs", *args, stdout=out, stderr=err)
    except CommandError as error:
        return out.getvalue(), err.getvalue(), str(error)
    return out.getvalue(), err.getvalue(), None


def test_export_then_import_changes_nothing(directory):
    directory["alpha"].benefits = "-30% parking, =free coffee"
    directory["alpha"].save()
    exported = csvio.export_csv(Program.objects.all())
    before = {p.acgme_id: p.as_record() for p in Program.objects.all()}

    report = services.import_programs(actor=None, content=exported)

    assert report.saved and not report.errors
    assert (report.created, report.updated, report.unchanged) == (0, 0, 5)
    assert {p.acgme_id: p.as_record() for p in Program.objects.all()} == before
    assert not AuditEntry.objects.exists()
    # Cells a spreadsheet would run as formulas are quoted, and unquoted on import.
    alpha = next(row for row in rows(exported) if row["acgme_id"] == "T-ALPHA")
    assert alpha["benefits"] == "'-30% parking, =free coffee"
    assert alpha["research_rotation"] == "yes" and alpha["mix_neuro_pct"] == "10"


def test_export_into_an_empty_database_recreates_every_program(directory):
    exported = csvio.export_csv(Program.objects.all())
    before = {p.acgme_id: p.as_record() for p in Program.objects.all()}
    Program.objects.all().delete()

    report = services.import_programs(actor=None, content=exported.encode("utf-8-sig"))

    assert report.created == 5
    assert {p.acgme_id: p.as_record() for p in Program.objects.all()} == before
    assert AuditEntry.objects.filter(action="create").count() == 5


def test_import_updates_by_acgme_id_keeps_left_out_columns_and_audits(directory, admin_user):
    content = (
        "ACGME_ID, Name ,kind,institution,city,state,faculty_count,research_rotation\n"
        "T-BETA,Beta Independent IR,Independent IR residency,Beta Medical Center,Betatown,or,8,Y\n"
    )

    report = services.import_programs(actor=admin_user, content=content)

    assert (report.updated, report.created) == (1, 0)
    beta = Program.objects.get(acgme_id="T-BETA")
    assert beta.faculty_count == 8 and beta.research_rotation is True
    assert beta.annual_case_volume == 2000  # not in the file: kept
    entry = AuditEntry.objects.get(record_id=str(beta.pk))
    assert entry.actor == admin_user and entry.action == "update"
    assert entry.before == {"faculty_count": 5, "research_rotation": False}
    assert entry.after == {"faculty_count": 8, "research_rotation": True}


def test_a_bad_cell_names_file_line_and_column_and_nothing_is_saved(db):
    lines = new_rows(7)
    lines[6] = lines[6].replace(
        "integrated-ir,Hospital 6,Testville,MN,6,", "integrated-ir,Hospital 6,Testville,MN,x,"
    )

    report = services.import_programs(actor=None, content="".join(lines))

    assert report.error_lines("programs.csv") == [
        "programs.csv:7: positions_advanced: 'x' is not a whole number"
    ]
    assert not report.saved
    assert not Program.objects.exists()
    assert not AuditEntry.objects.exists()


def test_every_kind_of_row_error_is_reported(directory):
    content = (
        HEADER
        + "N-1,,surgery,H,C,ZZ,-1,lots\n"
        + "N-2,Fine,dr,H,C,MN,1,\n"
        + "N-2,Again,dr,H,C,MN,1,\n"
        + "N-3,Too many,dr,H,C,MN,1,1,extra\n"
    )

    errors = services.import_programs(actor=None, content=content).error_lines("p.csv")

    assert errors == [
        "p.csv:2: name: required",
        "p.csv:2: kind: 'surgery' is not one of integrated-ir, independent-ir, dr, dr-esir",
        "p.csv:2: state: 'ZZ' is not a US state code (two letters, like MN)",
        "p.csv:2: positions_advanced: '-1' is not a whole number",
        "p.csv:2: annual_case_volume: 'lots' is not a whole number",
        "p.csv:4: acgme_id: 'N-2' is also on line 3",
        "p.csv:5: row: 9 cells but 8 columns",
    ]
    assert Program.objects.count() == 5


def test_model_rules_apply_to_imports_too(db):
    content = (
        "acgme_id,name,kind,institution,city,state,mix_vascular_pct,mix_oncologic_pct,"
        "contact_email,research_rotation\n"
        "N-1,One,dr,H,C,MN,70,40,not-an-email,maybe\n"
    )

    errors = services.import_programs(actor=None, content=content).error_lines("p.csv")

    assert errors == [
        "p.csv:2: row: The procedure-mix percentages add up to 110, over 100.",
        "p.csv:2: research_rotation: 'maybe' is not yes or no",
        "p.csv:2: contact_email: Enter a valid email address.",
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "p.csv: the file is empty; it needs a header row"),
        ("acgme_id,name,kind,institution,city\n", "p.csv:1: missing column 'state'"),
        (
            HEADER.replace("annual_case_volume", "anual_case_volume"),
            "p.csv:1: unknown column 'anual_case_volume'",
        ),
        (
            "acgme_id,acgme_id,name,kind,institution,city,state\n",
            "p.csv:1: column 'acgme_id' appears twice",
        ),
        (b"\xff\xfe\x00a", "p.csv: not a UTF-8 text file (save it as CSV UTF-8)"),
    ],
)
def test_file_errors(db, content, message):
    with pytest.raises(FileError) as error:
        services.import_programs(actor=None, content=content)
    assert error.value.located("p.csv").startswith(message)


def test_dry_run_checks_and_counts_but_saves_nothing(directory):
    report = services.import_programs(actor=None, content="".join(new_rows(3)), dry_run=True)
    assert (report.created, report.saved, report.errors) == (3, False, [])
    assert Program.objects.count() == 5


def test_cli_import_and_export(tmp_path, directory):
    path = tmp_path / "programs.csv"
    out, err, failure = run("export", "-o", str(path))
    assert failure is None
    assert path.read_text().count("\n") == 6

    lines = new_rows(7)
    lines[6] = lines[6].replace("MN,6,", "MN,x,")
    bad = tmp_path / "new.csv"
    bad.write_text("".join(lines))
    out, err, failure = run("import", str(bad))
    assert f"{bad}:7: positions_advanced: 'x' is not a whole number" in err
    assert failure == f"{bad}: 1 error; nothing saved"
    assert not Program.objects.filter(acgme_id__startswith="NEW-").exists()

    good = tmp_path / "good.csv"
    good.write_text("".join(new_rows(2)))
    out, err, failure = run("import", str(good), "--dry-run")
    assert failure is None and "Dry run: nothing saved." in out
    out, err, failure = run("import", str(good), "--format", "json")
    assert failure is None
    assert json.loads(out)["created"] == 2 and json.loads(out)["saved"] is True
    assert Program.objects.filter(acgme_id__startswith="NEW-").count() == 2

    out, err, failure = run("import", str(tmp_path / "missing.csv"))
    assert failure.startswith(f"{tmp_path / 'missing.csv'}: cannot read the file")


def test_cli_export_to_stdout(directory):
    out, _, failure = run("export")
    assert failure is None
    assert [row["acgme_id"] for row in rows(out)] == [
        "T-ALPHA",
        "T-BETA",
        "T-DELTA",
        "T-EPSILON",
        "T-GAMMA",
    ]


def upload(client, content, *, dry_run=False, name="programs.csv"):
    data = {"file": SimpleUploadedFile(name, content.encode(), content_type="text/csv")}
    if dry_run:
        data["dry_run"] = "on"
    return client.post(reverse("programs:import"), data)


def test_web_import_is_for_administrators_only(client, director, student):
    url = reverse("programs:import")
    assert client.get(url).status_code == 302  # to the login page
    for user in (director, student):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert upload(client, "".join(new_rows(1))).status_code == 403
    assert not Program.objects.filter(acgme_id__startswith="NEW-").exists()


def test_web_import_reports_errors_and_saves_all_or_nothing(client, admin_user):
    client.force_login(admin_user)
    lines = new_rows(7)
    lines[6] = lines[6].replace("MN,6,", "MN,x,")

    response = upload(client, "".join(lines))
    assert response.status_code == 400
    assert "programs.csv:7: positions_advanced: &#x27;x&#x27; is not a whole number" in (
        response.content.decode()
    )
    assert not Program.objects.exists()

    response = upload(client, "".join(new_rows(3)), dry_run=True)
    assert response.status_code == 200 and "Checked (dry run)" in response.content.decode()
    assert not Program.objects.exists()

    response = upload(client, "".join(new_rows(3)))
    assert response.status_code == 200 and "Imported" in response.content.decode()
    assert Program.objects.count() == 3
    assert AuditEntry.objects.filter(actor=admin_user, action="create").count() == 3

    response = upload(client, "acgme_id,name\n")
    assert response.status_code == 400
    assert "programs.csv:1: missing column" in response.content.decode()


def test_a_file_over_the_row_limit_is_refused_and_nothing_saved(tmp_path, settings):
    settings.SELDINGER_MAX_IMPORT_ROWS = 2
    path = tmp_path / "programs.csv"
    path.write_text("".join(new_rows(3)))
    _, _, failure = run("import", str(path))
    assert failure == (
        f"{path}:4: the file has more than 2 rows, the most one import takes; "
        "split it into smaller files"
    )
    assert not Program.objects.filter(acgme_id__startswith="NEW-").exists()
