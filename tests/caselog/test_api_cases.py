"""The case log API: the same validation, visibility and services as the web pages."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from seldinger.audit.models import AuditEntry
from seldinger.caselog import services
from seldinger.caselog.models import CaseEntry

pytestmark = pytest.mark.django_db

CASES = "/api/caselog/cases"


def case_json(**changes):
    return {
        "procedure": "picc",
        "role": "primary",
        "supervisor": "faculty",
        "modality": "ultrasound",
        "fluoro_minutes": 2.5,
        **changes,
    }


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def put(client, url, body):
    return client.put(url, json.dumps(body), content_type="application/json")


@pytest.fixture
def logged(client, resident, faculty):
    """A case the resident logged through the API (the client stays logged in as resident)."""
    client.force_login(resident)
    response = post(client, CASES, case_json(date="2026-01-05"))
    assert response.status_code == 201, response.content
    return CaseEntry.objects.get(pk=response.json()["id"])


def test_api_needs_a_login(client):
    assert client.get(CASES).status_code == 401
    assert post(client, CASES, case_json()).status_code == 401
    assert client.get("/api/caselog/verification-queue").status_code == 401


def test_procedure_search(client):
    found = client.get("/api/caselog/procedures", {"q": "mediport"}).json()["items"]
    assert found[0]["key"] == "port-chest"
    assert found[0]["cpt_codes"] == ["36561"] and found[0]["category"] == "venous-access"
    by_cpt = client.get("/api/caselog/procedures", {"q": "37243"}).json()["items"]
    assert {item["key"] for item in by_cpt} >= {"tace", "radioembolization"}
    assert client.get("/api/caselog/procedures", {"q": ""}).json()["items"] == []


def test_log_a_case_defaults_the_date_to_today(client, resident, faculty):
    client.force_login(resident)
    response = post(client, CASES, case_json())
    assert response.status_code == 201
    body = response.json()
    assert body["date"] == timezone.localdate().isoformat()
    assert body["procedure"] == "picc" and body["procedure_name"] == "PICC line placement"
    assert body["supervisor"] == "faculty" and body["status"] == "pending"
    assert body["fluoro_minutes"] == 2.5 and body["source"] == "api"
    case = CaseEntry.objects.get(pk=body["id"])
    assert case.trainee == resident and case.source == "api"
    entry = AuditEntry.objects.get(record_type="caselog.CaseEntry", record_id=str(case.pk))
    assert entry.action == "create" and entry.actor == resident


def test_cpt_code_and_string_numbers_are_accepted(client, resident, faculty):
    client.force_login(resident)
    response = post(client, CASES, case_json(procedure="36561", dap_gycm2="12.346"))
    assert response.status_code == 201
    assert response.json()["procedure"] == "port-chest" and response.json()["dap_gycm2"] == 12.35


def test_validation_errors_are_400_with_field_errors(client, resident, faculty):
    client.force_login(resident)
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = post(
        client,
        CASES,
        case_json(date=tomorrow, role="", modality="xray", supervisor="nobody", fluoro_minutes=-1),
    )
    assert response.status_code == 400
    body = response.json()
    fields = {error["field"] for error in body["errors"]}
    assert fields == {"date", "role", "modality", "supervisor", "fluoro_minutes"}
    assert body["detail"].startswith("The case has errors")
    assert not CaseEntry.objects.exists()


def test_phi_in_notes_is_rejected_with_the_message(client, resident, faculty):
    client.force_login(resident)
    response = post(client, CASES, case_json(notes="pt name: Johnson, call 555-123-4567"))
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["field"] == "notes" and error["message"].startswith("This may identify a patient")
    assert "a phone number" in error["message"]


def test_non_trainee_cannot_log(client, faculty):
    client.force_login(faculty)
    response = post(client, CASES, case_json())
    assert response.status_code == 403
    assert response.json() == {
        "detail": "Only residents and fellows keep a case log.",
        "errors": [],
    }


def test_list_get_update_and_delete_own_case(client, logged):
    assert [item["id"] for item in client.get(CASES).json()["items"]] == [logged.pk]
    assert client.get(f"{CASES}/{logged.pk}").json()["date"] == "2026-01-05"

    updated = put(client, f"{CASES}/{logged.pk}", case_json(role="assistant"))
    assert updated.status_code == 200
    assert updated.json()["role"] == "assistant" and updated.json()["date"] == "2026-01-05"
    bad = put(client, f"{CASES}/{logged.pk}", case_json(notes="MRN 99887766"))
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "notes"

    assert client.delete(f"{CASES}/{logged.pk}").status_code == 204
    assert not CaseEntry.objects.filter(pk=logged.pk).exists()
    actions = AuditEntry.objects.filter(record_id=str(logged.pk)).values_list("action", flat=True)
    assert sorted(actions) == ["create", "delete", "update"]


def test_list_filters(client, logged):
    post(client, CASES, case_json(date="2026-02-01", procedure="tace"))
    assert len(client.get(CASES, {"category": "embolization"}).json()["items"]) == 1
    assert len(client.get(CASES, {"date_from": "2026-01-10"}).json()["items"]) == 1
    assert len(client.get(CASES, {"status": "pending"}).json()["items"]) == 2


def test_verified_case_cannot_be_changed_through_the_api(client, logged, faculty):
    services.verify_cases(faculty=faculty, case_ids=[logged.pk])
    response = put(client, f"{CASES}/{logged.pk}", case_json(role="observer"))
    assert response.status_code == 409
    assert response.json() == {"detail": "This case is verified and read-only.", "errors": []}
    assert client.delete(f"{CASES}/{logged.pk}").status_code == 409
    logged.refresh_from_db()
    assert logged.role == "primary" and logged.status == "verified"


def test_faculty_queue_bulk_verify_and_return(client, logged, resident, faculty):
    second = post(client, CASES, case_json()).json()["id"]
    third = post(client, CASES, case_json()).json()["id"]
    client.force_login(faculty)
    queue = client.get("/api/caselog/verification-queue").json()["items"]
    assert [item["id"] for item in queue] == [logged.pk, second, third]
    assert queue[0]["trainee"] == "resident"

    verified = post(client, f"{CASES}/verify", {"case_ids": [logged.pk, second, 999999]})
    assert verified.status_code == 200 and verified.json() == {"verified": 2}

    empty = post(client, f"{CASES}/{third}/return", {"comment": " "})
    say = "Say what the trainee should correct."
    assert empty.status_code == 400
    assert empty.json() == {"detail": say, "errors": [{"field": "comment", "message": say}]}
    returned = post(client, f"{CASES}/{third}/return", {"comment": "Wrong modality."})
    assert returned.status_code == 200
    assert returned.json()["status"] == "returned"
    assert returned.json()["return_comment"] == "Wrong modality."
    again = post(client, f"{CASES}/{third}/return", {"comment": "x"})
    assert again.status_code == 409
    assert client.get("/api/caselog/verification-queue").json()["items"] == []

    client.force_login(resident)
    fixed = put(client, f"{CASES}/{third}", case_json(modality="ct"))
    assert fixed.json()["status"] == "pending"
    actions = AuditEntry.objects.filter(record_id=str(third)).values_list("action", flat=True)
    assert list(actions).count("update") == 2


def test_director_lists_a_residents_cases(client, logged, director):
    client.force_login(director)
    response = client.get(CASES, {"trainee": "resident"})
    assert response.status_code == 200 and [item["id"] for item in response.json()["items"]] == [
        logged.pk
    ]
    assert client.get(f"{CASES}/{logged.pk}").status_code == 200
    assert client.get(CASES).json()["items"] == []
    assert put(client, f"{CASES}/{logged.pk}", case_json()).status_code == 404
    assert post(client, f"{CASES}/{logged.pk}/return", {"comment": "x"}).status_code == 403


def test_openapi_lists_the_case_endpoints(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in (
        "/api/caselog/procedures",
        "/api/caselog/cases",
        "/api/caselog/cases/{case_id}",
        "/api/caselog/cases/verify",
        "/api/caselog/cases/{case_id}/return",
        "/api/caselog/verification-queue",
    ):
        assert path in paths
