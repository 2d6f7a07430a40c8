"""The pathways API: same planner, JSON in and out, errors as 4xx with a message."""

import pytest

pytestmark = pytest.mark.django_db


def test_openapi_schema_and_docs_are_served(client):
    schema = client.get("/api/openapi.json")
    assert schema.status_code == 200
    assert "/api/pathways/plan" in schema.json()["paths"]
    assert client.get("/api/docs").status_code == 200


def test_list_pathways(client):
    keys = [item["key"] for item in client.get("/api/pathways/").json()["items"]]
    assert keys == ["dr-only", "independent-ir", "independent-ir-esir", "integrated-ir"]


def test_plan_agrees_with_the_cli_numbers(client):
    response = client.get(
        "/api/pathways/plan", {"stage": "ms1", "date": "2026-08-01", "pathway": "all"}
    )
    assert response.status_code == 200
    years = {plan["pathway"]: plan["postgraduate_years"] for plan in response.json()["items"]}
    assert years == {
        "dr-only": 5,
        "independent-ir-esir": 6,
        "integrated-ir": 6,
        "independent-ir": 7,
    }


@pytest.mark.parametrize(
    ("query", "status", "words"),
    [
        ({"stage": "ms9", "date": "2026-08-01"}, 400, "unknown stage"),
        ({"stage": "ms1", "date": "2026-08-01", "pathway": "x"}, 400, "unknown pathway"),
        ({"stage": "ms1", "date": "2026-13-01"}, 422, "month value is outside"),
        ({"stage": "ms1"}, 422, "date"),
    ],
)
def test_bad_input(client, query, status, words):
    response = client.get("/api/pathways/plan", query)
    assert response.status_code == status
    assert words in response.content.decode()


def test_checklist(client):
    response = client.get("/api/pathways/checklist", {"stage": "premed"})
    assert response.status_code == 200
    assert any(item["key"] == "mcat" and item["now"] for item in response.json()["items"])
    assert client.get("/api/pathways/checklist", {"stage": "x"}).status_code == 400
