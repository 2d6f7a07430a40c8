"""Benchmark: progress of a resident with 5,000 cases, and the cohort of a 40-resident program.

    .venv/bin/python bench/progress.py                  # SQLite in a temporary directory
    .venv/bin/python bench/progress.py --runs 21 --cases-per-resident 400
    DATABASE_URL=postgres://user@127.0.0.1:5432/seldinger .venv/bin/python bench/progress.py

With SQLite the database is a new file in a temporary directory; with
PostgreSQL a new ``test_<name>`` database is created beside the one
DATABASE_URL names and dropped afterwards. One program gets 40 residents (on
ESIR, with five program minimums): one resident with 5,000 cases, the others
with ``--cases-per-resident`` each. Measures server time, median of
``--runs`` runs after one warm-up:

- the selectors the views call (``selectors_progress.dashboard`` for the
  dashboard, ``trainee_progress`` for the CLI/API figures, ``cohort``);
- full requests through Django's test client (URL routing, session,
  middleware, template or JSON rendering): the dashboard, the progress API,
  the cohort page and the cohort API.

Target: under 100 ms each (2 cores). Prints the figures; nothing is asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

TARGET_MS = 100.0


def build(*, big_cases: int, residents: int, cases_each: int, seed: int = 11) -> dict[str, Any]:
    """The program, its director, and the residents with their generated cases."""
    from seldinger.accounts.membership import ProgramMembership
    from seldinger.accounts.models import Role, User
    from seldinger.caselog.models import CaseEntry, CaseRequirement
    from seldinger.caselog.selectors import catalogue
    from seldinger.programs.models import Program

    kind = ProgramMembership.Kind
    rng = random.Random(seed)
    program = Program.objects.create(
        name="Bench IR Residency (synthetic)",
        acgme_id="BENCH-0001",
        kind=Program.Kind.INTEGRATED_IR,
        institution="Bench Hospital (synthetic)",
        city="Benchville",
        state="MN",
        is_synthetic=True,
    )
    director = User.objects.create_user(username="bench-director", role=Role.DIRECTOR)
    ProgramMembership.objects.create(user=director, program=program, kind=kind.DIRECTOR)
    categories = list(catalogue().categories)
    for index, category in enumerate(categories[:4]):
        CaseRequirement.objects.create(
            program=program,
            name=f"Bench minimum {index + 1}",
            category_key=category,
            roles="primary",
            minimum=30,
        )
    CaseRequirement.objects.create(program=program, name="Bench total", minimum=900)

    procedures = list(catalogue().procedures.values())
    today = dt.date.today()
    start = today - dt.timedelta(days=3 * 365)
    users = []
    for number in range(residents):
        user = User.objects.create_user(
            username=f"bench-resident-{number:02d}", role=Role.RESIDENT, last_name=f"R{number:02d}"
        )
        ProgramMembership.objects.create(
            user=user,
            program=program,
            kind=kind.TRAINEE,
            start_date=start,
            end_date=start + dt.timedelta(days=5 * 365),
            esir=number % 2 == 0,
        )
        users.append(user)
        count = big_cases if number == 0 else cases_each
        cases = []
        for index in range(count):
            procedure = rng.choice(procedures)
            fluoro = rng.random() < 0.7
            cases.append(
                CaseEntry(
                    trainee=user,
                    performed_on=start + dt.timedelta(days=rng.randrange((today - start).days)),
                    procedure_key=procedure.key,
                    category_key=procedure.category,
                    role=rng.choice(("primary", "primary", "assistant", "observer")),
                    supervisor=director,
                    modality="fluoroscopy" if fluoro else "ultrasound",
                    fluoro_minutes=round(rng.uniform(0.5, 40), 2) if fluoro else None,
                    dap_gycm2=round(rng.uniform(1, 300), 2) if fluoro else None,
                    air_kerma_mgy=round(rng.uniform(5, 2000), 2) if fluoro else None,
                    status=rng.choice(("verified", "verified", "pending")),
                    fingerprint=f"bench-{number}-{index}",
                )
            )
        CaseEntry.objects.bulk_create(cases, batch_size=2000)
    return {"program": program, "director": director, "big": users[0], "residents": users}


def median_ms(function: Callable[[], Any], runs: int) -> float:
    function()  # warm-up: catalogue, rules and template caches
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def measure(data: dict[str, Any], runs: int) -> dict[str, float]:
    from django.test import Client

    from seldinger.caselog import selectors_progress as selectors

    big, director = data["big"], data["director"]
    resident_client, director_client = Client(), Client()
    resident_client.force_login(big)
    director_client.force_login(director)

    def get(client: Client, url: str) -> Callable[[], Any]:
        def request() -> Any:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return response

        return request

    rows = selectors.cohort(director)
    assert len(rows) == len(data["residents"]), len(rows)
    assert selectors.trainee_progress(big).progress.total_cases > 0
    return {
        "selector: dashboard (5,000 cases)": median_ms(lambda: selectors.dashboard(big), runs),
        "selector: trainee_progress (CLI/API figures)": median_ms(
            lambda: selectors.trainee_progress(big).as_dict(), runs
        ),
        "selector: cohort (40 residents)": median_ms(lambda: selectors.cohort(director), runs),
        "request: GET /cases/progress/ (resident)": median_ms(
            get(resident_client, "/cases/progress/"), runs
        ),
        f"request: GET /cases/progress/{big.username}/ (director)": median_ms(
            get(director_client, f"/cases/progress/{big.username}/"), runs
        ),
        "request: GET /api/caselog/progress": median_ms(
            get(resident_client, "/api/caselog/progress"), runs
        ),
        "request: GET /cases/cohort/": median_ms(get(director_client, "/cases/cohort/"), runs),
        "request: GET /api/caselog/cohort": median_ms(
            get(director_client, "/api/caselog/cohort"), runs
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--cases", type=int, default=5000, help="cases of the big resident")
    parser.add_argument("--residents", type=int, default=40, help="residents in the program")
    parser.add_argument(
        "--cases-per-resident", type=int, default=300, help="cases of each other resident"
    )
    parser.add_argument("--runs", type=int, default=15, help="timed runs per figure (median)")
    parser.add_argument("--format", choices=["text", "json"], default="text")
    options = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="seldinger-bench-"))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
    os.environ.setdefault("SELDINGER_VAR_DIR", str(workdir / "var"))
    os.environ.setdefault("SELDINGER_DEBUG", "0")  # as served: no query log
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seldinger.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from seldinger.caselog.models import CaseEntry

    postgres = connection.vendor == "postgresql"
    original_name = connection.settings_dict["NAME"]
    if postgres:
        connection.creation.create_test_db(verbosity=0, autoclobber=True)
    else:
        call_command("migrate", verbosity=0)
    try:
        started = time.perf_counter()
        data = build(
            big_cases=options.cases,
            residents=options.residents,
            cases_each=options.cases_per_resident,
        )
        build_seconds = time.perf_counter() - started
        total_cases = CaseEntry.objects.count()
        figures = measure(data, options.runs)
        database = f"{connection.vendor} {_database_version(connection)}"
    finally:
        if postgres:
            connection.creation.destroy_test_db(original_name, verbosity=0)

    context = {
        "residents": options.residents,
        "big_resident_cases": options.cases,
        "cases_in_database": total_cases,
        "build_seconds": round(build_seconds, 1),
        "runs": options.runs,
        "database": database,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
    }
    if options.format == "json":
        print(json.dumps({**context, "median_ms": figures, "target_ms": TARGET_MS}, indent=2))
        return
    print(
        f"{options.residents} residents, one with {options.cases} cases; "
        f"{total_cases} cases in the database (built in {build_seconds:.1f} s)"
    )
    print(f"median of {options.runs} runs, server time (target < {TARGET_MS:.0f} ms):")
    for label, value in figures.items():
        flag = "ok" if value < TARGET_MS else "OVER TARGET"
        print(f"  {label:<58} {value:7.1f} ms  {flag}")
    print(f"{context['database']}, {context['cores']} cores, Python {context['python']}")


def _database_version(connection: Any) -> str:
    if connection.vendor == "sqlite":
        import sqlite3

        return sqlite3.sqlite_version
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return str(cursor.fetchone()[0])


if __name__ == "__main__":
    sys.exit(main())
