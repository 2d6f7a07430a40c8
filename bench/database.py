"""A benchmark's own database: a new SQLite file in a temporary directory, or a new
``test_<name>`` PostgreSQL database beside the one ``DATABASE_URL`` names, dropped afterwards.

    with bench_database() as database:   # Django is set up inside; "sqlite 3.40.1"
        ...
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


@contextmanager
def bench_database() -> Iterator[str]:
    """Set Django up on a new, migrated database; yield its vendor and version."""
    workdir = Path(tempfile.mkdtemp(prefix="seldinger-bench-"))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
    os.environ.setdefault("SELDINGER_VAR_DIR", str(workdir / "var"))
    os.environ.setdefault("SELDINGER_DEBUG", "0")  # as served: no query log
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seldinger.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    postgres = connection.vendor == "postgresql"
    original_name = connection.settings_dict["NAME"]
    if postgres:
        connection.creation.create_test_db(verbosity=0, autoclobber=True)
    else:
        call_command("migrate", verbosity=0)
    try:
        yield f"{connection.vendor} {database_version(connection)}"
    finally:
        if postgres:
            connection.creation.destroy_test_db(original_name, verbosity=0)
        connection.close()
        shutil.rmtree(workdir, ignore_errors=True)


def database_version(connection: Any) -> str:
    if connection.vendor == "sqlite":
        import sqlite3

        return sqlite3.sqlite_version
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return str(cursor.fetchone()[0])
