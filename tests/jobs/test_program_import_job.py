"""A long program-directory file imported on the web runs as a job: its page tells the
outcome, and nobody but administrators sees it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from seldinger.jobs import services as jobs
from seldinger.jobs.models import Job
from seldinger.programs.models import Program

pytestmark = pytest.mark.django_db

HEADER = "acgme_id,name,kind,institution,city,state,positions_advanced\n"


def programs_file(count, *, bad_line=None):
    """``count`` new programs; with ``bad_line`` (the header is line 1), that line's
    positions are not a number."""
    rows = [
        f"BIG-{number:04d},Big program {number},integrated-ir,Hospital {number},Testville,MN,"
        f"{'x' if number + 1 == bad_line else number % 5}\n"
        for number in range(1, count + 1)
    ]
    return (HEADER + "".join(rows)).encode()


def upload(client, content, *, dry_run=False):
    data = {"file": SimpleUploadedFile("big.csv", content, "text/csv")}
    if dry_run:
        data["dry_run"] = "on"
    return client.post("/programs/import/", data)


def test_a_long_file_is_imported_by_a_job_whose_page_tells_what_changed(client, admin_user):
    client.force_login(admin_user)
    response = upload(client, programs_file(30))

    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert (job.kind, job.status) == ("programs.import", "succeeded")
    assert Program.objects.filter(acgme_id__startswith="BIG-").count() == 30
    page = client.get(response["Location"]).content.decode()
    assert "Import big.csv into the program directory" in page
    assert "Imported big.csv: 30 rows: 30 new, 0 changed, 0 unchanged." in page
    assert 'href="/programs/">Open the directory</a>' in page


def test_a_long_file_with_a_bad_cell_fails_naming_it_and_saves_nothing(client, admin_user):
    client.force_login(admin_user)
    response = upload(client, programs_file(30, bad_line=12))

    job = Job.objects.get()
    assert job.status == "failed"
    assert job.error == (
        "Nothing imported: 1 error in big.csv. "
        "The first: big.csv:12: positions_advanced: 'x' is not a whole number"
    )
    assert not Program.objects.filter(acgme_id__startswith="BIG-").exists()
    page = client.get(response["Location"]).content.decode()
    assert "big.csv:12: positions_advanced:" in page and 'role="alert"' in page


def test_a_dry_run_of_a_long_file_is_checked_in_the_request(client, admin_user):
    client.force_login(admin_user)
    response = upload(client, programs_file(30), dry_run=True)

    assert response.status_code == 200
    assert "30 rows: 30 new, 0 changed, 0 unchanged." in response.content.decode()
    assert not Job.objects.exists()
    assert not Program.objects.filter(acgme_id__startswith="BIG-").exists()


def test_another_persona_cannot_see_the_import_job(client, admin_user, director, outsider):
    client.force_login(admin_user)
    job_page = upload(client, programs_file(30))["Location"]
    for other in (director, outsider):
        client.force_login(other)
        assert client.get(job_page).status_code == 404
        assert client.get(f"/api/jobs/{job_page.split('/')[2]}").status_code == 404


def test_the_job_imports_only_for_someone_still_an_administrator(director):
    job = jobs.start(
        kind="programs.import",
        owner=director,
        title="Import big.csv into the program directory",
        params={"name": "big.csv"},
        content=programs_file(30),
    )
    assert (job.status, job.error) == ("failed", "Only administrators import programs.")
    assert not Program.objects.filter(acgme_id__startswith="BIG-").exists()
