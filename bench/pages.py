"""Benchmark: server time and queries of the pages users open daily, on a full program.

    .venv/bin/python bench/pages.py                     # SQLite in a temporary directory
    .venv/bin/python bench/pages.py --quick             # small sizes: a smoke test
    .venv/bin/python bench/pages.py --runs 31 --only cohort progress
    DATABASE_URL=postgres://user@127.0.0.1:5432/seldinger_pages .venv/bin/python bench/pages.py

The data set (``bench/pages_data.py``) is built once in a throwaway database:
with SQLite a new file in a temporary directory; with PostgreSQL a new
``test_<name>`` database beside the one DATABASE_URL names, dropped afterwards.
By default: a directory of 200 programs; one program with 40 residents, each
with 5,000 cases and three years of shifts; an applicant with a rank order
list; a diplomate.

Each page is requested through Django's test client, in-process (URL routing,
session, middleware, the view, template rendering), logged in as the persona
who opens it; the figure is the median server time of ``--runs`` requests
after one warm-up, and the queries are those of one more request. The floor
is a minimal authenticated page for the same persona, requested in turn with
the page (so both see the same load on a busy machine): the base layout with
an empty body behind ``login_required`` (session, user, navigation and licence
banner: what every page pays before its own work). Goal: every page under
15 ms.

Progress and the cohort keep each trainee's case counts for the day
(``seldinger.caselog.counts``): their figures are those of the day's later
visits, and the day's first visit (the counts counted and kept) is measured
apart, as is the cohort after a resident logged a case since (that case
counted and added). The progress and cohort selectors and their API endpoints are measured
too (without a floor). Nothing is asserted; every figure is reported through
``bench/figures.py``.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
import types
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from figures import compile_sources, figure

BENCHMARK = "pages"
GOAL = "< 15 ms"
FLOOR_PATH = "/bench-floor/"
COMMAND = ".venv/bin/python bench/pages.py"


@dataclass(frozen=True)
class Page:
    name: str
    persona: str
    url: str


def pages(data: Any) -> list[Page]:
    resident = data.resident.username
    return [
        Page("home", "resident", "/"),
        Page("case list", "resident", "/cases/mine/"),
        Page("log a case", "resident", "/cases/"),
        Page("progress", "resident", "/cases/progress/"),
        Page("progress of a resident", "director", f"/cases/progress/{resident}/"),
        Page("cases of a resident", "director", f"/cases/trainee/{resident}/"),
        Page("cohort", "director", "/cases/cohort/"),
        Page("verification queue", "faculty", "/cases/verify/"),
        Page("work-hour week", "resident", "/hours/"),
        Page("directory", "student", "/programs/"),
        Page("rank list", "student", "/applications/rank-list/"),
        Page("certification", "diplomate", "/certification/"),
    ]


def personas(data: Any) -> dict[str, Any]:
    return {
        "resident": data.resident,
        "director": data.director,
        "faculty": data.faculty[0],
        "student": data.student,
        "diplomate": data.diplomate,
    }


def median_ms(function: Callable[[], Any], runs: int) -> float:
    function()  # warm-up: catalogue, rules and template caches
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def medians_beside(
    page: Callable[[], Any], floor: Callable[[], Any], runs: int
) -> tuple[float, float]:
    """The medians of ``page`` and ``floor`` requested in turn: on a busy machine both see
    the same load, so their ratio holds."""
    page(), floor()  # warm-up
    timings: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        for function, times in ((page, timings[0]), (floor, timings[1])):
            started = time.perf_counter()
            function()
            times.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings[0]), statistics.median(timings[1])


def _floor_urls() -> str:
    """A URLconf of the site plus the floor page (the base layout, empty, behind a login)."""
    from django.contrib.auth.decorators import login_required
    from django.shortcuts import render
    from django.urls import include, path

    @login_required
    def floor(request: Any) -> Any:
        return render(request, "base.html", {})

    module = types.ModuleType("bench_pages_urls")
    module.urlpatterns = [  # type: ignore[attr-defined]
        path(FLOOR_PATH.strip("/") + "/", floor),
        path("", include("seldinger.urls")),
    ]
    sys.modules[module.__name__] = module
    return module.__name__


def _get(client: Any, url: str) -> Callable[[], Any]:
    def request() -> Any:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response

    return request


def _queries(request: Callable[[], Any]) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        request()
    return len(captured.captured_queries)


def measure(data: Any, runs: int, only: list[str], database: str) -> None:
    from django.test import Client
    from django.test.utils import override_settings

    from seldinger.caselog import selectors_progress as selectors

    clients = {}
    for persona, user in personas(data).items():
        client = Client()
        client.force_login(user)
        clients[persona] = client
    with override_settings(ROOT_URLCONF=_floor_urls()):
        for page in pages(data):
            if only and not any(word in page.name for word in only):
                continue
            client = clients[page.persona]
            request = _get(client, page.url)
            measured, floor = medians_beside(request, _get(client, FLOOR_PATH), runs)
            queries = _queries(request)
            size = len(request().content) // 1024
            figure(
                BENCHMARK,
                f"{page.name} (GET {page.url} as {page.persona}; {queries} queries, {size} KB)",
                measured,
                unit="ms",
                floor=floor,
                floor_label=f"minimal authenticated page as {page.persona}",
                goal=GOAL,
                database=database,
                command=COMMAND,
            )
        first_visits(data, clients, runs, only, database)
    if only and not any(word in "selectors api" for word in only):
        return
    resident, director = data.resident, data.director
    residents = len(data.residents)
    assert len(selectors.cohort(director)) == residents
    cases = data.counts["cases"] // max(1, residents)
    extra = {
        f"selector: dashboard ({cases:,} cases)": lambda: selectors.dashboard(resident),
        "selector: trainee_progress (CLI/API figures)": lambda: selectors.trainee_progress(
            resident
        ).as_dict(),
        f"selector: cohort ({residents} residents)": lambda: selectors.cohort(director),
        "API: GET /api/caselog/progress": _get(clients["resident"], "/api/caselog/progress"),
        "API: GET /api/caselog/cohort": _get(clients["director"], "/api/caselog/cohort"),
    }
    for label, function in extra.items():
        figure(
            BENCHMARK,
            label,
            median_ms(function, runs),
            unit="ms",
            goal=GOAL,
            database=database,
            command=COMMAND,
        )


def first_visits(
    data: Any, clients: dict[str, Any], runs: int, only: list[str], database: str
) -> None:
    """Progress and the cohort as the day's first visit finds them: each trainee's cases
    counted, then kept for the day's later visits (``seldinger.caselog.counts``)."""
    try:
        from seldinger.caselog.models import CaseCounts
    except ImportError:  # before the counts were kept: every visit counts
        return
    for name, persona, url in (
        ("progress", "resident", "/cases/progress/"),
        ("cohort", "director", "/cases/cohort/"),
    ):
        if only and not any(word in name for word in only):
            continue
        timings = []
        for _ in range(max(3, runs // 3)):
            CaseCounts.objects.all().delete()
            started = time.perf_counter()
            response = clients[persona].get(url)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        figure(
            BENCHMARK,
            f"{name}, the day's first visit (GET {url} as {persona}; cases counted and kept)",
            statistics.median(timings),
            unit="ms",
            goal="once a day per trainee",
            database=database,
            command=COMMAND,
        )
    if not only or any(word in "cohort" for word in only):
        logged_since(data, clients["director"], runs, database)


def logged_since(data: Any, client: Any, runs: int, database: str) -> None:
    """The cohort after a resident logged a case since its counts were kept: that case
    alone is counted and added (``caselog.counts``), not the resident's whole log."""
    import random

    from pages_data import add_cases

    client.get("/cases/cohort/")  # every count kept
    rng = random.Random(1)
    supervisors = [data.director, *data.faculty]
    start = data.resident.training_record.stage_start
    timings = []
    for number in range(max(3, runs // 3)):
        add_cases(data.resident, supervisors, 1, start=start, rng=rng, tag=f"later-{number}")
        started = time.perf_counter()
        response = client.get("/cases/cohort/")
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    figure(
        BENCHMARK,
        "cohort after a case was logged (GET /cases/cohort/ as director; that case counted)",
        statistics.median(timings),
        unit="ms",
        goal=GOAL,
        database=database,
        command=COMMAND,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--programs", type=int, default=200, help="programs in the directory")
    parser.add_argument("--residents", type=int, default=40, help="residents in the program")
    parser.add_argument("--cases-per-resident", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=21, help="timed requests per page (median)")
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke test")
    parser.add_argument(
        "--only", nargs="*", default=[], help="only the pages whose name contains a word"
    )
    options = parser.parse_args()
    compile_sources()
    if options.quick:
        options.programs, options.residents, options.cases_per_resident = 20, 4, 200
        options.runs = 3

    workdir = Path(tempfile.mkdtemp(prefix="seldinger-bench-"))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
    os.environ.setdefault("SELDINGER_VAR_DIR", str(workdir / "var"))
    os.environ.setdefault("SELDINGER_DEBUG", "0")  # as served: no query log
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seldinger.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from pages_data import build

    postgres = connection.vendor == "postgresql"
    original_name = connection.settings_dict["NAME"]
    if postgres:
        connection.creation.create_test_db(verbosity=0, autoclobber=True)
    else:
        call_command("migrate", verbosity=0)
    try:
        started = time.perf_counter()
        data = build(
            programs=options.programs,
            residents=options.residents,
            cases_each=options.cases_per_resident,
        )
        if postgres:
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        counts = data.counts
        database = f"{connection.vendor} {_database_version(connection)}"
        print(
            f"{counts['programs']} programs; {options.residents} residents with "
            f"{options.cases_per_resident:,} cases each ({counts['cases']:,} cases, "
            f"{counts['shifts']:,} shifts) built in {time.perf_counter() - started:.1f} s; "
            f"median of {options.runs} requests per page, server time in-process",
            flush=True,
        )
        measure(data, options.runs, options.only, database)
        print(f"{database}, {os.cpu_count()} cores, Python {platform.python_version()}")
    finally:
        if postgres:
            connection.creation.destroy_test_db(original_name, verbosity=0)


def _database_version(connection: Any) -> str:
    if connection.vendor == "sqlite":
        import sqlite3

        return sqlite3.sqlite_version
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return str(cursor.fetchone()[0])


if __name__ == "__main__":
    sys.exit(main())
