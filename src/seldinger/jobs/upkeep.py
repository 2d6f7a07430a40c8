"""Keeping the job list true and small: lost jobs marked failed, old ones deleted."""

import datetime as dt
import logging

from django.conf import settings
from django.utils import timezone

from seldinger.jobs import progress
from seldinger.jobs.models import Job
from seldinger.jobs.work import remove_files

logger = logging.getLogger("seldinger.jobs")

#: How often ``worker --beat`` runs the upkeep (seconds).
EVERY = 300.0

LOST = (
    "The worker running this job stopped before it finished ({worker}); nothing it was "
    "writing was kept. Start it again."
)


def is_lost(job: Job) -> bool:
    """Running, but its worker has not said it is alive for JOB_LOST_AFTER_SECONDS."""
    if job.status != Job.Status.RUNNING or job.started_at is None:
        return False
    silent_since = timezone.now() - dt.timedelta(seconds=settings.JOB_LOST_AFTER_SECONDS)
    return job.started_at < silent_since and not progress.alive(job.pk)


def settle(job: Job) -> Job:
    """The job as it is: marked failed if it is lost."""
    if is_lost(job):
        marked = Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(
            status=Job.Status.FAILED,
            error=LOST.format(worker=job.worker or "unknown worker"),
            finished_at=timezone.now(),
        )
        if marked:
            logger.warning("job lost", extra={"job": str(job.pk), "worker": job.worker})
        job.refresh_from_db()
    return job


def settle_lost() -> int:
    """Mark every lost job failed; how many were."""
    running = Job.objects.filter(status=Job.Status.RUNNING)
    return sum(settle(job).status == Job.Status.FAILED for job in running)


def delete_old() -> int:
    """Delete the jobs finished more than JOB_KEEP_DAYS ago, with their files."""
    cutoff = timezone.now() - dt.timedelta(days=settings.JOB_KEEP_DAYS)
    old = list(Job.objects.filter(finished_at__lt=cutoff).values_list("pk", flat=True))
    for job_id in old:
        remove_files(job_id)
        progress.forget(job_id)
    Job.objects.filter(pk__in=old).delete()
    return len(old)
