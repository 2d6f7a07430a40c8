"""The production web server: gunicorn, started from ``seldinger serve --production``.

Gunicorn runs through its Python API rather than its own command line, so the deploy
guide, the systemd unit and the tests start the server with the same command and the same
settings. Each worker process loads the Django application after the fork, so no
database connection is shared between processes.
"""

import os
from typing import Any

from django.conf import settings
from gunicorn.app.base import BaseApplication

from seldinger.operations.request_ids import with_request_ids

#: Threads per worker process: a page spends part of its time waiting on the database, when
#: another thread of the process can run. With one, the workers are gunicorn's sync workers.
DEFAULT_THREADS = 4


def default_workers() -> int:
    """Gunicorn's own advice: two per processor, plus one."""
    return 2 * (os.cpu_count() or 1) + 1


def _logging() -> dict[str, Any]:
    """Django's logging for gunicorn's own records too (JSON lines in production)."""
    config = dict(settings.LOGGING)
    config["loggers"] = {
        **config.get("loggers", {}),
        "gunicorn.error": {"level": "INFO", "propagate": True},
        # Each request is logged once, by the request-id middleware, with its id.
        "gunicorn.access": {"level": "WARNING", "propagate": False},
    }
    return config


class ProductionServer(BaseApplication):  # type: ignore[misc]
    def __init__(self, *, bind: str, workers: int, threads: int) -> None:
        self.options = {
            "bind": bind,
            "workers": workers,
            # Threads also keep a client's connection open between its requests (keep-alive).
            "worker_class": "gthread" if threads > 1 else "sync",
            "threads": threads,
            # A request (an export, an import) may take this long before its worker is
            # replaced; the proxy's read timeout should match it.
            "timeout": 120,
            "graceful_timeout": 30,
            "logconfig_dict": _logging(),
            "proc_name": "seldinger",
            # Its default path is one per user: several servers on a machine would share it.
            "control_socket_disable": True,
        }
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from django.core.wsgi import get_wsgi_application

        return with_request_ids(get_wsgi_application())


def serve(*, bind: str, workers: int, threads: int = DEFAULT_THREADS) -> None:
    """Serve until stopped (SIGTERM or SIGINT stop gracefully; SIGHUP reloads the workers)."""
    ProductionServer(bind=bind, workers=workers, threads=threads).run()
