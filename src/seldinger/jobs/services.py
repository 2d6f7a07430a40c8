"""Starting a job: on the queue when there is one, else here and now."""

from typing import Any

from django.db import transaction

from seldinger.accounts.models import User
from seldinger.jobs import kinds, queue, runner
from seldinger.jobs.models import Job
from seldinger.jobs.work import keep_input


def start(
    *,
    kind: str,
    owner: User,
    title: str,
    params: dict[str, Any] | None = None,
    content: bytes | None = None,
) -> Job:
    """A new job of ``kind`` for ``owner`` (``content``: its input file, kept privately).

    With a queue, a worker takes it once the current transaction commits, and this returns
    at once; without one (``make run``, the tests) it runs to the end before this returns.
    """
    if kind not in kinds.KINDS:
        raise ValueError(f"no job kind {kind!r}")
    job = Job.objects.create(kind=kind, owner=owner, title=title, params=params or {})
    if content is not None:
        keep_input(job.pk, content)
    if queue.enabled():
        job_id = str(job.pk)
        transaction.on_commit(lambda: queue.run.delay(job_id))
    else:
        runner.execute(job.pk)
        job.refresh_from_db()
    return job
