"""Match odds of many runs, asked by someone logged in, are simulated by a job whose page
gives the chance in a sentence and whose API answer holds the figures; anonymous visitors
keep the answer in the request, capped as before."""

import json
from urllib.parse import urlencode

import pytest
from django.test import Client

from seldinger.jobs.models import Job
from seldinger.match import markets, odds

pytestmark = pytest.mark.django_db

MARKET = {"market": "custom", "market_positions": 40, "market_applicants": 90}
APPLICANT = {
    **MARKET,
    "list_length": 6,
    "percentile": 60,
    "top": 34,
    "middle": 33,
    "bottom": 33,
    "seed": 3,
    "runs": 30,
}
PROGRAM = {**MARKET, "positions": 2, "list_length": 12, "tier": "middle", "seed": 3, "runs": 30}


def _figures(answer):
    """An answer as the API gives it (through JSON: tuples become lists)."""
    return json.loads(json.dumps(answer.as_dict()))


def test_many_runs_asked_on_the_page_are_offered_as_a_job_and_not_started_by_the_link(
    client, resident
):
    client.force_login(resident)
    offer = client.get("/match/odds/", APPLICANT)
    assert offer.status_code == 200
    assert not Job.objects.exists()
    page = offer.content.decode()
    assert "More than 20 runs are simulated in the background" in page
    assert '<button type="submit">Simulate 30 matches</button>' in page


def test_many_runs_asked_on_the_page_are_a_job_that_tells_the_chance(client, resident):
    client.force_login(resident)
    response = client.post(f"/match/odds/?{urlencode(APPLICANT)}")

    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert (job.kind, job.title) == ("match.odds", "Your match odds: 30 simulated matches")
    expected = odds.applicant_odds(
        odds.applicant_query(markets.market_of(APPLICANT), APPLICANT), max_runs=30
    )
    sentence = (
        f"You matched in {odds.percent(expected.probability)}% of 30 simulated matches "
        f"(95% interval {odds.percent(expected.interval.low)} to "
        f"{odds.percent(expected.interval.high)}%)."
    )
    page = client.get(response["Location"]).content.decode()
    assert sentence in page
    assert 'href="/match/odds/">Ask another question</a>' in page
    assert job.result["details"] == _figures(expected)


def test_an_htmx_form_sends_the_browser_to_the_job_page(client, resident):
    client.force_login(resident)
    response = client.post(
        f"/match/odds/program/?{urlencode(PROGRAM)}", headers={"HX-Request": "true"}
    )
    job = Job.objects.get()
    assert response.status_code == 200
    assert response["HX-Redirect"] == f"/jobs/{job.pk}/"


def test_a_logged_in_api_request_of_many_runs_answers_202_with_the_figures(client, director):
    client.force_login(director)
    response = client.post("/api/match/odds/program", PROGRAM, content_type="application/json")

    assert response.status_code == 202
    body = response.json()
    expected = odds.program_odds(odds.program_query(markets.market_of(PROGRAM), PROGRAM))
    assert body["details"] == _figures(expected)
    assert body["message"] == (
        f"Your program filled in {odds.percent(expected.fill_probability)}% of 30 simulated "
        f"matches (95% interval {odds.percent(expected.fill_interval.low)} to "
        f"{odds.percent(expected.fill_interval.high)}%)."
    )


def test_a_question_the_model_cannot_answer_is_refused_at_once_without_a_job(client, resident):
    client.force_login(resident)
    response = client.post(
        "/api/match/odds/applicant",
        {**APPLICANT, "list_length": 45},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "list_length"
    too_many = client.post(
        "/api/match/odds/applicant", {**APPLICANT, "runs": 5001}, content_type="application/json"
    )
    assert too_many.json()["detail"] == "must be between 1 and 5000"
    assert not Job.objects.exists()


def test_anonymous_visitors_are_answered_in_the_request_up_to_200_runs(client):
    answered = client.post("/api/match/odds/applicant", APPLICANT, content_type="application/json")
    assert answered.status_code == 200 and answered.json()["runs"] == 30
    refused = client.get("/match/odds/", {**APPLICANT, "runs": 300})
    assert refused.status_code == 400
    assert "Ensure this value is less than or equal to 200." in refused.content.decode()
    assert not Job.objects.exists()


def test_another_persona_cannot_see_the_odds_job(client, resident, other_resident, outsider):
    client.force_login(resident)
    job_page = client.post(f"/match/odds/?{urlencode(APPLICANT)}")["Location"]
    job = Job.objects.get()
    for other in (other_resident, outsider):
        client.force_login(other)
        assert client.get(job_page).status_code == 404
        assert client.get(f"/api/jobs/{job.pk}").status_code == 404


def test_a_personal_token_asks_as_its_user_and_gets_the_job(client, director, token_login):
    token_login(client, director)
    response = client.post("/api/match/odds/program", PROGRAM, content_type="application/json")
    assert response.status_code == 202
    assert Job.objects.get().owner == director


def test_a_logged_in_session_without_the_csrf_token_starts_nothing(director):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(director)
    forged = browser.post("/api/match/odds/program", PROGRAM, content_type="application/json")
    assert forged.status_code == 403
    assert not Job.objects.exists()
    # Without a session cookie the same request is anyone's, answered in the request.
    anonymous = Client(enforce_csrf_checks=True)
    answered = anonymous.post("/api/match/odds/program", PROGRAM, content_type="application/json")
    assert answered.status_code == 200 and answered.json()["runs"] == 30
