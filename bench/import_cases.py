"""Benchmark: import N generated case-log rows for a demo trainee into a fresh database.

    .venv/bin/python bench/import_cases.py                 # 100,000 rows, SQLite in a temp dir
    .venv/bin/python bench/import_cases.py --rows 20000
    DATABASE_URL=postgres://user@127.0.0.1:5432/seldinger .venv/bin/python bench/import_cases.py

With SQLite the database is a new file in a temporary directory; with
PostgreSQL a new ``test_<name>`` database is created beside the one
DATABASE_URL names and dropped afterwards. The file is imported the way
``seldinger caselog import FILE --trainee resident`` does (read, check every
row, fingerprint, one transaction, bulk inserts of cases and audit entries),
then imported again (every row a duplicate, nothing saved). Prints rows,
seconds and rows per second for both; the target is under 10 s for 100,000
rows on 2 cores.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any


def generate(path: Path, rows: int, *, seed: int = 7) -> None:
    """``rows`` valid case rows (catalogue keys and CPT codes, some empty optional cells)."""
    from seldinger.caselog.entries import AGE_BANDS, COMPLICATIONS, MODALITIES, ROLES
    from seldinger.caselog.importer import COLUMNS
    from seldinger.caselog.selectors import catalogue

    procedures = catalogue()
    names: list[str] = []
    for procedure in procedures.procedures.values():
        names.append(procedure.key)
        names += [code for code in procedure.cpt_codes if procedures.resolve(code) is procedure]
    notes = [
        "",
        "",
        "",
        "uneventful",
        "right IJ access",
        "two attempts",
        "tip at cavoatrial junction",
    ]
    random_ = random.Random(seed)
    today = dt.date.today()
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for _ in range(rows):
            dose = random_.random() < 0.7
            writer.writerow(
                [
                    (today - dt.timedelta(days=random_.randint(1, 1500))).isoformat(),
                    random_.choice(names),
                    random_.choice(ROLES),
                    random_.choice(("faculty", "director", "")),
                    random_.choice(MODALITIES),
                    random_.choice(("", *AGE_BANDS)),
                    f"{random_.uniform(0, 60):.2f}" if dose else "",
                    f"{random_.uniform(0, 500):.2f}" if dose else "",
                    f"{random_.uniform(0, 3000):.2f}" if dose else "",
                    random_.choice(COMPLICATIONS[:3]),
                    random_.choice(notes),
                ]
            )


def timed_import(path: Path, trainee: Any) -> tuple[Any, float, dict[str, float]]:
    from seldinger.caselog.transfer_import import import_file

    started = time.perf_counter()
    marks: dict[str, float] = {}

    def progress(stage: str, done: int, total: int) -> None:
        if done == total:
            marks[stage] = time.perf_counter() - started

    result = import_file(path=path, trainee=trainee, actor=None, progress=progress)
    return result.report, time.perf_counter() - started, marks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="rows to import (100000)")
    parser.add_argument("--format", choices=["text", "json"], default="text")
    options = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="seldinger-bench-"))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
    os.environ.setdefault("SELDINGER_VAR_DIR", str(workdir / "var"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seldinger.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from seldinger.accounts.models import User
    from seldinger.caselog.models import CaseEntry
    from seldinger.demo.data import load_demo_data

    postgres = connection.vendor == "postgresql"
    if postgres:
        connection.creation.create_test_db(verbosity=0, autoclobber=True)
    else:
        call_command("migrate", verbosity=0)
    try:
        load_demo_data()
        trainee = User.objects.get(username="resident")
        path = workdir / "cases.csv"
        generate(path, options.rows)

        before = CaseEntry.objects.count()
        first, seconds, marks = timed_import(path, trainee)
        again, seconds_again, _ = timed_import(path, trainee)
        assert first.invalid == 0, first.errors[:5]
        assert CaseEntry.objects.count() == before + first.saved
        assert again.saved == 0
        database = f"{connection.vendor} {_database_version(connection)}"
    finally:
        if postgres:
            connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)
        connection.close()
        shutil.rmtree(workdir, ignore_errors=True)

    figures = {
        "rows": options.rows,
        "saved": first.saved,
        "seconds": round(seconds, 2),
        "rows_per_second": round(options.rows / seconds),
        "checked_after_seconds": round(marks.get("checking", 0.0), 2),
        "reimport_seconds": round(seconds_again, 2),
        "reimport_rows_per_second": round(options.rows / seconds_again),
        "database": database,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
    }
    if options.format == "json":
        print(json.dumps(figures, indent=2))
        return
    print(
        f"import: {figures['rows']} rows, {figures['saved']} saved, {seconds:.2f} s, "
        f"{figures['rows_per_second']} rows/s (rows checked after "
        f"{figures['checked_after_seconds']} s)"
    )
    print(
        f"re-import: {figures['rows']} rows, 0 saved (all duplicates), {seconds_again:.2f} s, "
        f"{figures['reimport_rows_per_second']} rows/s"
    )
    print(f"{figures['database']}, {figures['cores']} cores, Python {figures['python']}")


def _database_version(connection: Any) -> str:
    if connection.vendor == "sqlite":
        import sqlite3

        return sqlite3.sqlite_version
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return str(cursor.fetchone()[0])


if __name__ == "__main__":
    sys.exit(main())
