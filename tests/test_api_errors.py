"""The one error body of the API: services' errors, ninja's own 422, 401 and 404 alike,
and the OpenAPI document declaring it."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from seldinger.api_errors import refusals_of

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


def _declared(document, method, path):
    return sorted(document["paths"][path][method]["responses"])


def test_every_operation_declares_the_refusals_its_parts_allow_with_the_one_body(client):
    document = client.get("/api/openapi.json").json()
    operations = [
        (method, path, operation)
        for path, methods in document["paths"].items()
        for method, operation in methods.items()
    ]
    assert len(operations) > 150
    wrong = []
    for method, path, operation in operations:
        responses = operation["responses"]
        for status in map(str, refusals_of(method, operation)):
            if status not in responses or _schema_of(responses[status]) != ERROR_REF:
                wrong.append(f"{method.upper()} {path}: {status}")
    assert wrong == []


def test_refusals_are_declared_by_what_the_operation_has(client):
    document = client.get("/api/openapi.json").json()
    # Public, no input: nothing to refuse.
    assert _declared(document, "get", "/api/careers/pay") == ["200"]
    # Behind a login, no input: only the login.
    assert _declared(document, "get", "/api/milestones/set") == ["200", "401"]
    # Public, a record's id: missing, or an id the schema refuses; no login to fail.
    assert _declared(document, "get", "/api/careers/jobs/{job_id}") == ["200", "404", "422"]
    # An optional login (a bad token is refused) that changes something, with a body.
    assert _declared(document, "post", "/api/match/odds/applicant") == [
        "200",
        "202",
        "400",
        "401",
        "403",
        "422",
    ]
    # Behind a login, deleting a record by id.
    assert _declared(document, "delete", "/api/certification/cme/{activity_id}") == [
        "204",
        "401",
        "403",
        "404",
        "422",
    ]


SCORE = "/api/programs/score"


@pytest.mark.parametrize(
    ("raw", "kind"),
    [("[]", "an array"), ('"x"', "a string"), ("3", "a number"), ("null", "null")],
)
def test_a_json_body_that_is_not_an_object_is_422_naming_the_body(client, raw, kind):
    response = client.post(SCORE, raw, content_type="application/json")
    assert response.status_code == 422
    message = f"The body should be a JSON object, not {kind}."
    assert response.json() == {"detail": message, "errors": [{"field": "body", "message": message}]}


def test_a_body_that_is_not_json_is_400_saying_where_it_breaks(client, resident, token_login):
    token_login(client, resident)
    response = client.post("/api/workhours/shifts", '{"start": ', content_type="application/json")
    assert response.status_code == 400
    message = "The body is not valid JSON: Expecting value: line 1 column 11 (char 10)"
    assert response.json() == {"detail": message, "errors": [{"field": "body", "message": message}]}


def test_a_multipart_body_without_its_boundary_is_400_in_the_one_shape(client, resident):
    client.force_login(resident)
    response = client.post(
        "/api/caselog/import", b"--x\r\n\r\n--x--", content_type="multipart/form-data"
    )
    assert response.status_code == 400
    message = "The multipart body cannot be read: Invalid boundary in multipart: None"
    assert response.json() == {"detail": message, "errors": [{"field": "body", "message": message}]}
