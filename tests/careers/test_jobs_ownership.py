"""Employers post and edit their own postings only, through the web and the API."""

import pytest

from seldinger.audit.models import AuditEntry
from seldinger.careers.models import JobPosting

NEW_POSTING = {
    "title": "New IR job",
    "organisation": "Test IR Group",
    "setting": "academic",
    "subspecialty": "oncology",
    "city": "Testville",
    "state": "mn",
    "call": "1 in 8",
    "salary_min": "400000",
    "salary_max": "480000",
    "start_date": "2027-07-01",
    "description": "Interventional oncology.",
    "contact": "jobs@example.invalid",
    "is_open": "on",
}


def test_employer_posts_a_job_on_the_web(client, employer):
    client.force_login(employer)
    response = client.post("/careers/jobs/new/", NEW_POSTING)
    posting = JobPosting.objects.get(title="New IR job")
    assert response.status_code == 302
    assert posting.employer == employer and posting.state == "MN"
    assert AuditEntry.objects.filter(record_type="careers.JobPosting", action="create").exists()


@pytest.mark.parametrize("persona", ["resident", "student", "outsider"])
def test_non_employers_cannot_post(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get("/careers/jobs/new/").status_code == 403
    assert client.post("/careers/jobs/new/", NEW_POSTING).status_code == 403
    api = client.post(
        "/api/careers/jobs",
        {**NEW_POSTING, "salary_min": 1, "salary_max": 2, "is_open": True},
        content_type="application/json",
    )
    assert api.status_code == 403
    assert not JobPosting.objects.exists()


def test_salary_range_must_be_ordered(client, employer):
    client.force_login(employer)
    response = client.post("/careers/jobs/new/", {**NEW_POSTING, "salary_min": "600000"})
    assert response.status_code == 400
    assert "below its floor" in response.content.decode()


def test_employer_edits_own_posting_on_the_web(client, employer, posting):
    client.force_login(employer)
    assert client.get(f"/careers/jobs/{posting.pk}/edit/").status_code == 200
    response = client.post(
        f"/careers/jobs/{posting.pk}/edit/", {**NEW_POSTING, "title": "Renamed job"}
    )
    assert response.status_code == 302
    posting.refresh_from_db()
    assert posting.title == "Renamed job"


def test_other_employer_cannot_edit_or_delete_on_the_web(client, other_employer, posting):
    client.force_login(other_employer)
    assert client.get(f"/careers/jobs/{posting.pk}/edit/").status_code == 403
    edit = client.post(f"/careers/jobs/{posting.pk}/edit/", {**NEW_POSTING, "title": "Hijacked"})
    assert edit.status_code == 403
    assert client.post(f"/careers/jobs/{posting.pk}/delete/").status_code == 403
    posting.refresh_from_db()
    assert posting.title == "Interventional Radiologist"
    assert client.get("/careers/jobs/999999/edit/").status_code == 404


def test_anonymous_is_sent_to_log_in(client, posting):
    response = client.get(f"/careers/jobs/{posting.pk}/edit/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_employer_crud_through_the_api(client, employer):
    client.force_login(employer)
    payload = {**NEW_POSTING, "salary_min": 400000, "salary_max": 480000, "is_open": True}
    created = client.post("/api/careers/jobs", payload, content_type="application/json")
    assert created.status_code == 201, created.content
    job_id = created.json()["id"]
    assert created.json()["state"] == "MN"

    changed = client.patch(
        f"/api/careers/jobs/{job_id}", {"title": "Changed"}, content_type="application/json"
    )
    assert changed.status_code == 200 and changed.json()["title"] == "Changed"
    assert [job["id"] for job in client.get("/api/careers/jobs/mine").json()["items"]] == [job_id]

    bad = client.patch(
        f"/api/careers/jobs/{job_id}", {"salary_min": 900000}, content_type="application/json"
    )
    assert bad.status_code == 400

    assert client.delete(f"/api/careers/jobs/{job_id}").status_code == 204
    assert not JobPosting.objects.filter(pk=job_id).exists()


def test_other_employer_cannot_change_through_the_api(client, other_employer, posting):
    client.force_login(other_employer)
    patch = client.patch(
        f"/api/careers/jobs/{posting.pk}", {"title": "Hijacked"}, content_type="application/json"
    )
    assert patch.status_code == 403
    assert client.delete(f"/api/careers/jobs/{posting.pk}").status_code == 403
    assert (
        client.patch(
            "/api/careers/jobs/999999", {"title": "x"}, content_type="application/json"
        ).status_code
        == 404
    )
    assert client.get("/api/careers/jobs/mine").json()["items"] == []
    posting.refresh_from_db()
    assert posting.title == "Interventional Radiologist"


def test_anonymous_api_writes_need_a_login(client, posting):
    assert (
        client.patch(
            f"/api/careers/jobs/{posting.pk}", {"title": "x"}, content_type="application/json"
        ).status_code
        == 401
    )
    assert client.get("/api/careers/saved").status_code == 401
