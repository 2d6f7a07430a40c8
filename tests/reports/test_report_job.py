"""A report on more residents than JOB_REPORT_RESIDENTS is written by a background job (here
in-process, as without Redis): the link offers it, the POST starts it, its page offers the
file; nobody else sees the job, and an owner who no longer leads the program gets no file."""

import csv
import datetime as dt
import io

import pytest
from reports_support import YEAR

from seldinger.accounts.membership import ProgramMembership
from seldinger.jobs.models import Job
from seldinger.reporting import Period
from seldinger.reports import jobs

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _small_threshold(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.JOB_REPORT_RESIDENTS = 0


def test_a_large_report_is_offered_as_a_job_and_not_started_by_the_link(client, records, director):
    client.force_login(director)
    response = client.get("/reports/work-hours.xlsx", YEAR)
    assert response.status_code == 200
    assert not Job.objects.exists()
    page = response.content.decode()
    assert "A report on more than 0 residents is written in the background" in page
    assert (
        '<form method="post" action="/reports/work-hours.xlsx?from=2024-07-01&amp;to=2025-06-30">'
        in page
    )


def test_the_job_writes_the_report_and_its_page_offers_the_file(client, records, director):
    client.force_login(director)
    response = client.post("/reports/work-hours.csv?from=2024-07-01&to=2025-06-30")

    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert (job.kind, job.status) == ("reports.export", "succeeded")
    page = client.get(response["Location"]).content.decode()
    name = "work-hours-2024-07-01-to-2025-06-30.csv"
    assert "Wrote the work-hour compliance of academic year 2024-25" in page
    assert f"Download {name}" in page
    download = client.get(f"/jobs/{job.pk}/download/")
    assert download["Content-Disposition"] == f'attachment; filename="{name}"'
    content = b"".join(download.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content)))
    assert [(row["Username"], row["Violations"], row["Justified"]) for row in rows] == [
        ("resident", "2", "1")
    ]


def test_another_persona_cannot_see_the_report_job(client, records, director, coordinator):
    client.force_login(director)
    client.post("/reports/milestones.pdf?from=2024-07-01&to=2025-06-30")
    job = Job.objects.get()
    client.force_login(coordinator)
    assert client.get(f"/jobs/{job.pk}/").status_code == 404
    assert client.get(f"/jobs/{job.pk}/download/").status_code == 404


def test_a_report_job_for_an_owner_who_no_longer_leads_the_program_fails(records, director):
    ProgramMembership.objects.filter(user=director).delete()
    job = jobs.start_report(
        actor=director,
        kind="case-totals",
        fmt="pdf",
        period=Period(dt.date(2024, 7, 1), dt.date(2025, 6, 30)),
    )
    assert (job.status, job.error) == ("failed", "You may no longer see this report.")
