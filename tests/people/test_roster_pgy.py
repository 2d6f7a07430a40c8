"""The roster's optional PGY (with the pathway it is a year of): checked against the pathway's
rules when the file is read, kept on the invitation, and written to the invitee's training
record when they accept; every problem named by file, line and column on the web, the API
and the command line."""

import datetime as dt
import io
import re

import openpyxl
import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from seldinger.accounts.models import User
from seldinger.audit.models import AuditEntry
from seldinger.pathways.models import TrainingRecord
from seldinger.people import services
from seldinger.people.models import Invitation

pytestmark = pytest.mark.django_db

GOOD = (
    "email,first_name,last_name,role,start_date,end_date,pgy,pathway\n"
    "ana@example.org,Ana,Ibarra,resident,2026-07-01,2030-06-30,PGY-3,integrated-ir\n"
    "ben@example.org,Ben,Okafor,faculty,,,,\n"
)
BAD = (
    "email,first_name,last_name,role,pgy,pathway\n"
    "ana@example.org,Ana,Ibarra,resident,7,integrated-ir\n"
    "ben@example.org,Ben,Okafor,faculty,2,dr-only\n"
    "cleo@example.org,Cleo,Park,fellow,9,independent-ir\n"
    "dev@example.org,Dev,Shah,resident,3,\n"
    "eli@example.org,Eli,Ross,resident,2,cardiology\n"
)
PROBLEMS = [
    (2, "pgy", "Integrated IR/DR residency has 6 postgraduate years; PGY7 is not part of it"),
    (3, "pgy", "only residents and fellows have a PGY, not faculty"),
    (4, "pgy", "'9' is not a postgraduate year: 1 to 7"),
    (5, "pathway", "a PGY needs the pathway it is a year of"),
    (
        6,
        "pathway",
        "unknown pathway 'cardiology'; choose one of dr-only, independent-ir, "
        "independent-ir-esir, integrated-ir, legacy-vir",
    ),
]


def _upload(name, content):
    return SimpleUploadedFile(name, content)


def test_the_pgy_is_previewed_kept_and_becomes_the_training_record_on_acceptance(
    client, director, program, django_capture_on_commit_callbacks
):
    client.force_login(director)
    address = f"/accounts/programs/{program.pk}/people/roster/"

    preview = client.post(address, {"file": _upload("roster.csv", GOOD.encode())})
    assert "PGY-3" in preview.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(address, {"confirm": "1"})
    invitation = Invitation.objects.get(email="ana@example.org")
    assert (invitation.pgy, invitation.pathway) == (3, "integrated-ir")
    assert Invitation.objects.get(email="ben@example.org").pgy is None
    client.logout()

    response = client.post(
        f"/accounts/invitations/{_secret_for('ana@example.org')}/",
        {"password": "a-long-new-password-91", "password_again": "a-long-new-password-91"},
    )

    assert response.status_code == 302
    ana = User.objects.get(email="ana@example.org")
    record = TrainingRecord.objects.get(user=ana)
    assert (record.pathway, record.stage, record.stage_start) == (
        "integrated-ir",
        "pgy3",
        dt.date(2026, 7, 1),
    )
    entry = AuditEntry.objects.get(record_type="pathways.TrainingRecord", record_id=str(record.pk))
    assert entry.actor == ana and entry.after["stage"] == "pgy3"


def _secret_for(email):
    message = next(m for m in reversed(mail.outbox) if m.to == [email])
    return re.search(r"/accounts/invitations/(\S+)/", message.body).group(1)


def test_an_existing_training_record_is_not_replaced(
    director, program, resident, django_capture_on_commit_callbacks
):
    TrainingRecord.objects.create(
        user=resident, pathway="dr-only", stage="pgy2", stage_start=dt.date(2025, 7, 1)
    )
    resident.email = "res@example.org"
    resident.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.import_roster(
            actor=director,
            program=program,
            content=b"email,first_name,last_name,role,pgy,pathway\n"
            b"other@example.org,Res,Ident,resident,4,integrated-ir\n",
            name="roster.csv",
            dry_run=False,
        )
    invitation = Invitation.objects.get()
    invitation.email = "res@example.org"
    invitation.save()

    services.accept_as(invitation=invitation, user=resident)

    assert TrainingRecord.objects.get(user=resident).stage == "pgy2"


def test_the_page_names_each_pgy_problem_and_invites_nobody(client, director, program):
    client.force_login(director)

    response = client.post(
        f"/accounts/programs/{program.pk}/people/roster/",
        {"file": _upload("roster.csv", BAD.encode())},
    )

    page = response.content.decode().replace("&#x27;", "'")
    assert response.status_code == 400
    assert "Nothing imported: roster.csv has 5 problems." in page
    for _, field, message in PROBLEMS:
        assert f"<code>{field}</code></td><td>{message}</td>" in page
    assert not Invitation.objects.exists()


def test_the_api_answers_each_pgy_problem_with_line_and_field(api_login, director, program):
    client = api_login(director)

    refused = client.post(
        f"/api/accounts/programs/{program.pk}/invitations/roster",
        {"file": _upload("bad.csv", BAD.encode()), "dry_run": "false"},
    )

    assert refused.status_code == 422
    errors = [(e["line"], e["field"], e["message"]) for e in refused.json()["errors"]]
    assert errors == PROBLEMS
    assert not Invitation.objects.exists()


def test_the_command_line_names_file_line_and_column(tmp_path, director, program, capsys):
    roster = tmp_path / "bad.csv"
    roster.write_text(BAD)

    with pytest.raises(CommandError, match="5 errors; nobody invited"):
        call_command("roster", str(program.pk), str(roster), "--by", "director")

    err = capsys.readouterr().err
    for line, field, message in PROBLEMS:
        assert f"{roster}:{line}: {field}: {message}" in err


def test_an_xlsx_pgy_may_be_a_number(tmp_path, director, program, capsys):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["email", "first_name", "last_name", "role", "pgy", "pathway"])
    sheet.append(["ana@example.org", "Ana", "Ibarra", "fellow", 6, "independent-ir"])
    content = io.BytesIO()
    workbook.save(content)
    roster = tmp_path / "roster.xlsx"
    roster.write_bytes(content.getvalue())

    call_command("roster", str(program.pk), str(roster), "--by", "director")

    assert Invitation.objects.get().pgy == 6
