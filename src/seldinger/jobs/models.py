"""A background job: who started it, what it does, how far it got, and how it ended."""

import uuid

from django.conf import settings
from django.db import models


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting for a worker"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Done"
        FAILED = "failed", "Failed"

    #: Random, so that a job's address tells nothing of other jobs.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    #: Who started it and may see it; none for the scheduled jobs.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE
    )
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    #: What it produced: ``message`` (one sentence), ``link`` and ``link_text`` (where to go
    #: next), ``details`` (a JSON object for the API) and ``file`` (a download's name).
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    #: ``host:pid`` of the process running it.
    worker = models.CharField(max_length=120, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["owner", "-created_at"], name="jobs_owner_recent"),
            models.Index(fields=["status", "created_at"], name="jobs_status_age"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)
