"""The API answers a large import with 202 and the job; the job's endpoint says how it
ended, with the import's report in ``details``."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from seldinger.caselog.models import CaseEntry
from seldinger.jobs.models import Job

pytestmark = pytest.mark.django_db


def _post(client, content, **form):
    return client.post(
        "/api/caselog/import",
        {"file": SimpleUploadedFile("big.csv", content, "text/csv"), **form},
    )


def test_a_large_import_answers_202_with_the_job_and_its_outcome(client, resident, case_file):
    client.force_login(resident)
    answer = _post(client, case_file(30))

    assert answer.status_code == 202
    job = answer.json()
    assert (job["kind"], job["status"], job["finished"]) == ("caselog.import", "succeeded", True)
    assert job["title"] == "Import big.csv into your log"
    assert job["details"]["saved"] == 30
    assert CaseEntry.objects.filter(trainee=resident).count() == 30

    again = client.get(f"/api/jobs/{job['id']}").json()
    assert again["message"] == "Imported 30 cases into your log (0 already there)."
    assert again["percent"] == 100
    listed = client.get("/api/jobs/").json()
    assert listed["count"] == 1 and [item["id"] for item in listed["items"]] == [job["id"]]


def test_a_dry_run_of_a_large_file_is_answered_at_once_without_a_job(client, resident, case_file):
    client.force_login(resident)
    answer = _post(client, case_file(30), dry_run="true")
    assert answer.status_code == 200
    assert answer.json()["new"] == 30
    assert not Job.objects.exists()


def test_a_failed_import_job_says_where_the_first_invalid_row_is(client, resident, case_file):
    client.force_login(resident)
    job = _post(client, case_file(30, bad_line=7)).json()

    assert job["status"] == "failed"
    assert job["error"].startswith(
        "Nothing imported: 1 row is invalid. The first: big.csv:7: role:"
    )
    assert job["details"]["invalid"] == 1
    assert not CaseEntry.objects.exists()
