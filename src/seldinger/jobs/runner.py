"""Running one job, in a worker or in the process that started it."""

import logging
import os
import socket
import uuid

from django.db.models import F
from django.utils import timezone

from seldinger.jobs import kinds, progress
from seldinger.jobs.models import Job
from seldinger.jobs.work import Work

logger = logging.getLogger("seldinger.jobs")

UNEXPECTED = (
    "It stopped on an unexpected error ({name}); nothing it was writing was kept. "
    "The operators' log has the details (job {id})."
)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def scheduled(kind: str) -> Job:
    """A new job of a scheduled ``kind``, owned by nobody, waiting to be run."""
    return Job.objects.create(kind=kind, title=kinds.SCHEDULED[kind])


def execute(job_id: uuid.UUID | str) -> None:
    """Run the job if it is still waiting (a job another worker took is left alone), and
    record how it ended."""
    taken = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING,
        started_at=timezone.now(),
        worker=worker_name(),
        attempts=F("attempts") + 1,
    )
    if not taken:
        return
    job = Job.objects.get(pk=job_id)
    logger.info("job started", extra={"job": str(job.pk), "kind": job.kind})
    try:
        with progress.heartbeat(job.pk):
            outcome = kinds.runner(job.kind)(job, Work(job.pk))
    except kinds.JobFailed as failure:
        _finish(job, Job.Status.FAILED, error=failure.message, result={"details": failure.details})
    except Exception as error:  # any other error ends the job, which says so
        logger.exception("job failed", extra={"job": str(job.pk), "kind": job.kind})
        _finish(
            job, Job.Status.FAILED, error=UNEXPECTED.format(name=type(error).__name__, id=job.pk)
        )
    else:
        _finish(job, Job.Status.SUCCEEDED, result=outcome.as_dict())


def _finish(
    job: Job, status: str, *, error: str = "", result: dict[str, object] | None = None
) -> None:
    Job.objects.filter(pk=job.pk).update(
        status=status, error=error, result=result or {}, finished_at=timezone.now()
    )
    logger.info("job finished", extra={"job": str(job.pk), "kind": job.kind, "status": status})
