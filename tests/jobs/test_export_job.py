"""An XLSX or PDF export of a long case log is written by a job and offered as its download;
a CSV streams whatever its length. Nobody but the job's owner sees it."""

import pytest
from django.utils import timezone

from seldinger.caselog import transfer_import
from seldinger.jobs import services as jobs
from seldinger.jobs.models import Job

pytestmark = pytest.mark.django_db


@pytest.fixture
def long_log(resident, case_file):
    """30 cases in the resident's log, over the tests' threshold of 20."""
    transfer_import.import_cases(
        trainee=resident, actor=resident, content=case_file(30), name="cases.csv"
    )


def _downloaded(client, job):
    response = client.get(f"/jobs/{job.pk}/download/")
    return response, b"".join(response.streaming_content)


def test_a_long_pdf_export_is_offered_as_a_job_and_not_started_by_the_link(
    client, resident, long_log
):
    client.force_login(resident)
    offer = client.get("/cases/export.pdf?from=2020-01-01")
    assert offer.status_code == 200
    assert not Job.objects.exists()
    page = offer.content.decode()
    assert "A PDF file of more than 20 cases is written in the background" in page
    assert '<form method="post" action="/cases/export.pdf?from=2020-01-01">' in page


def test_a_long_pdf_export_is_a_job_whose_page_offers_the_file(client, resident, long_log):
    client.force_login(resident)
    response = client.post("/cases/export.pdf")

    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert (job.kind, job.title, job.status) == (
        "caselog.export",
        "Export your log as PDF",
        "succeeded",
    )
    name = f"caselog-resident-{timezone.localdate().isoformat()}.pdf"
    page = client.get(response["Location"]).content.decode()
    assert "Exported 30 cases of your log as PDF." in page
    assert f"Download {name}" in page
    download, content = _downloaded(client, job)
    assert download["Content-Disposition"] == f'attachment; filename="{name}"'
    assert content.startswith(b"%PDF")


def test_a_long_xlsx_export_through_the_api_answers_202_with_the_job(
    client, director, resident, long_log
):
    client.force_login(director)
    response = client.get("/api/caselog/export", {"format": "xlsx", "trainee": "resident"})

    assert response.status_code == 202
    body = response.json()
    assert body["title"] == "Export the log of resident as XLSX"
    assert body["message"] == "Exported 30 cases of the log of resident as XLSX."
    assert body["details"] == {"cases": 30, "format": "xlsx"}
    assert body["download"] == f"/jobs/{body['id']}/download/"
    _, content = _downloaded(client, Job.objects.get())
    assert content.startswith(b"PK")  # an XLSX workbook is a zip


def test_a_long_csv_export_streams_in_the_request(client, resident, long_log):
    client.force_login(resident)
    response = client.get("/cases/export.csv")
    assert response.status_code == 200
    assert len(b"".join(response.streaming_content).decode("utf-8-sig").splitlines()) == 31
    assert not Job.objects.exists()


def test_an_export_between_dates_under_the_threshold_is_sent_at_once(client, resident, long_log):
    client.force_login(resident)
    response = client.get("/cases/export.pdf", {"from": "2023-01-01", "to": "2023-01-10"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert not Job.objects.exists()


def test_another_persona_cannot_see_the_export_job(
    client, resident, other_resident, outsider, long_log
):
    client.force_login(resident)
    job_page = client.post("/cases/export.xlsx")["Location"]
    job = Job.objects.get()
    for other in (other_resident, outsider):
        client.force_login(other)
        assert client.get(job_page).status_code == 404
        assert client.get(f"/jobs/{job.pk}/download/").status_code == 404
        assert client.get(f"/api/jobs/{job.pk}").status_code == 404


def test_an_export_job_for_a_log_its_owner_may_no_longer_see_fails(
    resident, other_resident, long_log
):
    job = jobs.start(
        kind="caselog.export",
        owner=other_resident,
        title="Export the log of resident as PDF",
        params={"trainee": resident.pk, "format": "pdf", "from": None, "to": None},
    )
    assert (job.status, job.error) == ("failed", "You may no longer see this log.")
