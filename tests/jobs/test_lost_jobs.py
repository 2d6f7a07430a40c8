"""A running job whose worker stopped saying it is alive is marked failed with the reason;
one whose worker is alive is left running; the upkeep deletes old jobs with their files."""

import datetime as dt

import pytest
from django.utils import timezone

from seldinger.jobs import progress, upkeep
from seldinger.jobs.models import Job
from seldinger.jobs.work import folder, keep_input

pytestmark = pytest.mark.django_db


def _running(owner, *, started_seconds_ago):
    return Job.objects.create(
        kind="caselog.import",
        title="Import big.csv into your log",
        owner=owner,
        status=Job.Status.RUNNING,
        worker="worker-host:4242",
        started_at=timezone.now() - dt.timedelta(seconds=started_seconds_ago),
    )


def test_a_job_whose_worker_went_silent_is_marked_failed(client, resident, settings):
    settings.JOB_LOST_AFTER_SECONDS = 60
    lost = _running(resident, started_seconds_ago=61)
    client.force_login(resident)

    job = client.get(f"/api/jobs/{lost.pk}").json()
    assert job["status"] == "failed"
    assert job["error"] == (
        "The worker running this job stopped before it finished (worker-host:4242); nothing "
        "it was writing was kept. Start it again."
    )


def test_a_job_whose_worker_is_alive_or_just_started_stays_running(resident, settings):
    settings.JOB_LOST_AFTER_SECONDS = 60
    beating = _running(resident, started_seconds_ago=3600)
    fresh = _running(resident, started_seconds_ago=5)
    with progress.heartbeat(beating.pk):
        assert upkeep.settle_lost() == 0
    assert set(Job.objects.values_list("status", flat=True)) == {"running"}
    assert upkeep.settle_lost() == 1
    assert Job.objects.get(pk=fresh.pk).status == "running"


def test_old_finished_jobs_are_deleted_with_their_files(resident, settings, tmp_path):
    settings.JOB_KEEP_DAYS = 14
    old = Job.objects.create(
        kind="caselog.import",
        title="old",
        owner=resident,
        status=Job.Status.SUCCEEDED,
        finished_at=timezone.now() - dt.timedelta(days=15),
    )
    recent = Job.objects.create(
        kind="caselog.import",
        title="recent",
        owner=resident,
        status=Job.Status.SUCCEEDED,
        finished_at=timezone.now() - dt.timedelta(days=13),
    )
    keep_input(old.pk, b"old file")
    keep_input(recent.pk, b"recent file")

    assert upkeep.delete_old() == 1
    assert list(Job.objects.values_list("title", flat=True)) == ["recent"]
    assert not folder(old.pk).exists() and folder(recent.pk).exists()
