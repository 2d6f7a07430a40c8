"""POST /api/match/run: the engine over HTTP, the same JSON as ``seldinger match run``."""

import json

import pytest
from django.test import Client

from seldinger.match.generator import generate_instance
from seldinger.match.parse import parse_instance
from seldinger.match.solve import run_match

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client: Client, student) -> Client:
    client.force_login(student)
    return client


def test_running_the_match_needs_a_login(student) -> None:
    response = Client().post("/api/match/run", data="{}", content_type="application/json")
    assert response.status_code == 401


def test_the_api_answers_with_the_cli_result(client: Client) -> None:
    instance = generate_instance(applicants=120, seed=4, couples=3)
    response = client.post(
        "/api/match/run", data=json.dumps(instance), content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json() == json.loads(json.dumps(run_match(parse_instance(instance)).as_dict()))


def test_a_malformed_instance_is_a_400_with_the_message(client: Client) -> None:
    instance = {
        "programs": [{"id": "P1", "positions": 1}],
        "applicants": [{"id": "A", "rank_list": ["P1", "P99"]}],
    }
    response = client.post(
        "/api/match/run", data=json.dumps(instance), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "applicants[0].rank_list[1]: unknown program 'P99'",
        "errors": [],
    }


def test_a_body_that_is_not_an_object_is_a_400(client: Client) -> None:
    response = client.post("/api/match/run", data="[]", content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {
        "detail": "instance: expected a JSON object, got a list",
        "errors": [],
    }


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("{", "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"),
        ("", "Expecting value: line 1 column 1 (char 0)"),
    ],
)
def test_a_body_that_is_not_json_is_a_400_naming_the_instance(
    client: Client, body: str, reason: str
) -> None:
    response = client.post("/api/match/run", data=body, content_type="application/json")
    assert response.status_code == 400
    message = f"instance: not valid JSON ({reason})"
    assert response.json() == {
        "detail": message,
        "errors": [{"field": "instance", "message": message}],
    }


def test_the_schema_documents_the_endpoint(client: Client) -> None:
    schema = client.get("/api/openapi.json").json()
    operation = schema["paths"]["/api/match/run"]["post"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    assert body["required"] == ["programs", "applicants"]
    assert set(operation["responses"]) == {"200", "400", "401", "403", "422"}
