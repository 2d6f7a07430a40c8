"""The personal score on the web and the API; weights kept in the query string or saved."""

import json

import pytest
from django.urls import reverse

from seldinger.audit.models import AuditEntry
from seldinger.programs.models import ScoringPreference

pytestmark = pytest.mark.django_db

WEIGHTS = {
    "w_accreditation": "0",
    "w_case_volume": "10",
    "w_faculty": "0",
    "w_research": "0",
    "w_location": "0",
}


def post_json(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_directory_ranks_by_the_score_when_asked(client, directory):
    response = client.get(reverse("programs:directory"), {**WEIGHTS, "score": "on"})

    assert response.status_code == 200
    rows = [(program.acgme_id, result) for program, result in response.context["page"]]
    # Case volume only: Gamma (8000, no mix) leads ... programs without volume or mix last.
    assert [acgme_id for acgme_id, _ in rows][:3] == ["T-GAMMA", "T-ALPHA", "T-BETA"]
    assert rows[-1][1].score is None
    html = response.content.decode()
    assert "Your score" in html and 'id="score-chart-data"' in html
    assert "Case volume and variety" in html  # the breakdown
    # The weights travel to the comparison.
    assert '<input type="hidden" name="w_case_volume" value="10">' in html


def test_without_score_on_there_is_no_score_column(client, directory):
    response = client.get(reverse("programs:directory"), WEIGHTS)
    assert not response.context["scoring_on"]
    assert "Your score" not in response.content.decode()


def test_preferred_states_feed_the_location_criterion(client, directory):
    response = client.get(
        reverse("programs:directory"),
        {**WEIGHTS, "w_case_volume": "0", "w_location": "5", "states": "or, tx", "score": "on"},
    )

    scores = {program.acgme_id: result.score for program, result in response.context["page"]}
    assert scores["T-BETA"] == 100 and scores["T-GAMMA"] == 100
    assert scores["T-ALPHA"] == 0


def test_bad_weights_and_states_are_400(client, directory):
    zero = {name: "0" for name in WEIGHTS}
    response = client.get(reverse("programs:directory"), {**zero, "score": "on"})
    assert response.status_code == 400
    assert "at least one criterion a weight above zero" in response.content.decode()

    response = client.get(reverse("programs:directory"), {**WEIGHTS, "states": "MN, QQ"})
    assert response.status_code == 400
    assert "&#x27;QQ&#x27; is not a US state code" in response.content.decode()


def test_compare_shows_scores_when_the_weights_come_along(client, directory):
    response = client.get(
        reverse("programs:compare"), {"ids": ["T-ALPHA", "T-BETA"], **WEIGHTS, "score": "on"}
    )

    assert response.status_code == 200
    assert "Your score (0\u2013100)" in response.content.decode()
    columns = dict((p.acgme_id, result) for p, result in response.context["columns"])
    assert columns["T-ALPHA"].score > columns["T-BETA"].score


def test_logged_in_users_save_their_weights_and_get_them_back(client, student, directory):
    client.force_login(student)
    response = client.post(
        reverse("programs:save_weights"),
        {**WEIGHTS, "w_location": "3", "states": "or,mn", "score": "on"},
    )

    assert response.status_code == 302
    preference = ScoringPreference.objects.get(user=student)
    assert preference.weights["case_volume"] == 10 and preference.weights["location"] == 3
    assert preference.preferred_states == "MN,OR"
    entry = AuditEntry.objects.get(record_type="programs.ScoringPreference")
    assert entry.actor == student and entry.action == "create"

    page = client.get(reverse("programs:directory"))
    assert page.context["score_form"]["w_case_volume"].value() == "10"
    assert page.context["score_form"]["states"].value() == "MN, OR"


def test_anonymous_users_cannot_save_weights(client, directory):
    response = client.post(reverse("programs:save_weights"), {**WEIGHTS, "score": "on"})
    assert response.status_code == 302 and "login" in response["Location"]
    assert not ScoringPreference.objects.exists()


def test_api_score(client, directory):
    response = post_json(
        client,
        "/api/programs/score",
        {
            "weights": {"accreditation": 1, "location": 1},
            "preferred_states": ["mn"],
            "ids": ["T-BETA", "T-ALPHA", "T-EPSILON"],
        },
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["weights"]["accreditation"] == 0.5 and body["weights"]["faculty"] == 0
    assert body["preferred_states"] == ["MN"]
    results = {item["acgme_id"]: item for item in body["results"]}
    assert [item["acgme_id"] for item in body["results"]] == ["T-ALPHA", "T-BETA", "T-EPSILON"]
    assert results["T-ALPHA"]["score"] == 100
    # Epsilon reports no accreditation: only location counts (CA is not preferred).
    assert results["T-EPSILON"]["score"] == 0 and results["T-EPSILON"]["coverage"] == 0.5
    # Beta: initial accreditation 75 points, OR not preferred: (75 + 0) / 2.
    assert results["T-BETA"]["score"] == 37.5
    breakdown = results["T-BETA"]["breakdown"]
    assert sum(part["contribution"] for part in breakdown) == pytest.approx(37.5)


def test_api_score_defaults_to_the_whole_directory(client, directory):
    response = post_json(client, "/api/programs/score", {"weights": {"case_volume": 1}})
    assert response.status_code == 200
    assert len(response.json()["results"]) == 5
    assert response.json()["scale"]["case_volume"] == 8000


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        ({"weights": {"faculty": 0}}, 400, "at least one criterion"),
        ({"weights": {"faculty": -2}}, 400, "cannot be negative"),
        ({"weights": {"prestige": 1}}, 400, "unknown criterion"),
        ({"weights": {"location": 1}, "preferred_states": ["XX"]}, 400, "not a US state code"),
        ({"weights": {"faculty": 1}, "ids": ["NOPE"]}, 404, "NOPE"),
    ],
)
def test_api_score_errors(client, directory, body, status, words):
    response = post_json(client, "/api/programs/score", body)
    assert response.status_code == status
    assert words in response.json()["detail"]
