"""The "to enter in the ACGME Case Log" list, its audited mark, its export, who sees it,
and the milestones export per period."""

import csv
import io

import openpyxl
import pytest
from django.utils import timezone

from seldinger.accounts.models import Role
from seldinger.acgme.models import CaseLogEntry
from seldinger.audit.models import AuditEntry
from seldinger.caselog import selectors, services
from seldinger.caselog.entries import validate_case
from seldinger.milestones.selectors import milestone_set
from seldinger.milestones.services import save_evaluation

pytestmark = pytest.mark.django_db

PERIOD = "2025-1"


def log(trainee, supervisor, *, procedure="picc", date="2026-01-05", verify=True):
    raw = {
        "date": date,
        "procedure": procedure,
        "role": "primary",
        "supervisor": supervisor.username,
        "modality": "fluoroscopy",
    }
    data, errors = validate_case(
        raw,
        catalogue=selectors.catalogue(),
        supervisors=set(selectors.supervisors_for(trainee).values_list("username", flat=True)),
        today=timezone.localdate(),
    )
    assert not errors, errors
    case = services.log_case(trainee=trainee, data=data)
    if verify:
        assert services.verify_cases(faculty=supervisor, case_ids=[case.pk]) == 1
    return case


@pytest.fixture
def cases(today, resident, faculty):
    faculty.first_name, faculty.last_name = "Ada", "Attending"
    faculty.save()
    return {
        "picc": log(resident, faculty, procedure="picc", date="2026-01-05"),
        "ivc": log(resident, faculty, procedure="ivc-filter-placement", date="2026-01-07"),
        "pending": log(resident, faculty, procedure="picc", date="2026-01-09", verify=False),
    }


def listed(client, trainee, show=""):
    response = client.get(f"/acgme/case-log/{trainee.pk}/" + (f"?show={show}" if show else ""))
    assert response.status_code == 200
    return [row.case_id for row, _ in response.context["rows"]]


def test_the_list_holds_only_verified_cases_not_yet_entered(client, resident, cases):
    client.force_login(resident)
    assert listed(client, resident) == [cases["picc"].pk, cases["ivc"].pk]
    page = client.get(f"/acgme/case-log/{resident.pk}/").content.decode()
    assert "Ada Attending" in page and "36569" in page  # the PICC's CPT code, first as primary


def test_marking_a_case_entered_is_audited_removes_it_and_can_be_undone(client, resident, cases):
    client.force_login(resident)
    case = cases["picc"]
    response = client.post(f"/acgme/cases/{case.pk}/entered/")
    assert response.status_code == 302
    assert listed(client, resident) == [cases["ivc"].pk]
    assert listed(client, resident, "entered") == [case.pk]
    entry = CaseLogEntry.objects.get(case=case)
    created = AuditEntry.objects.get(record_type="acgme.CaseLogEntry", action="create")
    assert created.actor == resident and created.record_id == str(entry.pk)
    assert created.after["case"] == case.pk

    client.post(f"/acgme/cases/{case.pk}/not-entered/")
    assert listed(client, resident) == [case.pk, cases["ivc"].pk]
    assert AuditEntry.objects.filter(record_type="acgme.CaseLogEntry", action="delete").count() == 1


def test_a_pending_case_cannot_be_marked(client, resident, cases):
    client.force_login(resident)
    assert client.post(f"/acgme/cases/{cases['pending'].pk}/entered/").status_code == 404
    assert not CaseLogEntry.objects.exists()


