"""Benchmark: import N generated case-log rows for a demo trainee, beside the floor.

    .venv/bin/python bench/import_cases.py                 # 100,000 rows, SQLite in a temp dir
    .venv/bin/python bench/import_cases.py --rows 20000
    .venv/bin/python bench/import_cases.py --quick         # 2,000 rows, a smoke test
    DATABASE_URL=postgres://user@127.0.0.1:5432/seldinger .venv/bin/python bench/import_cases.py

With SQLite the database is a new file in a temporary directory; with
PostgreSQL a new ``test_<name>`` database is created beside the one
DATABASE_URL names and dropped afterwards. Debug is off, as in production.

Measured in one run, on one generated file:

- the floor: the file read with the csv module, its dates parsed, each row's
  SHA-256 fingerprint, and the rows inserted into the case table in one raw
  bulk insert (``executemany`` on SQLite, ``COPY`` on PostgreSQL, foreign keys
  checked), then rolled back: what any import of these rows costs before
  checking or auditing anything;
- the import, the way ``seldinger caselog import FILE --trainee resident``
  does it (read, check every row, fingerprint, one transaction, cases and one
  audit entry each inserted in bulk);
- the re-import of the same file (every row a duplicate, nothing saved).

Each is printed with ``figures.figure`` beside the floor; the goal is under
4 s for 100,000 rows on 2 cores.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gc
import hashlib
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from figures import compile_sources, figure

BENCHMARK = "import_cases"
GOAL = "< 4 s"
ROWS = 100_000
QUICK_ROWS = 2_000


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


#: The case table's columns, in the order ``floor`` gives its values.
FLOOR_FIELDS = (
    "trainee",
    "performed_on",
    "procedure_key",
    "category_key",
    "role",
    "supervisor",
    "modality",
    "age_band",
    "fluoro_minutes",
    "dap_gycm2",
    "air_kerma_mgy",
    "complication",
    "notes",
    "status",
    "verified_by",
    "verified_at",
    "return_comment",
    "source",
    "fingerprint",
    "created_at",
    "updated_at",
)


def floor(path: Path, trainee: Any, supervisors: dict[str, int]) -> dict[str, float]:
    """Seconds to read, date, fingerprint and bulk-insert the file's rows, checking nothing.

    The insert is rolled back. Returns the total and each part.
    """
    from django.db import connection, transaction

    from seldinger.caselog.models import CaseEntry

    meta = CaseEntry._meta
    column = {field.name: field.column for field in meta.concrete_fields}
    assert set(FLOOR_FIELDS) == set(column) - {"id"}, "the case table changed: update the floor"
    quote = connection.ops.quote_name
    table, columns = quote(meta.db_table), ", ".join(quote(column[name]) for name in FLOOR_FIELDS)
    now = connection.ops.adapt_datetimefield_value(dt.datetime.now(dt.UTC))
    gc.disable()  # as the import does
    try:
        started = time.perf_counter()
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.reader(handle)
            next(reader)
            rows = list(reader)
        read = time.perf_counter()
        prefix = f"{trainee.pk}|"
        values = []
        for row in rows:
            date, procedure, role, supervisor, modality, age_band, *doses, complication, notes = row
            values.append(
                (
                    trainee.pk,
                    dt.date.fromisoformat(date),
                    procedure,
                    "",
                    role,
                    supervisors.get(supervisor),
                    modality,
                    age_band,
                    *(dose or None for dose in doses),
                    complication,
                    notes,
                    "pending",
                    None,
                    None,
                    "",
                    "import",
                    hashlib.sha256((prefix + "|".join(row)).encode()).hexdigest(),
                    now,
                    now,
                )
            )
        prepared = time.perf_counter()
        with transaction.atomic():
            with connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                        for row in values:
                            copy.write_row(row)
                    # The foreign keys are checked at commit, which a rollback skips.
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                else:
                    marks = ", ".join(["%s"] * len(FLOOR_FIELDS))
                    cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", values)
            inserted = time.perf_counter()
            transaction.set_rollback(True)
    finally:
        gc.enable()
    return {
        "total": inserted - started,
        "read": read - started,
        "dates_and_fingerprints": prepared - read,
        "insert": inserted - prepared,
    }


def timed_import(path: Path, trainee: Any) -> tuple[Any, float]:
    from seldinger.caselog.transfer_import import import_file

    started = time.perf_counter()
    result = import_file(path=path, trainee=trainee, actor=None)
    return result.report, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=ROWS, help=f"rows to import ({ROWS})")
    parser.add_argument(
        "--quick", action="store_true", help=f"{QUICK_ROWS:,} rows: a smoke test, not a figure"
    )
    options = parser.parse_args()
    compile_sources()
    rows = QUICK_ROWS if options.quick else options.rows

    workdir = Path(tempfile.mkdtemp(prefix="seldinger-bench-"))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
    os.environ.setdefault("SELDINGER_VAR_DIR", str(workdir / "var"))
    os.environ.setdefault("SELDINGER_DEBUG", "0")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seldinger.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from seldinger.accounts.models import User
    from seldinger.audit.models import AuditEntry
    from seldinger.caselog.models import CaseEntry
    from seldinger.caselog.selectors import supervisors_for
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
        generate(path, rows)
        supervisors = dict(supervisors_for(trainee).values_list("username", "pk"))

        base = floor(path, trainee, supervisors)
        cases, audited = CaseEntry.objects.count(), AuditEntry.objects.count()
        first, seconds = timed_import(path, trainee)
        again, seconds_again = timed_import(path, trainee)
        assert first.invalid == 0, first.errors[:5]
        assert first.saved == rows, first.as_dict()
        assert CaseEntry.objects.count() == cases + rows
        assert AuditEntry.objects.count() == audited + rows
        assert (again.saved, again.duplicate) == (0, rows), again.as_dict()
        database = f"{connection.vendor} {_database_version(connection)}"
    finally:
        if postgres:
            connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)
        connection.close()
        shutil.rmtree(workdir, ignore_errors=True)

    command = ".venv/bin/python bench/import_cases.py" + ("" if rows == ROWS else f" --rows {rows}")
    if postgres:
        command = f"DATABASE_URL=postgres://... {command}"
    floor_label = "csv read, dates, fingerprints, raw bulk insert of the cases"
    print(
        f"floor: read {base['read']:.2f} s + dates and fingerprints "
        f"{base['dates_and_fingerprints']:.2f} s + insert {base['insert']:.2f} s "
        f"({os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f})"
    )
    for label, measured in (
        (f"import {rows:,} CSV case rows (check, save, audit)", seconds),
        ("re-import the same file (all duplicates)", seconds_again),
    ):
        figure(
            BENCHMARK,
            label,
            measured,
            floor=base["total"],
            floor_label=floor_label,
            goal=GOAL if rows == ROWS else "",
            database=database,
            command=command,
        )


def _database_version(connection: Any) -> str:
    if connection.vendor == "sqlite":
        import sqlite3

        return sqlite3.sqlite_version
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return str(cursor.fetchone()[0]).split()[0]


if __name__ == "__main__":
    sys.exit(main())
