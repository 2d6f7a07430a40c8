"""The one error body of the API: services' errors, ninja's own 422, 401 and 404 alike,
and the OpenAPI document declaring it."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

pytestmark = pytest.mark.django_db

ERROR_REF = {"$ref": "#/components/schemas/ErrorOut"}


def _schema_of(response_doc):
    return response_doc["content"]["application/json"]["schema"]


def test_a_missing_query_parameter_is_422_in_the_one_shape(client):
    response = client.get("/api/pathways/plan", {"stage": "ms1"})
    assert response.status_code == 422
    assert response.json() == {
        "detail": "Invalid request: date: Field required",
        "errors": [{"field": "date", "message": "Field required"}],
    }


def test_an_invalid_body_field_is_422_naming_the_field_not_the_parameter(client, student):
    client.force_login(student)
    response = client.post(
        "/api/pathways/plans",
        json.dumps({"stage": "ms1", "stage_start": "someday", "pathway": "integrated-ir"}),
        content_type="application/json",
    )
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["field"] == "stage_start"
    assert response.json()["detail"] == f"Invalid request: stage_start: {error['message']}"


def test_a_service_error_answers_its_status_with_the_field(client):
    response = client.get("/api/pathways/checklist", {"stage": "x"})
    assert response.status_code == 400
    body = response.json()
    assert body["errors"] == [{"field": "stage", "message": body["detail"]}]
    assert body["detail"].startswith("unknown stage 'x'; choose one of premed, ms1, ")


def test_not_found_from_a_service_keeps_its_message(client, director):
    client.force_login(director)
    response = client.get("/api/caselog/cases", {"trainee": "nobody"})
    assert response.status_code == 404
    assert response.json() == {
        "detail": "No such trainee among those whose logs you can see.",
        "errors": [],
    }


def test_not_logged_in_and_an_unknown_record_answer_the_same_shape(client, resident):
    anonymous = client.get("/api/pathways/plans")
    assert anonymous.status_code == 401
    assert anonymous.json() == {"detail": "Unauthorized", "errors": []}
    client.force_login(resident)
    response = client.get("/api/pathways/plans/999999")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found", "errors": []}


def test_rows_of_a_refused_import_are_errors_with_their_line(client, resident):
    client.force_login(resident)
    content = (
        "date,procedure,role,supervisor,modality,age_band\n"
        "2026-01-05,picc,lead,,fluoroscopy,adult\n"
    )
    response = client.post(
        "/api/caselog/import", {"file": SimpleUploadedFile("a.csv", content.encode())}
    )
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "Nothing imported: 1 row is invalid."
    assert body["errors"] == [
        {"line": 2, "field": "role", "message": "'lead' is not one of primary, assistant, observer"}
    ]


def test_the_openapi_document_declares_the_one_error_body(client):
    document = client.get("/api/openapi.json").json()
    components = document["components"]["schemas"]
    assert components["ErrorOut"]["required"] == ["detail", "errors"]
    assert set(components["ErrorOut"]["properties"]) == {"detail", "errors"}
    item = components["ErrorItemOut"]
    assert set(item["properties"]) == {"field", "message", "line"}
    assert item["required"] == ["field", "message"]

    log_a_case = document["paths"]["/api/caselog/cases"]["post"]["responses"]
    assert sorted(log_a_case) == ["201", "400", "401", "403", "422"]
    errors = {status: _schema_of(log_a_case[status]) for status in ("400", "401", "403", "422")}
    assert errors == dict.fromkeys(("400", "401", "403", "422"), ERROR_REF)
    public_plan = document["paths"]["/api/pathways/plan"]["get"]["responses"]
    assert sorted(public_plan) == ["200", "400", "422"]
    assert _schema_of(public_plan["422"]) == ERROR_REF
