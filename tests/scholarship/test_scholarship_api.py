"""The scholarship API: the web's checks, through JSON."""

import json

import pytest

from seldinger.scholarship.models import ACTIVITY_MODELS, MeetingNote, Mentorship

pytestmark = pytest.mark.django_db

BODIES = {
    "publications": {"title": "Paper", "journal": "JVIR", "year": 2025, "authors": "R"},
    "presentations": {"title": "Talk", "meeting": "rsna", "date": "2025-12-01", "kind": "poster"},
    "research": {"title": "Study", "role": "PI", "start_date": "2025-01-01", "irb_approved": True},
    "qi": {"title": "QI", "aim": "Fewer delays", "start_date": "2025-01-01"},
    "conferences": {"title": "SIR", "start_date": "2026-03-28", "end_date": "2026-04-02"},
}


def _send(client, method, url, body=None):
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


def test_api_needs_an_account(client):
    assert client.get("/api/scholarship/publications").status_code == 401
    assert client.get("/api/scholarship/notes").status_code == 401


@pytest.mark.parametrize("kind", list(BODIES))
def test_crud_and_permissions_for_each_kind(
    client, kind, resident, other_resident, director, other_director, faculty, other_faculty,
    mentorship,
):  # fmt: skip
    client.force_login(resident)
    created = _send(client, "post", f"/api/scholarship/{kind}", BODIES[kind])
    assert created.status_code == 201, created.content
    item = created.json()
    url = f"/api/scholarship/{kind}/{item['id']}"
    assert [row["id"] for row in client.get(f"/api/scholarship/{kind}").json()["items"]] == [
        item["id"]
    ]
    changed = _send(client, "put", url, {**BODIES[kind], "title": "Changed"})
    assert changed.status_code == 200 and changed.json()["title"] == "Changed"

    # Readers: the director and the mentor; not other residents, other directors or faculty.
    for reader in (director, faculty):
        client.force_login(reader)
        assert client.get(url).status_code == 200
        listed = client.get(f"/api/scholarship/{kind}", {"resident_id": resident.pk})
        assert [row["id"] for row in listed.json()["items"]] == [item["id"]]
        assert _send(client, "put", url, BODIES[kind]).status_code == 404
        assert client.delete(url).status_code == 404
    for stranger in (other_resident, other_director, other_faculty):
        client.force_login(stranger)
        assert client.get(url).status_code == 404
        listed = client.get(f"/api/scholarship/{kind}", {"resident_id": resident.pk})
        assert listed.status_code == 404
        assert _send(client, "put", url, BODIES[kind]).status_code == 404
        assert client.delete(url).status_code == 404

    client.force_login(resident)
    assert client.delete(url).status_code == 204
    assert not ACTIVITY_MODELS[kind].objects.exists()


def test_invalid_input_is_a_400_naming_the_field(client, resident):
    client.force_login(resident)
    body = {**BODIES["publications"], "pmid": "abc", "status": "rejected"}
    response = _send(client, "post", "/api/scholarship/publications", body)
    assert response.status_code == 400
    assert sorted(error["field"] for error in response.json()["errors"]) == ["pmid", "status"]


def test_phi_is_refused_in_project_titles(client, resident):
    client.force_login(resident)
    body = {**BODIES["qi"], "aim": "Patient: Smith, John MRN 12345678"}
    response = _send(client, "post", "/api/scholarship/qi", body)
    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == ["aim"]


def test_residents_list(client, director, resident, other_resident, faculty, other_faculty,
                        mentorship):  # fmt: skip
    client.force_login(director)
    assert [row["id"] for row in client.get("/api/scholarship/residents").json()["items"]] == [
        resident.pk
    ]
    client.force_login(faculty)
    assert [row["id"] for row in client.get("/api/scholarship/residents").json()["items"]] == [
        resident.pk
    ]
    client.force_login(other_faculty)
    assert client.get("/api/scholarship/residents").json()["items"] == []


