"""Copying the database out and back in, with each database's own tools.

SQLite: the online backup API (``sqlite3.Connection.backup``), which copies a consistent
snapshot while the server runs and, written back, replaces the database in one locked
step. PostgreSQL: ``pg_dump`` in its custom format (one snapshot), and on the way back the
script ``pg_restore`` makes of it, run by ``psql`` in one transaction after emptying the
schema, so a failure anywhere leaves the database as it was.
"""

import os
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.db import connection

from seldinger.command_line import CommandFailed

SQLITE = "sqlite"
POSTGRESQL = "postgresql"
#: What the archive calls the database copy of each engine.
COPY_NAMES = {SQLITE: "database.sqlite3", POSTGRESQL: "database.pgdump"}
ENGINE_NAMES = {SQLITE: "SQLite", POSTGRESQL: "PostgreSQL"}


class BackupRefused(CommandFailed):
    """A backup or restore that cannot be done, and why; nothing was changed."""


def engine() -> str:
    """``sqlite`` or ``postgresql``: the engines backups know."""
    vendor = connection.vendor
    if vendor not in COPY_NAMES:
        raise BackupRefused(f"backups know SQLite and PostgreSQL, not {vendor}")
    return vendor


def _settings() -> dict[str, Any]:
    return dict(connection.settings_dict)


def applied_migrations_in_sqlite(path: Path) -> list[tuple[str, str]]:
    copy = sqlite3.connect(path)
    try:
        rows = copy.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        return [(app, name) for app, name in rows]
    except sqlite3.DatabaseError as error:
        raise BackupRefused(f"the database copy cannot be read: {error}") from None
    finally:
        copy.close()


def applied_migrations() -> list[tuple[str, str]]:
    """The migrations applied to the live database."""
    with connection.cursor() as cursor:
        if "django_migrations" not in connection.introspection.table_names(cursor):
            return []
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        return [(app, name) for app, name in cursor.fetchall()]


def _sqlite_path() -> Path:
    return Path(_settings()["NAME"])


def _postgres_environment() -> dict[str, str]:
    """libpq's variables for the configured database, so no password is on a command line."""
    config = _settings()
    env = dict(os.environ)
    for variable, key in [
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ]:
        if config.get(key):
            env[variable] = str(config[key])
    if sslmode := config.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = str(sslmode)
    return env


def _run(command: list[str], *, what: str, **kwargs: Any) -> None:
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False, **kwargs)
    except FileNotFoundError:
        raise BackupRefused(
            f"{command[0]} is not installed; install the PostgreSQL client tools"
        ) from None
    if done.returncode != 0:
        raise BackupRefused(f"{what} failed: {done.stderr.strip()}")


def copy_out(target: Path) -> None:
    """Write a consistent copy of the live database to ``target``."""
    if engine() == SQLITE:
        source = sqlite3.connect(_sqlite_path())
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            copy.close()
            source.close()
        return
    _run(
        ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}"],
        what="pg_dump",
        env=_postgres_environment(),
    )


def check_copy(copy: Path) -> None:
    """Refuse a copy the database would not take (before anything is replaced)."""
    if engine() == SQLITE:
        opened = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
        try:
            verdict = opened.execute("PRAGMA integrity_check").fetchone()[0]
        except sqlite3.DatabaseError as error:
            raise BackupRefused(f"the database in the backup is damaged: {error}") from None
        finally:
            opened.close()
        if verdict != "ok":
            raise BackupRefused(f"the database in the backup is damaged: {verdict}")
        return
    _run(["pg_restore", "--list", str(copy)], what="reading the PostgreSQL dump")


def copy_in(copy: Path) -> None:
    """Replace the live database by ``copy``, all at once or not at all."""
    connection.close()  # no connection of ours holds a lock while the database is replaced
    if engine() == SQLITE:
        target = _sqlite_path()
        target.parent.mkdir(parents=True, exist_ok=True)
        source = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
        live = sqlite3.connect(target, timeout=30)
        try:
            source.backup(live)  # one step: SQLite writes it in one transaction
        except sqlite3.DatabaseError as error:
            raise BackupRefused(f"the database could not be replaced: {error}") from None
        finally:
            live.close()
            source.close()
        return
    # The whole script first: psql given a script cut short would commit what it read.
    script = copy.with_suffix(".sql")
    env = _postgres_environment()
    _run(
        ["pg_restore", "--no-owner", "--no-privileges", f"--file={script}", str(copy)],
        what="reading the PostgreSQL dump",
        env=env,
    )
    try:
        _run(
            [
                "psql",
                "--no-psqlrc",
                "--quiet",
                "--set=ON_ERROR_STOP=1",
                "--single-transaction",
                # Emptied in the same transaction, so a table the backup lacks goes too.
                "--command=DROP SCHEMA public CASCADE; CREATE SCHEMA public;",
                f"--file={script}",
            ],
            what="restoring the PostgreSQL dump",
            env=env,
        )
    finally:
        script.unlink(missing_ok=True)
