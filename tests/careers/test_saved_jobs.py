"""Applicants save and track jobs; nobody else reads their saved jobs or notes."""

from seldinger.careers.models import SavedJob


def test_resident_saves_and_tracks_a_job_on_the_web(client, resident, posting):
    client.force_login(resident)
    response = client.post(f"/careers/jobs/{posting.pk}/save/")
    saved = SavedJob.objects.get(owner=resident, posting=posting)
    assert response.status_code == 302
    assert saved.status == SavedJob.Status.SAVED

    update = client.post(
        f"/careers/saved/{saved.pk}/", {"status": "interviewing", "notes": "Call Dr. X Monday"}
    )
    assert update.status_code == 302
    saved.refresh_from_db()
    assert (saved.status, saved.notes) == ("interviewing", "Call Dr. X Monday")
    listing = client.get("/careers/saved/").content.decode()
    assert "Interviewing" in listing and "Call Dr. X Monday" in listing

    # Saving again keeps the one saved job.
    client.post(f"/careers/jobs/{posting.pk}/save/")
    assert SavedJob.objects.filter(owner=resident).count() == 1


def test_others_cannot_read_or_change_saved_jobs_on_the_web(
    client, resident, other_resident, employer, posting
):
    saved = SavedJob.objects.create(owner=resident, posting=posting, notes="secret note")
    for intruder in (other_resident, employer):
        client.force_login(intruder)
        assert client.get(f"/careers/saved/{saved.pk}/").status_code == 404
        assert (
            client.post(
                f"/careers/saved/{saved.pk}/", {"status": "declined", "notes": "x"}
            ).status_code
            == 404
        )
        assert client.post(f"/careers/saved/{saved.pk}/remove/").status_code == 404
        assert "secret note" not in client.get("/careers/saved/").content.decode()
        assert "secret note" not in client.get(f"/careers/jobs/{posting.pk}/").content.decode()
    saved.refresh_from_db()
    assert (saved.status, saved.notes) == ("saved", "secret note")


def test_saved_jobs_through_the_api(client, student, posting):
    client.force_login(student)
    created = client.post(
        "/api/careers/saved",
        {"job_id": posting.pk, "status": "applied", "notes": "sent CV"},
        content_type="application/json",
    )
    assert created.status_code == 201
    saved_id = created.json()["id"]
    assert created.json()["job"]["id"] == posting.pk

    patched = client.patch(
        f"/api/careers/saved/{saved_id}", {"status": "offer"}, content_type="application/json"
    )
    assert patched.json()["status"] == "offer" and patched.json()["notes"] == "sent CV"
    bad = client.patch(
        f"/api/careers/saved/{saved_id}", {"status": "hired"}, content_type="application/json"
    )
    assert bad.status_code == 400
    assert [item["id"] for item in client.get("/api/careers/saved").json()["items"]] == [saved_id]
    assert client.delete(f"/api/careers/saved/{saved_id}").status_code == 204
    assert client.get("/api/careers/saved").json()["items"] == []


def test_others_cannot_read_or_change_saved_jobs_through_the_api(
    client, resident, other_resident, posting
):
    saved = SavedJob.objects.create(owner=resident, posting=posting, notes="secret note")
    client.force_login(other_resident)
    assert client.get(f"/api/careers/saved/{saved.pk}").status_code == 404
    assert (
        client.patch(
            f"/api/careers/saved/{saved.pk}", {"notes": "x"}, content_type="application/json"
        ).status_code
        == 404
    )
    assert client.delete(f"/api/careers/saved/{saved.pk}").status_code == 404
    assert client.get("/api/careers/saved").json()["items"] == []
    saved.refresh_from_db()
    assert saved.notes == "secret note"
