"""Practice rounds on the web and the API: who may run them and who sees what.

A director sees only their own program's tracks; an administrator sees everything; an
applicant sees only their own outcome, and only in rounds that included them.
"""

import datetime as dt

import pytest

from seldinger.accounts.models import Role
from seldinger.applications import selectors, services
from seldinger.applications.models import Application
from seldinger.jobs.models import Job
from seldinger.match.models import MatchRound

pytestmark = pytest.mark.django_db

YEAR = 2027
API = "/api/match"


@pytest.fixture(autouse=True)
def _in_season(time_machine):
    time_machine.move_to(dt.datetime(2026, 12, 1, 12, 0), tick=False)
    selectors.season.cache_clear()


@pytest.fixture
def other_director(make_user, other_program):
    return make_user("other_director", Role.DIRECTOR, program=other_program, kind="director")


@pytest.fixture
def people(program, other_program, make_user, director, other_director):
    """ann and ben rank both programs; TEST-0001 prefers ben, TEST-0002 prefers ann."""
    for target in (program, other_program):
        target.positions_advanced = 1
        target.save()
    ann = make_user("ann", Role.STUDENT, first_name="Ann", last_name="Applicant")
    ben = make_user("ben", Role.STUDENT, first_name="Ben", last_name="Bright")
    for applicant in (ann, ben):
        for target in (program, other_program):
            Application.objects.create(applicant=applicant, program=target, status="interviewed")
        services.replace_rank_list(
            applicant=applicant,
            match_year=YEAR,
            tracks=["TEST-0001:advanced", "TEST-0002:advanced"],
        )
    for target, actor, order in (
        (program, director, ["ben", "ann"]),
        (other_program, other_director, ["ann", "ben"]),
    ):
        services.replace_program_list(
            actor=actor,
            track=selectors.Track(target, "advanced", 0),
            match_year=YEAR,
            usernames=order,
        )
    return ann, ben


def run_on_the_web(client, user, **extra):
    client.force_login(user)
    data = {"match_year": YEAR, "include_uncertified": "on", **extra}
    response = client.post("/match/rounds/run/", data)
    return response, MatchRound.objects.order_by("-id").first()


def test_director_runs_a_round_and_sees_only_their_program(client, director, people):
    client.force_login(director)
    page = client.get("/match/rounds/").content.decode()
    assert "Run practice round" in page and "Final round" not in page
    response, match_round = run_on_the_web(client, director)
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == f"/jobs/{job.pk}/"
    job_page = client.get(response.url).content.decode()
    assert f"Practice round #{match_round.pk} ({YEAR}) has run." in job_page
    assert f'href="/match/rounds/{match_round.pk}/">Open the results</a>' in job_page
    detail = client.get(f"/match/rounds/{match_round.pk}/").content.decode()
    assert "Test Integrated IR Residency" in detail and "Ben Bright" in detail
    assert "Other Independent IR Residency" not in detail and "Ann Applicant" not in detail
    assert "1 of 1 positions filled" in detail


def test_admin_sees_every_track_and_the_unmatched(client, admin_user, people):
    _, match_round = run_on_the_web(client, admin_user)
    detail = client.get(f"/match/rounds/{match_round.pk}/").content.decode()
    assert "Every program track" in detail
    assert "Ben Bright" in detail and "Ann Applicant" in detail
    assert "Unmatched applicants" in detail


def test_applicants_see_only_their_own_outcome(client, director, people, student):
    ann, _ = people
    _, match_round = run_on_the_web(client, director)
    client.force_login(ann)
    detail = client.get(f"/match/rounds/{match_round.pk}/").content.decode()
    assert "You matched to <strong>Other Independent IR Residency</strong>" in detail
    assert "Ben" not in detail and "Test Integrated IR Residency" not in detail
    assert (
        "Other Independent IR Residency" in client.get("/match/rounds/my-outcome/").content.decode()
    )
    rank_page = client.get("/applications/rank-list/").content.decode()
    assert "Latest practice match: matched to <strong>Other Independent IR Residency" in rank_page
    # Someone not in the round does not see it at all.
    client.force_login(student)
    assert client.get(f"/match/rounds/{match_round.pk}/").status_code == 404
    assert (
        "No practice round has included you"
        in client.get("/match/rounds/my-outcome/").content.decode()
    )