def test_mentorships(client, director, program, resident, faculty, other_director, coordinator):
    body = {"program_id": program.pk, "resident_id": resident.pk, "mentor_id": faculty.pk}
    for user in (coordinator, faculty, resident, other_director):
        client.force_login(user)
        assert _send(client, "post", "/api/scholarship/mentorships", body).status_code == 404
    client.force_login(director)
    created = _send(client, "post", "/api/scholarship/mentorships", body)
    assert created.status_code == 201
    mentorship_id = created.json()["id"]
    bad = _send(client, "post", "/api/scholarship/mentorships", {**body, "mentor_id": resident.pk})
    assert bad.status_code == 400
    client.force_login(faculty)
    assert [m["id"] for m in client.get("/api/scholarship/mentorships").json()["items"]] == [
        mentorship_id
    ]
    assert client.post(f"/api/scholarship/mentorships/{mentorship_id}/end").status_code == 404
    client.force_login(other_director)
    assert client.get("/api/scholarship/mentorships").json()["items"] == []
    assert client.post(f"/api/scholarship/mentorships/{mentorship_id}/end").status_code == 404
    client.force_login(director)
    ended = client.post(f"/api/scholarship/mentorships/{mentorship_id}/end")
    assert ended.status_code == 200 and ended.json()["ended_on"]
    assert Mentorship.objects.get().ended_on is not None


def test_notes(client, resident, faculty, director, other_resident, other_faculty, coordinator,
               mentorship):  # fmt: skip
    body = {"resident_id": resident.pk, "date": "2025-10-01", "notes": "Plan."}
    client.force_login(resident)
    mine = _send(client, "post", "/api/scholarship/notes", body)
    assert mine.status_code == 201
    client.force_login(faculty)
    theirs = _send(client, "post", "/api/scholarship/notes", {**body, "notes": "Mentor."})
    assert theirs.status_code == 201
    assert len(client.get("/api/scholarship/notes").json()["items"]) == 2
    # Only the author changes a note.
    mine_url = f"/api/scholarship/notes/{mine.json()['id']}"
    assert client.get(mine_url).status_code == 200
    assert _send(client, "put", mine_url, {"date": "2025-10-01", "notes": "x"}).status_code == 404
    assert client.delete(mine_url).status_code == 404
    client.force_login(director)
    assert (
        len(client.get("/api/scholarship/notes", {"resident_id": resident.pk}).json()["items"]) == 2
    )
    assert _send(client, "post", "/api/scholarship/notes", body).status_code == 404
    for stranger in (other_resident, other_faculty, coordinator):
        client.force_login(stranger)
        assert client.get("/api/scholarship/notes").json()["items"] == []
        assert client.get(mine_url).status_code == 404
        assert _send(client, "post", "/api/scholarship/notes", body).status_code == 404
    client.force_login(resident)
    changed = _send(client, "put", mine_url, {"date": "2025-10-02", "notes": "Changed."})
    assert changed.status_code == 200 and changed.json()["notes"] == "Changed."
    assert client.delete(mine_url).status_code == 204
    assert MeetingNote.objects.count() == 1


def test_export(client, director, other_director, program, other_program, resident,
                publication):  # fmt: skip
    client.force_login(director)
    response = client.get(
        "/api/scholarship/export", {"program_id": program.pk, "year": 2025, "format": "xlsx"}
    )
    assert response.status_code == 200 and response.content[:2] == b"PK"
    client.force_login(other_director)
    assert (
        client.get("/api/scholarship/export", {"program_id": program.pk, "year": 2025}).status_code
        == 404
    )
    response = client.get(
        "/api/scholarship/export",
        {"program_id": other_program.pk, "year": 2025, "resident_id": resident.pk},
    )
    assert response.status_code == 404


def test_openapi_schema_builds(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert "/api/scholarship/publications/{activity_id}" in paths
