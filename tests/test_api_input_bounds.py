"""Every input the API takes is bounded in its schema, so an absurd value is a 422 naming it
rather than a 500 from the database (or a megabyte stored).

The rule, for each query or path parameter and each request-body property (through ``$ref``,
nested objects, arrays and the values of a mapping):

- a string has a ``maxLength``, unless it is an ``enum``, a ``uuid``, an uploaded file
  (``binary``: its size is the upload's limit), or a decimal's text form (beside the number
  it is read as, whose range bounds it);
- a date or date-time string carries ``formatMinimum`` and ``formatMaximum``: it is
  ``api_helpers.PlausibleDate`` / ``PlausibleDateTime``, which refuse a date outside
  1950-2100 while handling the request (JSON Schema itself has no range for dates);
- an integer or number has both a minimum and a maximum;
- an array has ``maxItems``.

``POST /api/match/run`` is left out: its body is a match instance the match core reads (not
a schema), bounded by the request size limit, and its documented schema only describes it.
"""

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

pytestmark = pytest.mark.django_db

_EXEMPT_FORMATS = {"uuid", "binary"}
_READ_BY_A_CORE = {("post", "/api/match/run")}
_DATE_FORMATS = {"date", "date-time"}
PLAUSIBLE = "Date should be from 1950-01-01 to 2100-12-31"


def _offences(schema: dict[str, Any], where: str, components: dict[str, Any]) -> list[str]:
    if "$ref" in schema:
        return _offences(components[schema["$ref"].rsplit("/", 1)[-1]], where, components)
    found: list[str] = []
    choices = schema.get("anyOf", []) + schema.get("oneOf", []) + schema.get("allOf", [])
    bounded_number = any(_is_bounded_number(choice) for choice in choices)
    for choice in choices:
        if bounded_number and choice.get("type") == "string" and set(choice) == {"type"}:
            continue  # a decimal's text form, read as the bounded number beside it
        found += _offences(choice, where, components)
    kind = schema.get("type")
    if kind == "string":
        found += _string_offence(schema, where)
    elif kind in ("integer", "number") and not _is_bounded_number(schema):
        found.append(f"{where}: {kind} without a minimum and a maximum")
    elif kind == "array":
        if "maxItems" not in schema:
            found.append(f"{where}: array without maxItems")
        found += _offences(schema.get("items", {}), f"{where}[]", components)
    for name, value in schema.get("properties", {}).items():
        found += _offences(value, f"{where}.{name}", components)
    if isinstance(schema.get("additionalProperties"), dict):
        found += _offences(schema["additionalProperties"], f"{where}.*", components)
    return found


def _is_bounded_number(schema: dict[str, Any]) -> bool:
    low = _is_number(schema.get("minimum", schema.get("exclusiveMinimum")))
    high = _is_number(schema.get("maximum", schema.get("exclusiveMaximum")))
    return schema.get("type") in ("integer", "number") and low and high


def _is_number(bound: object) -> bool:
    return isinstance(bound, int | float) and not isinstance(bound, bool)


def _string_offence(schema: dict[str, Any], where: str) -> list[str]:
    form = schema.get("format")
    if "enum" in schema or form in _EXEMPT_FORMATS:
        return []
    if form in _DATE_FORMATS:
        if {"formatMinimum", "formatMaximum"} <= set(schema):
            return []
        return [f"{where}: {form} without a plausible range"]
    return [] if "maxLength" in schema else [f"{where}: string without maxLength"]


def _input_offences(document: dict[str, Any]) -> list[str]:
    components = document["components"]["schemas"]
    found: list[str] = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            name = f"{method.upper()} {path}"
            for parameter in operation.get("parameters", []):
                where = f"{name} {parameter['in']} {parameter['name']}"
                found += _offences(parameter["schema"], where, components)
            if (method, path) in _READ_BY_A_CORE:
                continue
            for content in operation.get("requestBody", {}).get("content", {}).values():
                found += _offences(content["schema"], f"{name} body", components)
    return found


def test_every_api_input_is_bounded(client):
    document = client.get("/api/openapi.json").json()
    assert len(document["paths"]) > 50
    assert _input_offences(document) == []


def test_the_check_names_each_kind_of_unbounded_input():
    document = {
        "components": {
            "schemas": {
                "NoteIn": {
                    "type": "object",
                    "properties": {
                        "text": {"type": "string"},
                        "on": {"type": "string", "format": "date"},
                        "tags": {"type": "array", "items": {"type": "string", "maxLength": 9}},
                        "size": {"anyOf": [{"type": "number", "minimum": 0}, {"type": "string"}]},
                        "dose": {"type": "number", "minimum": "0", "maximum": "9.5"},
                        "kind": {"type": "string", "enum": ["a", "b"]},
                    },
                }
            }
        },
        "paths": {
            "/api/notes/{note_id}": {
                "put": {
                    "parameters": [
                        {"in": "path", "name": "note_id", "schema": {"type": "integer"}}
                    ],
                    "requestBody": {
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/NoteIn"}}
                        }
                    },
                }
            }
        },
    }
    assert _input_offences(document) == [
        "PUT /api/notes/{note_id} path note_id: integer without a minimum and a maximum",
        "PUT /api/notes/{note_id} body.text: string without maxLength",
        "PUT /api/notes/{note_id} body.on: date without a plausible range",
        "PUT /api/notes/{note_id} body.tags: array without maxItems",
        "PUT /api/notes/{note_id} body.size: number without a minimum and a maximum",
        "PUT /api/notes/{note_id} body.size: string without maxLength",
        "PUT /api/notes/{note_id} body.dose: number without a minimum and a maximum",
    ]


def _post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_a_million_character_case_note_is_refused_naming_notes(client, resident, faculty):
    client.force_login(resident)
    case = {"date": "2026-01-05", "procedure": "picc", "role": "primary", "modality": "ct"}
    response = _post(client, "/api/caselog/cases", {**case, "notes": "x" * 1_000_000})
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "notes", "message": "String should have at most 2000 characters"}
    ]


def test_a_case_dated_in_year_one_is_refused_naming_the_date(client, resident, faculty):
    client.force_login(resident)
    case = {"date": "0001-01-05", "procedure": "picc", "role": "primary", "modality": "ct"}
    response = _post(client, "/api/caselog/cases", case)
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "date", "message": PLAUSIBLE}]


@pytest.mark.parametrize(
    ("start", "end"),
    [("0001-01-01T07:00", "0001-01-01T17:00"), ("9999-12-31T07:00", "9999-12-31T17:00")],
)
def test_a_shift_in_year_one_or_9999_is_refused_naming_its_times(client, resident, start, end):
    client.force_login(resident)
    response = _post(client, "/api/workhours/shifts", {"start": start, "end": end})
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "start", "message": PLAUSIBLE},
        {"field": "end", "message": PLAUSIBLE},
    ]


def test_an_import_names_a_trainee_of_at_most_200_characters(client, director):
    client.force_login(director)
    upload = SimpleUploadedFile("cases.csv", b"date,procedure\n", content_type="text/csv")
    response = client.post("/api/caselog/import", {"file": upload, "trainee": "t" * 201})
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "trainee", "message": "String should have at most 200 characters"}
    ]


def test_a_record_id_past_the_largest_key_is_refused_naming_it(client, resident):
    client.force_login(resident)
    response = client.get("/api/workhours/shifts/99999999999999999999")
    assert response.status_code == 422
    message = "Input should be less than or equal to 9223372036854775807"
    assert response.json()["errors"] == [{"field": "shift_id", "message": message}]
