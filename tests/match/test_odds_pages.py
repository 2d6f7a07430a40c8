"""The match-odds pages: open to anyone, a chart and the assumptions; bad input is a form error."""

import json

import pytest

pytestmark = pytest.mark.django_db

URL = "/match/odds/"
PROGRAM_URL = "/match/odds/program/"
SMALL = {"market": "custom", "market_positions": 40, "market_applicants": 90, "runs": 20}
APPLICANT = {
    **SMALL,
    "list_length": 6,
    "percentile": 60,
    "top": 34,
    "middle": 33,
    "bottom": 33,
    "seed": 3,
}
PROGRAM = {**SMALL, "positions": 2, "list_length": 12, "tier": "middle", "seed": 3}


def chart_data(html: str, element_id: str) -> dict:
    return json.loads(html.split(f'id="{element_id}" type="application/json">')[1].split("<")[0])


def test_empty_page_shows_the_form_and_the_markets(client):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="odds-form"' in html and "Integrated IR 2025: 209 positions, 496 applicants" in html
    assert 'id="odds-rank-chart"' not in html
    assert 'id="odds-ir-years"' in html and "not in our sources" in html  # 2024 applicants
    assert "47,208" in html and "Shown for scale only" in html
    assert "nrmp.org" in html and "not a prediction" in html


def test_the_nav_links_to_match_odds_for_everyone(client):
    response = client.get("/")
    assert "Match odds" in [item["label"] for item in response.context["nav_items"]]


def test_results_show_the_chance_its_interval_and_a_chart(client):
    response = client.get(URL, APPLICANT)
    assert response.status_code == 200
    html = response.content.decode()
    result = response.context["result"]
    assert 'id="odds-rank-chart"' in html and 'id="odds-probability"' in html
    assert "95% interval" in html
    data = chart_data(html, "odds-rank-data")
    assert data["labels"] == ["1", "2", "3", "4", "5", "6", "Not matched"]
    assert sum(data["runs"]) == 20
    assert data["runs"][-1] == result.runs - result.matched_runs
    assert "20 runs with seed 3" in html and "not a prediction" in html
    assert "Gumbel" in html and "not simulated" in html


def test_the_same_seed_gives_the_same_page(client):
    first = client.get(URL, APPLICANT).context["result"]
    again = client.get(URL, APPLICANT).context["result"]
    assert first == again


def test_the_default_market_is_the_newest_ir_year(client):
    query = {key: value for key, value in APPLICANT.items() if not key.startswith("market")}
    response = client.get(URL, {**query, "market": "ir-2025", "runs": 3})
    assert response.status_code == 200
    assert response.context["result"].market.applicants == 496


def test_htmx_request_gets_only_the_results(client):
    response = client.get(URL, APPLICANT, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="odds-rank-chart"' in html and "<html" not in html


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"percentile": 150}, "less than or equal to 99"),
        ({"percentile": "high"}, "Enter a whole number"),
        ({"top": 90}, "add up to 100"),
        ({"market": "ir-2024"}, "Select a valid choice"),
        ({"market_positions": ""}, "needs the number of positions"),
        ({"market_applicants": 1_000_000}, "less than or equal to"),
        ({"list_length": 25}, "the market has 20 programs"),
        ({"runs": 5000}, "less than or equal to"),
    ],
)
def test_bad_input_is_a_form_error_not_a_500(client, changes, words):
    response = client.get(URL, {**APPLICANT, **changes})
    assert response.status_code == 400
    html = response.content.decode()
    assert words in html
    assert 'id="odds-rank-chart"' not in html


def test_bad_input_over_htmx_lists_the_errors(client):
    response = client.get(URL, {**APPLICANT, "top": 90}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    assert "add up to 100" in response.content.decode()


def test_program_page_shows_how_far_down_the_list_the_program_goes(client):
    empty = client.get(PROGRAM_URL)
    assert empty.status_code == 200 and 'id="odds-program-form"' in empty.content.decode()
    response = client.get(PROGRAM_URL, PROGRAM)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="odds-program-chart"' in html and 'id="odds-fill-probability"' in html
    data = chart_data(html, "odds-program-data")
    assert len(data["labels"]) == 12 == len(data["last_percent"]) == len(data["within_percent"])
    assert data["within_percent"] == sorted(data["within_percent"])
    assert "ranks the best 12 of the applicants who listed it" in html


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"positions": 0}, "greater than or equal to 1"),
        ({"positions": 30, "market_positions": 10}, "the market has 10 positions"),
        ({"tier": "elite"}, "Select a valid choice"),
        ({"list_length": 95}, "the market has 90 applicants"),
    ],
)
def test_program_page_bad_input_is_a_form_error(client, changes, words):
    response = client.get(PROGRAM_URL, {**PROGRAM, **changes})
    assert response.status_code == 400
    assert words in response.content.decode()
