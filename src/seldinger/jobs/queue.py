"""The job queue: Celery on the Redis of ``SELDINGER_REDIS_URL``.

The queue carries only a job's id; the job itself (what to do, how far it got, how it
ended) is in the database, so any web process can show it. A message is taken off the
queue when a worker starts it, so a worker that dies never runs half a job twice: its job
is found lost and marked failed (``services.settle_lost``).
"""

from collections.abc import Iterator
from contextlib import contextmanager

from celery import Celery
from celery.schedules import crontab
from django.conf import settings
from django.db import close_old_connections

from seldinger import environment
from seldinger.jobs import runner, upkeep

app = Celery("seldinger")


def enabled() -> bool:
    return environment.redis_url() is not None


def _daily_at(clock: str) -> crontab:
    hour, _, minute = clock.partition(":")
    return crontab(hour=int(hour), minute=int(minute or 0))


app.conf.update(
    broker_url=environment.redis_url() or "memory://",
    broker_connection_retry_on_startup=True,
    task_ignore_result=True,
    # One job at a time per worker process: a long import does not hold others back.
    worker_prefetch_multiplier=1,
    worker_hijack_root_logger=False,
    timezone=settings.TIME_ZONE,
    beat_schedule_filename=str(settings.VAR_DIR / "worker-beat-schedule"),
    beat_schedule={
        "reminders": {
            "task": "seldinger.jobs.scheduled",
            "schedule": _daily_at(settings.REMINDERS_AT),
            "args": ("credentials.reminders",),
        },
        # Daily: each run sends the daily digests, and the weekly ones on their weekday.
        "digest": {
            "task": "seldinger.jobs.scheduled",
            "schedule": _daily_at(settings.DIGEST_AT),
            "args": ("home.digest",),
        },
        "clean-up": {"task": "seldinger.jobs.clean_up", "schedule": upkeep.EVERY},
    },
)


@contextmanager
def _connections() -> Iterator[None]:
    """A worker lives for days: each task starts and ends without a broken or stale
    database connection, as each web request does."""
    close_old_connections()
    try:
        yield
    finally:
        close_old_connections()


@app.task(name="seldinger.jobs.run")
def run(job_id: str) -> None:
    with _connections():
        runner.execute(job_id)


@app.task(name="seldinger.jobs.scheduled")
def scheduled(kind: str) -> None:
    """A job of ``kind`` that nobody started (the daily reminders), run here and now."""
    with _connections():
        runner.execute(runner.scheduled(kind).pk)


@app.task(name="seldinger.jobs.clean_up")
def clean_up() -> None:
    with _connections():
        upkeep.settle_lost()
        upkeep.delete_old()