def test_the_csv_export_has_the_case_log_fields_in_order(client, resident, cases):
    client.force_login(resident)
    client.post(f"/acgme/cases/{cases['ivc'].pk}/entered/")
    response = client.get(f"/acgme/case-log/{resident.pk}/export.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["date", "role", "cpt_codes", "category", "attending", "procedure", "case_id"]
    assert rows[1] == [
        "2026-01-05",
        "Primary operator",
        "36569 36573",  # the PICC's CPT codes, the primary first
        "",
        "Ada Attending",
        "PICC line placement",
        str(cases["picc"].pk),
    ]
    assert len(rows) == 2  # the entered IVC filter case is not listed


def test_the_xlsx_export_uses_the_programs_category_setting(client, resident, cases, settings):
    settings.SELDINGER_ACGME_CASE_CATEGORIES = {cases["picc"].category_key: "Venous access"}
    client.force_login(resident)
    response = client.get(f"/acgme/case-log/{resident.pk}/export.xlsx?show=all")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][3] == "category"
    assert [row[3] for row in values[1:]] == ["Venous access", None]


@pytest.mark.parametrize(
    ("persona", "status"),
    [("director", 200), ("coordinator", 200), ("faculty", 404), ("other_resident", 404)],
)
def test_who_sees_and_marks_a_residents_list(client, request, resident, cases, persona, status):
    viewer = request.getfixturevalue(persona)
    client.force_login(viewer)
    assert client.get(f"/acgme/case-log/{resident.pk}/").status_code == status
    assert client.get(f"/acgme/case-log/{resident.pk}/export.csv").status_code == status
    marked = client.post(f"/acgme/cases/{cases['picc'].pk}/entered/")
    assert marked.status_code == (302 if status == 200 else 404)
    assert CaseLogEntry.objects.filter(case=cases["picc"]).exists() == (status == 200)


def test_anonymous_is_sent_to_log_in(client, resident, cases):
    response = client.get(f"/acgme/case-log/{resident.pk}/")
    assert response.status_code == 302 and "/login" in response["Location"]
    assert client.post(f"/acgme/cases/{cases['picc'].pk}/entered/").status_code == 302
    assert not CaseLogEntry.objects.exists()


@pytest.fixture
def committee_sheet(today, director, resident):
    sheet = {key: 3 for key in milestone_set().subcompetency_keys()}
    sheet.update(pc5=2.5, ics3="not yet assessable")
    resident.first_name, resident.last_name = "Rae", "Resident"
    resident.save()
    return save_evaluation(
        actor=director, resident=resident, period=PERIOD, ratings=sheet, submit=True
    )


def test_the_milestones_export_lists_resident_subcompetency_and_level(
    client, coordinator, committee_sheet
):
    client.force_login(coordinator)
    response = client.get(f"/acgme/milestones/export.csv?period={PERIOD}")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["resident", "subcompetency", "level"]
    assert len(rows) == 1 + 31
    labels = [sub.label for sub in milestone_set().subcompetencies]
    assert [row[1] for row in rows[1:]] == labels  # the Milestones 2.0 order
    by_sub = {row[1].split()[0]: row for row in rows[1:]}
    assert by_sub["PC5"] == ["Rae Resident", "PC5 Performance of Procedures", "2.5"]
    assert by_sub["PC1"][2] == "3" and by_sub["ICS3"][2] == "Not yet assessable"
    other = client.get("/acgme/milestones/export.csv?period=2024-2")
    assert other.content.decode("utf-8-sig").strip() == "resident,subcompetency,level"


def test_the_milestones_xlsx_has_the_same_rows(client, director, committee_sheet):
    client.force_login(director)
    response = client.get(f"/acgme/milestones/export.xlsx?period={PERIOD}")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 32 and sheet.cell(2, 1).value == "Rae Resident"


@pytest.mark.parametrize("persona", ["resident", "faculty", "student"])
def test_only_leaders_export_milestones(client, request, committee_sheet, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get("/acgme/milestones/").status_code == 403
    assert client.get(f"/acgme/milestones/export.csv?period={PERIOD}").status_code == 403


def test_another_programs_director_exports_none_of_these_residents(
    client, make_user, other_program, committee_sheet
):
    other = make_user("other_director", Role.DIRECTOR, program=other_program, kind="director")
    client.force_login(other)
    response = client.get(f"/acgme/milestones/export.csv?period={PERIOD}")
    assert response.content.decode("utf-8-sig").strip() == "resident,subcompetency,level"
