"""A job is seen by whoever started it and by a platform administrator: every other persona
gets the same 404 as for a job that does not exist, on the pages, the download and the API."""

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from seldinger.jobs.models import Job

pytestmark = pytest.mark.django_db

PERSONAS = ["other_resident", "faculty", "director", "coordinator", "student", "outsider"]


@pytest.fixture
def rejected_rows_job(client, resident, case_file):
    """A finished import job of the resident's, with a download (its rejected rows)."""
    client.force_login(resident)
    uploaded = client.post(
        "/cases/import/", {"file": SimpleUploadedFile("big.csv", case_file(30, bad_line=5))}
    )
    client.post(uploaded["Location"] + "confirm/", {"skip_invalid": "1"})
    client.logout()
    job = Job.objects.get()
    assert job.result["file"] == "big.rejected.csv"
    return job


def _addresses(job_id):
    return [
        f"/jobs/{job_id}/",
        f"/jobs/{job_id}/state/",
        f"/jobs/{job_id}/download/",
        f"/api/jobs/{job_id}",
    ]


@pytest.mark.parametrize("persona", PERSONAS)
def test_another_persona_gets_404_for_the_job_as_for_no_job(
    client, request, rejected_rows_job, persona
):
    client.force_login(request.getfixturevalue(persona))
    for address in [*_addresses(rejected_rows_job.pk), *_addresses(uuid.uuid4())]:
        assert client.get(address).status_code == 404, address
    assert client.get("/api/jobs/").json() == {"count": 0, "items": []}
    assert "big.csv" not in client.get("/jobs/").content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_another_persona_gets_404_for_the_job_through_the_api(
    api_login, request, rejected_rows_job, persona
):
    client = api_login(request.getfixturevalue(persona))
    assert client.get(f"/api/jobs/{rejected_rows_job.pk}").status_code == 404
    assert client.get(f"/api/jobs/{uuid.uuid4()}").status_code == 404
    assert client.get("/api/jobs/").json() == {"count": 0, "items": []}


def test_the_owner_and_an_administrator_see_the_job(
    client, resident, admin_user, rejected_rows_job
):
    for viewer in (resident, admin_user):
        client.force_login(viewer)
        for address in _addresses(rejected_rows_job.pk):
            assert client.get(address).status_code == 200, (viewer, address)


def test_someone_not_logged_in_is_sent_to_log_in_and_refused_by_the_api(client, rejected_rows_job):
    page = client.get(f"/jobs/{rejected_rows_job.pk}/")
    assert page.status_code == 302 and page["Location"].startswith("/accounts/login/")
    assert client.get(f"/api/jobs/{rejected_rows_job.pk}").status_code == 401
    assert client.get("/api/jobs/").status_code == 401
