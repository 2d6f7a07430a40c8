"""The match-odds API: the pages' inputs and model as JSON; input the model cannot run with
is 400, input of the wrong type 422, each in the one error body."""

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
    ("path", "body", "field", "message"),
    [
        ("applicant", {"percentile": 0}, "percentile", "must be between 1 and 99"),
        (
            "applicant",
            {"top": 90},
            "tier_mix",
            "the top, middle and bottom shares must add up to 100 (they add up to 156)",
        ),
        ("applicant", {"runs": 100_000}, "runs", "must be between 1 and 200"),
        (
            "applicant",
            {"list_length": 50},
            "list_length",
            "must be between 1 and 40 (the market has 105 programs)",
        ),
        (
            "applicant",
            {"market": "ir-2024"},
            "market",
            "integrated IR 2024: our sources give positions (190) but not the number of "
            "applicants; choose a custom market",
        ),
        (
            "applicant",
            {"market": "nope"},
            "market",
            "unknown market 'nope'; choose one of ir-2025, ir-2023, custom",
        ),
        (
            "applicant",
            {"market": "custom"},
            "market_positions",
            "a custom market needs the number of positions",
        ),
        (
            "program",
            {"positions": 0},
            "positions",
            "must be between 1 and 30 (the market has 209 positions)",
        ),
        ("program", {"tier": "elite"}, "tier", "must be one of top, middle, bottom"),
        ("program", {"seed": -3}, "seed", "must be between 0 and 2147483647"),
    ],
)
def test_bad_input_is_400_naming_the_field(client, path, body, field, message):
    response = post(client, path, {"runs": 2, **body})
    assert response.status_code == 400
    assert response.json() == {
        "detail": message,
        "errors": [{"field": field, "message": message}],
    }


@pytest.mark.parametrize(
    ("path", "body", "field", "message"),
    [
        (
            "applicant",
            {"list_length": "twelve"},
            "list_length",
            "Input should be a valid integer, unable to parse string as an integer",
        ),
        ("applicant", {"percentile": None}, "percentile", "Input should be a valid number"),
        ("program", {"positions": [2]}, "positions", "Input should be a valid integer"),
    ],
)
def test_wrong_types_are_422(client, path, body, field, message):
    response = post(client, path, body)
    assert response.status_code == 422
    assert response.json() == {
        "detail": f"Invalid request: {field}: {message}",
        "errors": [{"field": field, "message": message}],
    }


def test_a_body_that_is_not_json_is_refused(client):
    response = client.post("/api/match/odds/applicant", "not json", content_type="application/json")
    assert response.status_code == 400
    message = "The body is not valid JSON: Expecting value: line 1 column 1 (char 0)"
    assert response.json() == {"detail": message, "errors": [{"field": "body", "message": message}]}
