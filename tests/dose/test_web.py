"""The dose reports page: upload one or many reports or a zip and see what became of each;
confirm a draft in one tap; the coordinator assigns the inbox; each persona sees only theirs."""

import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from seldinger.audit.models import AuditEntry
from seldinger.caselog import services as caselog_services
from seldinger.caselog.entries import CaseData
from seldinger.caselog.models import CaseEntry
from seldinger.dose import synthetic
from seldinger.dose.models import DoseStudy, SuiteName
from seldinger.errors import SeldingerError

pytestmark = pytest.mark.django_db

PAGE = reverse("dose:reports")
UPLOAD = reverse("dose:upload")


def upload(client, *files):
    return client.post(
        UPLOAD, {"files": [SimpleUploadedFile(name, content) for name, content in files]}
    )


def results(response):
    return [(r["file"], r["status"], r["reason"]) for r in response.context["results"]]


def test_a_resident_uploads_files_and_a_zip_and_sees_each_result(client, resident, report_bytes):
    client.force_login(resident)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("in-zip.dcm", report_bytes(biplane=True))
    response = upload(
        client,
        ("one.dcm", report_bytes(description="Renal angiogram")),
        ("scan.dcm", synthetic.to_bytes(synthetic.image(synthetic.Study()))),
        ("batch.zip", archive.getvalue()),
    )
    assert response.status_code == 200
    assert results(response) == [
        ("one.dcm", "draft", ""),
        (
            "scan.dcm",
            "rejected",
            "is a DICOM XA object, not a structured report; Seldinger reads X-Ray Radiation "
            "Dose SRs",
        ),
        ("batch.zip:in-zip.dcm", "draft", ""),
    ]
    page = response.content.decode()
    assert "is a DICOM XA object" in page and "Drafts to confirm" in page
    drafts = DoseStudy.objects.filter(trainee=resident, status="draft").order_by("id")
    assert [d.suggested_procedure for d in drafts] == [
        "angiography-renal",
        "angiography-lower-extremity",
    ]


def test_an_upload_is_held_in_memory_never_in_a_temporary_file(
    client, resident, report_bytes, settings, tmp_path
):
    # Django would write an upload above FILE_UPLOAD_MAX_MEMORY_SIZE into FILE_UPLOAD_TEMP_DIR;
    # a folder that does not exist makes any such write fail.
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 10
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "missing")
    client.force_login(resident)
    response = upload(client, ("one.dcm", report_bytes()))
    assert response.status_code == 200
    assert results(response) == [("one.dcm", "draft", "")]
    assert not (tmp_path / "missing").exists()


def test_an_upload_over_the_request_limit_is_refused_unread(
    client, resident, report_bytes, settings
):
    settings.MAX_REQUEST_UPLOAD_BYTES = 2 * 1024 * 1024
    client.force_login(resident)
    response = upload(client, ("one.dcm", report_bytes() + bytes(3 * 1024 * 1024)))
    assert response.status_code == 400
    assert "The upload is larger than 2 MB: send fewer reports at once." in (
        response.content.decode()
    )
    assert not DoseStudy.objects.exists()


def test_one_tap_confirms_the_draft_into_a_case_awaiting_verification(
    client, resident, faculty, report_bytes
):
    client.force_login(resident)
    upload(client, ("one.dcm", report_bytes(description="Renal angiogram")))
    draft = DoseStudy.objects.get()
    page = client.get(PAGE).content.decode()
    assert f'action="{reverse("dose:confirm", args=[draft.pk])}"' in page
    assert '<option value="angiography-renal" selected>' in page
    response = client.post(
        reverse("dose:confirm", args=[draft.pk]),
        {"procedure": "angiography-renal", "role": "primary", "supervisor": "faculty"},
    )
    case = CaseEntry.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("caselog:case_detail", kwargs={"case_id": case.pk})
    assert (case.trainee, case.procedure_key, case.role, case.supervisor) == (
        resident,
        "angiography-renal",
        "primary",
        faculty,
    )
    assert case.status == CaseEntry.Status.PENDING and case.source == CaseEntry.Source.DOSE_REPORT
    assert (case.dap_gycm2, case.air_kerma_mgy, case.fluoro_minutes) == (
        Decimal("42.50"),
        Decimal("230.00"),
        Decimal("5.00"),
    )
    draft.refresh_from_db()
    assert draft.status == "confirmed" and draft.case == case
    detail = client.get(response.url).content.decode()
    assert "dose report: its date and dose figures are the report" in detail
    assert AuditEntry.objects.filter(record_type="caselog.CaseEntry", action="create").count() == 1


def test_the_dose_of_a_case_from_a_report_cannot_be_edited(client, resident, report_bytes):
    client.force_login(resident)
    upload(client, ("one.dcm", report_bytes()))
    draft = DoseStudy.objects.get()
    client.post(
        reverse("dose:confirm", args=[draft.pk]), {"procedure": "aortography", "role": "assistant"}
    )
    case = CaseEntry.objects.get()
    values = {name: getattr(case, name) for name in CaseData.__slots__}
    values["supervisor"] = None
    changed = CaseData(**{**values, "dap_gycm2": Decimal("1.00")})
    with pytest.raises(SeldingerError) as refused:
        caselog_services.update_case(actor=resident, case=case, data=changed)
    assert refused.value.message == (
        "The dap gycm2 of this case comes from its dose report and cannot be changed."
    )
    same_dose = CaseData(**{**values, "role": "primary"})
    caselog_services.update_case(actor=resident, case=case, data=same_dose)
    case.refresh_from_db()
    assert case.role == "primary" and case.dap_gycm2 == Decimal("42.50")