def test_students_and_faculty_cannot_run_rounds(client, people, faculty):
    ann, _ = people
    for user in (ann, faculty):
        response, found = run_on_the_web(client, user)
        assert response.status_code == 302 and response.url == "/match/rounds/"
        assert found is None and not Job.objects.exists()
        refused = client.post(f"{API}/rounds", {}, content_type="application/json")
        assert refused.status_code == 403
        assert refused.json() == {
            "detail": "Only administrators and program directors run rounds.",
            "errors": [],
        }


def test_api_round_results_by_role(client, director, other_director, admin_user, people):
    ann, _ = people
    client.force_login(director)
    created = client.post(
        f"{API}/rounds",
        {"match_year": YEAR, "certified_only": False},
        content_type="application/json",
    )
    assert created.status_code == 202, created.content
    job = created.json()
    assert (job["kind"], job["status"]) == ("match.round", "succeeded")
    round_id = job["details"]["round"]
    body = client.get(f"{API}/rounds/{round_id}").json()
    assert body["scope"] == "programs"
    assert [(t["program"], [m["applicant"] for m in t["matched"]]) for t in body["tracks"]] == [
        ("TEST-0001", ["ben"])
    ]
    client.force_login(other_director)
    theirs = client.get(f"{API}/rounds/{round_id}").json()
    assert [(t["program"], [m["applicant"] for m in t["matched"]]) for t in theirs["tracks"]] == [
        ("TEST-0002", ["ann"])
    ]
    client.force_login(admin_user)
    everything = client.get(f"{API}/rounds/{round_id}").json()
    assert everything["scope"] == "all" and len(everything["tracks"]) == 2
    client.force_login(ann)
    own = client.get(f"{API}/rounds/{round_id}").json()
    assert own["scope"] == "own" and own["tracks"] == [] and own["unmatched"] == []
    assert own["own_outcome"]["program"] == "TEST-0002"
    outcome = client.get(f"{API}/my-outcome").json()
    assert outcome["matched"] and outcome["track"] == "advanced" and outcome["round"] == round_id
    assert [item["id"] for item in client.get(f"{API}/rounds").json()["items"]] == [round_id]


def test_api_outsiders_see_nothing(client, director, people, student, outsider):
    client.force_login(director)
    round_id = client.post(
        f"{API}/rounds", {"certified_only": False}, content_type="application/json"
    ).json()["details"]["round"]
    for user in (student, outsider):
        client.force_login(user)
        assert client.get(f"{API}/rounds/{round_id}").status_code == 404
        assert client.get(f"{API}/rounds").json()["items"] == []
        outcome = client.get(f"{API}/my-outcome")
        assert outcome.status_code == 404
        assert outcome.json() == {"detail": "No match round has included you yet.", "errors": []}
    client.logout()
    assert client.get(f"{API}/rounds").status_code == 401


def test_api_final_round_is_for_administrators(client, director, admin_user, people):
    client.force_login(director)
    refused = client.post(f"{API}/rounds", {"final": True}, content_type="application/json")
    assert refused.status_code == 403
    assert refused.json() == {"detail": "Only administrators run a final round.", "errors": []}
    assert not Job.objects.exists()
    client.force_login(admin_user)
    done = client.post(f"{API}/rounds", {"final": True}, content_type="application/json")
    assert done.status_code == 202 and done.json()["title"] == f"Final round of the {YEAR} match"
    assert done.json()["details"]["practice"] is False
    assert selectors.lock_reason(YEAR) is not None
