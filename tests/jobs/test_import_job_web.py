"""A large case-log file confirmed on the web is imported by a job: the page shows the job,
its progress and how it ended. Without a queue (here) it runs in the request."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from seldinger.audit.models import AuditEntry
from seldinger.caselog.models import CaseEntry
from seldinger.jobs.models import Job

pytestmark = pytest.mark.django_db


def _upload_and_confirm(client, content, *, skip_invalid=False):
    uploaded = client.post(
        "/cases/import/", {"file": SimpleUploadedFile("big.csv", content, "text/csv")}
    )
    assert uploaded.status_code == 302, uploaded.content.decode()[:500]
    form = {"skip_invalid": "1"} if skip_invalid else {}
    return client.post(uploaded["Location"] + "confirm/", form)


def test_a_file_over_the_threshold_becomes_a_job_whose_page_tells_the_outcome(
    client, resident, case_file
):
    client.force_login(resident)
    confirmed = _upload_and_confirm(client, case_file(60))

    job = Job.objects.get()
    assert confirmed.status_code == 302
    assert confirmed["Location"] == f"/jobs/{job.pk}/"
    assert (job.kind, job.owner, job.status) == ("caselog.import", resident, "succeeded")
    assert CaseEntry.objects.filter(trainee=resident).count() == 60
    assert AuditEntry.objects.filter(actor=resident, action="create").count() == 60

    page = client.get(confirmed["Location"]).content.decode()
    assert "Import big.csv into your log" in page
    assert "Imported 60 cases into your log (0 already there)." in page
    assert '<a role="button" class="" href="/cases/mine/">Open your cases</a>' in page
    # A finished job's page stops polling.
    assert "hx-trigger" not in page


def test_a_file_under_the_threshold_is_imported_in_the_request(client, resident, case_file):
    client.force_login(resident)
    confirmed = _upload_and_confirm(client, case_file(20))
    assert confirmed["Location"] != "" and "/jobs/" not in confirmed["Location"]
    assert not Job.objects.exists()
    assert CaseEntry.objects.filter(trainee=resident).count() == 20


def test_a_job_whose_file_has_an_invalid_row_fails_saying_where_and_saves_nothing(
    client, resident, case_file
):
    client.force_login(resident)
    confirmed = _upload_and_confirm(client, case_file(60, bad_line=41))

    job = Job.objects.get()
    assert job.status == "failed"
    assert job.error.startswith("Nothing imported: 1 row is invalid. The first: big.csv:41: role:")
    assert not CaseEntry.objects.exists()
    page = client.get(confirmed["Location"]).content.decode()
    assert "big.csv:41: role:" in page and 'role="alert"' in page


def test_skipping_invalid_rows_offers_the_rejected_rows_as_a_download(client, resident, case_file):
    client.force_login(resident)
    confirmed = _upload_and_confirm(client, case_file(60, bad_line=41), skip_invalid=True)

    job = Job.objects.get()
    assert job.status == "succeeded"
    assert CaseEntry.objects.filter(trainee=resident).count() == 59
    assert job.result["details"]["invalid"] == 1
    page = client.get(confirmed["Location"]).content.decode()
    assert "Download big.rejected.csv" in page
    download = client.get(f"/jobs/{job.pk}/download/")
    assert download["Content-Disposition"] == 'attachment; filename="big.rejected.csv"'
    rejected = b"".join(download.streaming_content).decode("utf-8-sig").splitlines()
    assert rejected[0].endswith(",reason")
    assert len(rejected) == 2 and ",lead," in rejected[1] and "role" in rejected[1]


def test_a_mapped_export_with_chosen_procedures_is_imported_by_its_job_as_previewed(
    client, resident, faculty
):
    rows = [
        f"77{day:05d},2024-03-{day % 28 + 1:02d},37243,faculty,fluoroscopy" for day in range(30)
    ]
    content = ("\n".join(["MRN,Procedure Date,CPT Code,Attending,Guidance", *rows]) + "\n").encode()
    client.force_login(resident)
    uploaded = client.post(
        "/cases/import/", {"file": SimpleUploadedFile("export.csv", content, "text/csv")}
    )
    preview = uploaded["Location"]
    client.post(
        preview + "columns/",
        {
            "column_1": "date",
            "column_2": "procedure",
            "column_3": "supervisor",
            "column_4": "modality",
            "fill_role": "assistant",
        },
    )
    client.post(
        preview + "procedures/",
        {"code_37243": "uterine-fibroid-embolization", "row_37243_2": "tace"},
    )
    confirmed = client.post(preview + "confirm/")
    job = Job.objects.get()
    assert confirmed["Location"] == f"/jobs/{job.pk}/" and job.status == "succeeded"
    assert "MRN" not in str(job.params) and "77000" not in str(job.params)
    keys = list(CaseEntry.objects.order_by("id").values_list("procedure_key", "role"))
    assert keys[0] == ("tace", "assistant")
    assert keys[1:] == [("uterine-fibroid-embolization", "assistant")] * 29
