"""A program's director ranks the applicants who applied, one list per track."""

import pytest

from seldinger.applications import selectors, services
from seldinger.applications.models import Application
from seldinger.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

MATCH_YEAR = 2027


@pytest.fixture
def applicants(ir, student, student2, make_user):
    third = make_user("student3", "student", first_name="Tia", last_name="Third")
    interested = make_user("student4", "student")
    for user, status in ((student, "interviewed"), (student2, "applied"), (third, "ranked")):
        Application.objects.create(applicant=user, program=ir, status=status)
    Application.objects.create(applicant=interested, program=ir, status="interested")
    return [student, student2, third]


def list_of(program, kind="advanced"):
    track = selectors.Track(program, kind, 0)
    found = selectors.program_rank_list(track, MATCH_YEAR)
    return [entry.applicant.username for entry in selectors.program_rank_entries(found)]


def test_director_ranks_applicants_on_the_web(client, director, ir, applicants):
    client.force_login(director)
    overview = client.get("/applications/programs/").content.decode()
    assert "Advanced (A, starts PGY-2)" in overview and "Categorical" in overview
    url = f"/applications/programs/{ir.acgme_id}/advanced/"
    page = client.get(url).content.decode()
    assert "student4" not in page  # only interested: the program does not know of them
    for user in applicants:
        assert client.post(f"{url}add/", {"applicant": user.username}).status_code == 302
    assert list_of(ir) == ["student", "student2", "student3"]
    found = selectors.program_rank_list(selectors.Track(ir, "advanced", 0), MATCH_YEAR)
    last = found.entries.last()
    client.post(f"/applications/programs/entries/{last.pk}/move/", {"direction": "top"})
    assert list_of(ir) == ["student3", "student", "student2"]
    ids = [entry.pk for entry in found.entries.all()]
    response = client.post(f"{url}order/?year={MATCH_YEAR}", {"order": ids[::-1]})
    assert response.status_code == 200
    assert list_of(ir) == ["student2", "student", "student3"]
    client.post(f"{url}certify/", {"match_year": MATCH_YEAR})
    found.refresh_from_db()
    assert found.certified
    page = client.get(url).content.decode()
    assert "data-reorder-url" not in page and "Uncertify" in page
    assert AuditEntry.objects.filter(record_type="applications.ProgramRankOrderList").count() == 6


def test_only_applicants_can_be_ranked(director, ir, applicants, make_user):
    stranger = make_user("stranger", "student")
    track = selectors.get_program_track(director, ir.acgme_id, "advanced")
    with pytest.raises(services.InvalidChange):
        services.add_applicant(
            actor=director, track=track, match_year=MATCH_YEAR, applicant=stranger
        )


def test_api_program_list(client, director, ir, applicants):
    client.force_login(director)
    lists = client.get("/api/applications/programs").json()["items"]
    assert {(item["program"], item["track"]) for item in lists} == {
        (ir.acgme_id, "advanced"),
        (ir.acgme_id, "categorical"),
    }
    url = f"/api/applications/programs/{ir.acgme_id}/advanced/rank-list"
    body = client.get(url).json()
    assert body["applicants"] == [] and set(body["candidates"]) == {
        "student",
        "student2",
        "student3",
    }
    response = client.put(
        url, {"applicants": ["student3", "student"]}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["applicants"] == ["student3", "student"]
    bad = client.put(url, {"applicants": ["student4"]}, content_type="application/json")
    assert bad.status_code == 400
    assert bad.json() == {
        "detail": "student4 has not applied to Test Integrated IR Residency: only applicants "
        "may be ranked.",
        "errors": [],
    }
    assert client.post(f"{url}/certify").json()["certified"] is True
    locked = client.put(url, {"applicants": []}, content_type="application/json")
    assert locked.status_code == 409
    assert locked.json() == {
        "detail": "This list is certified and read-only: uncertify it to change it.",
        "errors": [],
    }
    assert client.post(f"{url}/uncertify").json()["certified"] is False


def test_a_director_sees_only_their_own_programs_lists(
    client, director, other_director, ir, other_ir, applicants
):
    client.force_login(director)
    other_url = f"/applications/programs/{other_ir.acgme_id}/advanced/"
    assert client.get(other_url).status_code == 404
    assert client.post(f"{other_url}add/", {"applicant": "student"}).status_code == 404
    assert (
        client.get(f"/api/applications/programs/{other_ir.acgme_id}/advanced/rank-list").status_code
        == 404
    )
    # Tracks without positions do not exist.
    assert client.get(f"/applications/programs/{ir.acgme_id}/physician/").status_code == 404
    client.force_login(other_director)
    track = selectors.get_program_track(director, ir.acgme_id, "advanced")
    entry = services.add_applicant(
        actor=director, track=track, match_year=MATCH_YEAR, applicant=applicants[0]
    )
    assert (
        client.post(
            f"/applications/programs/entries/{entry.pk}/move/", {"direction": "up"}
        ).status_code
        == 404
    )
    assert client.post(f"/applications/programs/entries/{entry.pk}/remove/").status_code == 404
    assert client.get(f"/applications/programs/{ir.acgme_id}/advanced/").status_code == 404
    assert [
        item["program"] for item in client.get("/api/applications/programs").json()["items"]
    ] == [other_ir.acgme_id]


def test_students_and_faculty_keep_no_program_list(client, student, faculty, ir):
    for user in (student, faculty):
        client.force_login(user)
        assert client.get("/applications/programs/").status_code == 403
        assert client.get(f"/applications/programs/{ir.acgme_id}/advanced/").status_code == 404
        assert client.get("/api/applications/programs").json()["items"] == []
