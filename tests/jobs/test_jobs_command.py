"""``seldinger jobs`` lists the jobs and shows one as the API does; ``seldinger worker``
without a queue says that none is needed."""

import json
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from seldinger.jobs.models import Job

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(client, resident, case_file):
    client.force_login(resident)
    client.post("/api/caselog/import", {"file": SimpleUploadedFile("big.csv", case_file(25))})
    return Job.objects.get()


def _run(*arguments):
    out = StringIO()
    call_command("jobs", *arguments, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_list_names_each_job_with_its_state(imported, student):
    assert _run("list") == (
        f"{imported.pk}  {imported.created_at:%Y-%m-%d %H:%M}  succeeded  "
        "Import big.csv into your log\n"
    )
    assert _run("list", "--user", "student") == "No jobs.\n"
    with pytest.raises(CommandError, match="--user: no user named 'nobody'"):
        _run("list", "--user", "nobody")


def test_show_gives_the_outcome_and_follow_returns_once_it_has_ended(imported):
    assert _run("show", str(imported.pk)) == (
        "Import big.csv into your log: Done\nImported 25 cases into your log (0 already there).\n"
    )
    shown = json.loads(_run("show", str(imported.pk), "--follow", "--format", "json"))
    assert (shown["status"], shown["details"]["saved"]) == ("succeeded", 25)
    with pytest.raises(CommandError, match="job: no job 'nope'"):
        _run("show", "nope")


def test_the_worker_without_a_queue_says_none_is_needed(monkeypatch):
    monkeypatch.delenv("SELDINGER_REDIS_URL", raising=False)
    with pytest.raises(CommandError, match="SELDINGER_REDIS_URL is not set: without Redis"):
        call_command("worker")
