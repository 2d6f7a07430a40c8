"""Whether this web process can serve: its database, its cache and its job queue answer.

Load balancers ask often, so each check is one round trip with a short timeout: a query
of no table, one cache write and read, one PING to the queue's Redis.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass

import redis
from django.core.cache import cache
from django.db import connection

from seldinger import environment

OK = "ok"
#: The queue when no Redis is configured: jobs run in the process that starts them.
IN_PROCESS = "in-process"
#: Seconds a check may take before the part counts as unreachable.
TIMEOUT = 2


@dataclass(frozen=True)
class Health:
    parts: dict[str, str]

    @property
    def failing(self) -> list[str]:
        return [name for name, state in self.parts.items() if state not in (OK, IN_PROCESS)]

    def as_json(self) -> dict[str, object]:
        return {"status": "failing" if self.failing else OK, **self.parts, "failing": self.failing}


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return OK


def _cache() -> str:
    key = f"seldinger:health:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=10)
    answered = cache.get(key)
    cache.delete(key)
    if answered != "1":
        raise RuntimeError("the cache did not keep a value")
    return OK


def _queue() -> str:
    url = environment.redis_url()
    if url is None:
        return IN_PROCESS
    client = redis.Redis.from_url(url, socket_connect_timeout=TIMEOUT, socket_timeout=TIMEOUT)
    try:
        client.ping()
    finally:
        client.close()
    return OK


CHECKS: dict[str, Callable[[], str]] = {"database": _database, "cache": _cache, "queue": _queue}


def check() -> Health:
    """Each part's state: ``ok`` (or ``in-process`` for the queue), or why it failed."""
    parts = {}
    for name, part in CHECKS.items():
        try:
            parts[name] = part()
        except Exception as error:  # any failure of a part is that part's answer
            parts[name] = f"unreachable: {type(error).__name__}"
    return Health(parts)
