"""How far a running job has got, and whether its worker is alive: kept in the cache.

The work of a job (an import) runs in one database transaction, which nobody else sees
until it commits, so its progress cannot be written to the job's row. The cache is Redis
whenever jobs run on the queue, so the web processes read what the workers write.
"""

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache

#: A progress report is written at most this often (seconds); the page polls every second.
WRITE_EVERY = 0.5
#: How long a job's progress is kept in the cache (seconds).
KEPT = 24 * 3600


@dataclass(frozen=True)
class Stage:
    """What a job is doing now: ``done`` of ``total`` (None while unknown) ``label``."""

    label: str
    done: int
    total: int | None

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        return min(100, round(100 * self.done / self.total))

    def as_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "done": self.done,
            "total": self.total,
            "percent": self.percent,
        }


def _progress_key(job_id: object) -> str:
    return f"job:{job_id}:progress"


def _alive_key(job_id: object) -> str:
    return f"job:{job_id}:alive"


class Reporter:
    """``reporter(label, done, total)``: the job's progress, written at most every
    WRITE_EVERY seconds (and always when a stage starts or ends)."""

    def __init__(self, job_id: object) -> None:
        self.key = _progress_key(job_id)
        self.last_label = ""
        self.last_written = 0.0

    def __call__(self, label: str, done: int, total: int | None) -> None:
        now = time.monotonic()
        boundary = label != self.last_label or done == 0 or (total is not None and done >= total)
        if not boundary and now - self.last_written < WRITE_EVERY:
            return
        self.last_label, self.last_written = label, now
        cache.set(self.key, (label, done, total), timeout=KEPT)


def stage_of(job_id: object) -> Stage | None:
    reported = cache.get(_progress_key(job_id))
    return None if reported is None else Stage(*reported)


def forget(job_id: object) -> None:
    cache.delete_many([_progress_key(job_id), _alive_key(job_id)])


def alive(job_id: object) -> bool:
    return cache.get(_alive_key(job_id)) is not None


@contextmanager
def heartbeat(job_id: object) -> Iterator[None]:
    """While the block runs, a thread says every JOB_HEARTBEAT_SECONDS that the job's worker
    is alive. A worker that is killed stops saying so, and the job is found lost."""
    key, every = _alive_key(job_id), settings.JOB_HEARTBEAT_SECONDS
    lasting = settings.JOB_LOST_AFTER_SECONDS
    stopped = threading.Event()

    def beat() -> None:
        while True:
            cache.set(key, 1, timeout=lasting)
            if stopped.wait(every):
                return

    cache.set(key, 1, timeout=lasting)
    thread = threading.Thread(target=beat, name=f"job-{job_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stopped.set()
        thread.join()
        cache.delete(key)
