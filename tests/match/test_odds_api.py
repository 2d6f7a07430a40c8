"""The match-odds API: the pages' inputs and model as JSON; bad input is 400 or 422."""

import pytest

pytestmark = pytest.mark.django_db

SMALL = {"market": "custom", "market_positions": 40, "market_applicants": 90, "runs": 20}


def post(client, path, body):
    return client.post(f"/api/match/odds/{path}", body, content_type="application/json")


def test_openapi_lists_the_odds_endpoints(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert "/api/match/odds/applicant" in paths and "/api/match/odds/program" in paths


def test_applicant_odds(client):
    body = {**SMALL, "list_length": 6, "percentile": 70, "top": 20, "middle": 40, "bottom": 40}
    response = post(client, "applicant", {**body, "seed": 11})
    assert response.status_code == 200
    data = response.json()
    assert data["seed"] == 11 and data["runs"] == 20
    assert 0 <= data["interval"]["low"] <= data["probability"] <= data["interval"]["high"] <= 1
    assert data["interval"]["level"] == 0.95
    assert [share["rank"] for share in data["rank_distribution"]] == [1, 2, 3, 4, 5, 6]
    assert sum(share["probability"] for share in data["rank_distribution"]) == pytest.approx(
        data["probability"]
    )
    assert sum(data["list_composition"].values()) == 6
    assert data["market"]["programs"] == 20
    assert any("not a prediction" in line for line in data["assumptions"])
    assert post(client, "applicant", {**body, "seed": 11}).json() == data


def test_applicant_odds_default_to_the_newest_ir_year(client):
    response = post(client, "applicant", {"runs": 2})
    assert response.status_code == 200
    market = response.json()["market"]
    assert (market["key"], market["positions"], market["applicants"]) == ("ir-2025", 209, 496)


def test_program_odds(client):
    body = {**SMALL, "positions": 3, "list_length": 15, "tier": "top", "seed": 5}
    response = post(client, "program", body)
    assert response.status_code == 200
    data = response.json()
    assert data["positions"] == 3 and data["tier"] == "top" and data["seed"] == 5
    low, high = data["fill_interval"]["low"], data["fill_interval"]["high"]
    assert 0 <= low <= data["fill_probability"] <= high <= 1
    assert len(data["last_matched_distribution"]) == 15 == len(data["filled_within"])
    assert data["filled_within"][-1]["probability"] == pytest.approx(data["fill_probability"])
    assert any("Your program: 3 positions" in line for line in data["assumptions"])


@pytest.mark.parametrize(
    ("path", "body", "status", "field", "words"),
    [
        ("applicant", {"percentile": 0}, 400, "percentile", "between 1 and 99"),
        ("applicant", {"top": 90}, 400, "tier_mix", "add up to 100"),
        ("applicant", {"runs": 100_000}, 400, "runs", "between 1 and"),
        ("applicant", {"list_length": 50}, 400, "list_length", "between 1 and"),
        ("applicant", {"market": "ir-2024"}, 400, "market", "not the number of applicants"),
        ("applicant", {"market": "nope"}, 400, "market", "unknown market"),
        ("applicant", {"market": "custom"}, 400, "market_positions", "number of positions"),
        ("program", {"positions": 0}, 400, "positions", "between 1 and"),
        ("program", {"tier": "elite"}, 400, "tier", "top, middle, bottom"),
        ("program", {"seed": -3}, 400, "seed", "between 0 and"),
    ],
)
def test_bad_input_is_400_naming_the_field(client, path, body, status, field, words):
    response = post(client, path, {"runs": 2, **body})
    assert response.status_code == status
    data = response.json()
    assert data["field"] == field
    assert words in data["detail"]


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("applicant", {"list_length": "twelve"}),
        ("applicant", {"percentile": None}),
        ("program", {"positions": [2]}),
    ],
)
def test_wrong_types_are_422(client, path, body):
    response = post(client, path, body)
    assert response.status_code == 422
    assert "detail" in response.json()


def test_a_body_that_is_not_json_is_refused(client):
    response = client.post("/api/match/odds/applicant", "not json", content_type="application/json")
    assert response.status_code in (400, 422)
