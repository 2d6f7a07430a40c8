"""A roster file (CSV or XLSX) becomes invitations: previewed first, all or nothing, and every
problem named by file, line and column; on the web, the API and the command line."""

import io
import json

import openpyxl
import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from seldinger.audit.models import AuditEntry
from seldinger.people.models import Invitation

pytestmark = pytest.mark.django_db

GOOD = (
    "email,first_name,last_name,role,start_date,end_date\n"
    "ana@example.org,Ana,Ibarra,resident,2026-07-01,2031-06-30\n"
    "ben@example.org,Ben,Okafor,Faculty,,\n"
)
BAD = (
    "email,first_name,last_name,role,start_date\n"
    "ana@example.org,Ana,Ibarra,resident,2026-07-01\n"
    "not-an-address,Ben,Okafor,surgeon,01-07-2026\n"
    "ANA@example.org,Ana,Twice,resident,\n"
)


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def test_the_page_previews_the_roster_then_invites_everyone_on_confirmation(
    client, director, program, django_capture_on_commit_callbacks
):
    client.force_login(director)
    address = f"/accounts/programs/{program.pk}/people/roster/"

    preview = client.post(address, {"file": _upload("roster.csv", GOOD.encode())})
    assert preview.status_code == 200
    assert "ana@example.org" in preview.content.decode()
    assert not Invitation.objects.exists() and not mail.outbox

    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(address, {"confirm": "1"})

    assert confirmed.status_code == 302
    invited = Invitation.objects.order_by("email")
    assert [(i.email, i.role) for i in invited] == [
        ("ana@example.org", "resident"),
        ("ben@example.org", "faculty"),
    ]
    assert sorted(message.to[0] for message in mail.outbox) == [
        "ana@example.org",
        "ben@example.org",
    ]
    assert AuditEntry.objects.filter(record_type="people.Invitation", actor=director).count() == 2


def test_a_roster_with_a_bad_row_invites_nobody_and_names_each_problem(client, director, program):
    client.force_login(director)

    response = client.post(
        f"/accounts/programs/{program.pk}/people/roster/",
        {"file": _upload("roster.csv", BAD.encode())},
    )
    page = response.content.decode()

    assert response.status_code == 400
    assert "Nothing imported: roster.csv has 4 problems." in page
    assert "&#x27;not-an-address&#x27; is not an e-mail address" in page
    assert "&#x27;surgeon&#x27; is not one of resident, fellow, faculty" in page
    assert "ANA@example.org is on line 2 too" in page
    assert not Invitation.objects.exists()


def test_an_xlsx_roster_reads_like_a_csv_one(client, director, program):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in GOOD.strip().split("\n"):
        sheet.append(row.split(","))
    content = io.BytesIO()
    workbook.save(content)
    client.force_login(director)

    response = client.post(
        f"/accounts/programs/{program.pk}/people/roster/",
        {"file": _upload("roster.xlsx", content.getvalue())},
    )

    assert "Ana Ibarra" in response.content.decode()
    assert "2 people to invite" in response.content.decode()


def test_a_file_that_is_not_a_roster_is_refused_by_name(client, director, program):
    client.force_login(director)

    response = client.post(
        f"/accounts/programs/{program.pk}/people/roster/",
        {"file": _upload("roster.txt", b"hello")},
    )

    assert response.status_code == 400
    assert "roster.txt is not a CSV or XLSX file" in response.content.decode()


def test_the_api_previews_by_default_and_refuses_a_bad_roster_with_every_row(
    api_login, director, program
):
    client = api_login(director)
    address = f"/api/accounts/programs/{program.pk}/invitations/roster"

    preview = client.post(address, {"file": _upload("roster.csv", GOOD.encode())})
    refused = client.post(address, {"file": _upload("bad.csv", BAD.encode()), "dry_run": "false"})
    saved = client.post(address, {"file": _upload("roster.csv", GOOD.encode()), "dry_run": "false"})

    assert preview.status_code == 200 and preview.json()["dry_run"] is True
    assert refused.status_code == 422
    assert {
        "field": "role",
        "line": 3,
        "message": "'surgeon' is not one of resident, fellow, faculty",
    } in refused.json()["errors"]
    assert saved.json()["invited"] == 2
    assert Invitation.objects.count() == 2


def test_the_command_line_imports_a_roster_with_a_dry_run_first(
    tmp_path, director, program, capsys
):
    roster = tmp_path / "roster.csv"
    roster.write_text(GOOD)

    call_command("roster", str(program.pk), str(roster), "--by", "director", "--dry-run")
    assert not Invitation.objects.exists()
    call_command("roster", program.acgme_id, str(roster), "--by", "director", "--format", "json")

    out = capsys.readouterr().out
    assert "Dry run: nothing saved" in out
    assert json.loads(out[out.index("{") :])["invited"] == 2
    assert Invitation.objects.count() == 2


def test_the_command_line_names_file_line_and_column_and_saves_nothing(
    tmp_path, director, program, capsys
):
    roster = tmp_path / "bad.csv"
    roster.write_text(BAD)

    with pytest.raises(CommandError, match="4 errors; nobody invited"):
        call_command("roster", str(program.pk), str(roster), "--by", "director")

    err = capsys.readouterr().err
    assert f"{roster}:3: role: 'surgeon' is not one of resident, fellow, faculty" in err
    assert f"{roster}:3: start_date: '01-07-2026' is not a date (YYYY-MM-DD)" in err
    assert not Invitation.objects.exists()


def test_the_command_line_refuses_someone_who_does_not_lead_the_program(tmp_path, faculty, program):
    roster = tmp_path / "roster.csv"
    roster.write_text(GOOD)

    with pytest.raises(CommandError, match="not a program faculty directs or coordinates"):
        call_command("roster", str(program.pk), str(roster), "--by", "faculty")
