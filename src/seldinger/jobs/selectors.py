"""Which jobs a user sees (their own; a platform administrator sees every job), and how
each stands now."""

import datetime as dt
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse

from seldinger.accounts.models import User
from seldinger.accounts.selectors import is_platform_admin
from seldinger.jobs import upkeep
from seldinger.jobs.models import Job
from seldinger.jobs.progress import Stage, stage_of
from seldinger.jobs.work import folder


def jobs_seen_by(viewer: User) -> QuerySet[Job]:
    """Newest first: the viewer's jobs; for an administrator, the scheduled ones too."""
    seen = Q(owner=viewer)
    if is_platform_admin(viewer):
        seen |= Q(owner__isnull=True)
    return Job.objects.filter(seen).order_by("-created_at")


def job_for(viewer: User, job_id: uuid.UUID | str) -> Job:
    """The job if the viewer may see it (the starter, or an administrator), settled if its
    worker was lost; else Http404, whether it exists or not."""
    try:
        wanted = uuid.UUID(str(job_id))
    except ValueError:
        raise Http404("No such job.") from None
    job = Job.objects.filter(pk=wanted).first()
    if job is None or not (job.owner_id == viewer.pk or is_platform_admin(viewer)):
        raise Http404("No such job.")
    return upkeep.settle(job)


def _download_name(job: Job) -> str:
    """The name of the file a job made, once it has succeeded ("" when it made none)."""
    return str(job.result.get("file") or "") if job.status == Job.Status.SUCCEEDED else ""


def download_path(job: Job) -> Path | None:
    """The finished job's output file, or None."""
    name = _download_name(job)
    path = folder(job.pk) / name
    return path if name and path.is_file() else None


@dataclass(frozen=True)
class JobState:
    """A job as its page, the API and the CLI show it."""

    job: Job
    stage: Stage | None

    @property
    def percent(self) -> int | None:
        if self.job.status == Job.Status.SUCCEEDED:
            return 100
        return None if self.stage is None else self.stage.percent

    @property
    def stage_text(self) -> str:
        """ "Checking rows (12,000 of 60,000)": what a running job is doing."""
        stage = self.stage
        if stage is None:
            return ""
        if stage.total:
            return f"{stage.label} ({stage.done:,} of {stage.total:,})"
        return f"{stage.label} ({stage.done:,} so far)" if stage.done else stage.label

    @property
    def download_url(self) -> str:
        return reverse("jobs:download", args=[self.job.pk]) if _download_name(self.job) else ""

    def as_dict(self) -> dict[str, Any]:
        job, result = self.job, self.job.result
        return {
            "id": str(job.pk),
            "kind": job.kind,
            "title": job.title,
            "status": job.status,
            "finished": job.finished,
            "progress": None if self.stage is None or job.finished else self.stage.as_dict(),
            "percent": self.percent,
            "message": result.get("message", ""),
            "error": job.error,
            "link": result.get("link", ""),
            "link_text": result.get("link_text", ""),
            "download": self.download_url,
            "details": result.get("details", {}),
            "created_at": _iso(job.created_at),
            "started_at": _iso(job.started_at),
            "finished_at": _iso(job.finished_at),
        }


def _iso(moment: dt.datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def state_of(job: Job) -> JobState:
    running = job.status == Job.Status.RUNNING
    return JobState(job, stage_of(job.pk) if running else None)