def test_a_confirmation_without_a_procedure_says_so(client, resident, report_bytes):
    client.force_login(resident)
    upload(client, ("one.dcm", report_bytes(description="nothing known")))
    draft = DoseStudy.objects.get()
    response = client.post(
        reverse("dose:confirm", args=[draft.pk]), {"role": "primary"}, follow=True
    )
    assert "procedure: required" in response.content.decode()
    assert not CaseEntry.objects.exists()


def test_names_the_suite_records_route_a_coordinators_upload(
    client, resident, coordinator, report_bytes
):
    client.force_login(resident)
    client.post(reverse("dose:add_name"), {"name": "Doe, Jane"})
    assert list(SuiteName.objects.values_list("form", flat=True)) == ["DOE^JANE"]
    bad = client.post(reverse("dose:add_name"), {"name": "Jane"})
    assert bad.status_code == 400 and "family and given name" in bad.content.decode()
    client.force_login(coordinator)
    response = upload(
        client,
        ("jane.dcm", report_bytes(staff=("DOE^JANE^^DR",))),
        ("other.dcm", report_bytes(staff=("SMITH^ANN",))),
    )
    assert [r[1] for r in results(response)] == ["draft", "unassigned"]
    inbox = DoseStudy.objects.get(status="unassigned")
    assert f'id="inbox-{inbox.pk}"' in response.content.decode()
    client.post(reverse("dose:assign", args=[inbox.pk]), {"trainee": resident.pk})
    inbox.refresh_from_db()
    assert (inbox.status, inbox.trainee) == ("draft", resident)


# Permissions ---------------------------------------------------------------------------------


@pytest.fixture
def drafts(resident, other_resident, program, report_bytes):
    from seldinger.dose import files, services

    mine = services.import_reports(
        [files.ReportFile("a.dcm", report_bytes())],
        destination=services.destination_for(None, trainee=resident),
        source="command",
        actor=None,
    )[0].study
    theirs = services.import_reports(
        [files.ReportFile("b.dcm", report_bytes())],
        destination=services.destination_for(None, trainee=other_resident),
        source="command",
        actor=None,
    )[0].study
    inbox = services.import_reports(
        [files.ReportFile("c.dcm", report_bytes(staff=("NOBODY^AT ALL",)))],
        destination=services.destination_for(None, program=program),
        source="command",
        actor=None,
    )[0].study
    return mine, theirs, inbox


@pytest.mark.parametrize("persona", ["student", "outsider", "faculty"])
def test_people_without_reports_are_refused_the_page_and_the_upload(
    client, request, persona, report_bytes
):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(PAGE).status_code == 403
    assert upload(client, ("a.dcm", report_bytes())).status_code == 403
    assert not DoseStudy.objects.exists()


def test_logged_out_visitors_are_sent_to_log_in(client):
    assert client.get(PAGE).status_code == 302
    assert client.post(UPLOAD).status_code == 302


def test_no_one_confirms_anothers_draft(client, drafts, other_resident, director, faculty):
    mine, _, _ = drafts
    for persona in (other_resident, faculty):
        client.force_login(persona)
        response = client.post(
            reverse("dose:confirm", args=[mine.pk]), {"procedure": "aortography", "role": "primary"}
        )
        assert response.status_code == 404
    client.force_login(director)  # sees the resident's draft, but none of theirs to confirm
    response = client.post(
        reverse("dose:confirm", args=[mine.pk]), {"procedure": "aortography", "role": "primary"}
    )
    assert response.status_code == 404
    assert not CaseEntry.objects.exists()


def test_each_persona_sees_only_their_drafts_and_inbox(
    client, drafts, resident, other_resident, coordinator, admin_user
):
    mine, theirs, inbox = drafts
    client.force_login(resident)
    page = client.get(PAGE).content.decode()
    assert f'id="draft-{mine.pk}"' in page and f'id="draft-{theirs.pk}"' not in page
    assert "Inbox" not in page
    client.force_login(coordinator)
    page = client.get(PAGE).content.decode()
    assert f'id="inbox-{inbox.pk}"' in page
    client.force_login(other_resident)
    page = client.get(PAGE).content.decode()
    assert f'id="draft-{theirs.pk}"' in page and f'id="inbox-{inbox.pk}"' not in page
    client.force_login(admin_user)
    assert f'id="inbox-{inbox.pk}"' in client.get(PAGE).content.decode()


def test_only_the_programs_leads_assign_its_inbox(
    client, drafts, resident, other_resident, make_user, other_program, faculty
):
    _, _, inbox = drafts
    other_coordinator = make_user(
        "other_coord", "coordinator", program=other_program, kind="coordinator"
    )
    for persona, status in ((other_coordinator, 404), (faculty, 404), (resident, 404)):
        client.force_login(persona)
        response = client.post(reverse("dose:assign", args=[inbox.pk]), {"trainee": resident.pk})
        assert response.status_code == status
    inbox.refresh_from_db()
    assert inbox.status == "unassigned"


def test_a_coordinator_cannot_assign_to_another_programs_trainee(
    client, drafts, coordinator, other_resident
):
    _, _, inbox = drafts
    client.force_login(coordinator)
    response = client.post(
        reverse("dose:assign", args=[inbox.pk]), {"trainee": other_resident.pk}, follow=True
    )
    assert "Choose the trainee this report belongs to." in response.content.decode()
    inbox.refresh_from_db()
    assert inbox.status == "unassigned"


def test_a_name_form_is_removed_only_by_its_trainee(client, resident, other_resident):
    name = SuiteName.objects.create(trainee=resident, form="DOE^JANE")
    client.force_login(other_resident)
    assert client.post(reverse("dose:remove_name", args=[name.pk])).status_code == 404
    client.force_login(resident)
    client.post(reverse("dose:remove_name", args=[name.pk]))
    assert not SuiteName.objects.exists()
