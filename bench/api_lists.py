"""Benchmark: the first page of a resident's case list through the API, 5,000 cases in the log.

    .venv/bin/python bench/api_lists.py                # 5,000 cases, SQLite in a temp dir
    .venv/bin/python bench/api_lists.py --quick        # 500 cases, 5 runs (a smoke test)
    DATABASE_URL=postgres://user@127.0.0.1:5432/seldinger .venv/bin/python bench/api_lists.py

Times ``GET /api/caselog/cases`` (the default page) in-process through Django's test client
(URL routing, session, middleware, the endpoint, JSON), median of ``--runs`` runs after one
warm-up, beside its floor measured in the same run: the same query's page read as plain
values and encoded as JSON, without a request. Prints the answer's size and its queries.
"""

from __future__ import annotations

import argparse
import json
import sys

from database import bench_database
from figures import compile_sources, figure, median_time
from pages_data import build

URL = "/api/caselog/cases"
COMMAND = ".venv/bin/python bench/api_lists.py"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--cases", type=int, default=5000, help="cases in the resident's log")
    parser.add_argument("--runs", type=int, default=20, help="timed runs (median)")
    parser.add_argument("--quick", action="store_true", help="500 cases, 5 runs")
    options = parser.parse_args()
    compile_sources()
    if options.quick:
        options.cases, options.runs = 500, 5

    with bench_database() as database:
        from django.core.serializers.json import DjangoJSONEncoder
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        from seldinger.api_helpers import DEFAULT_LIMIT
        from seldinger.caselog.api import case_rows
        from seldinger.caselog.selectors import cases_of

        resident = build(programs=1, residents=1, cases_each=options.cases, shifts=False).resident
        client = Client()
        client.force_login(resident)

        def first_page() -> bytes:
            response = client.get(URL)
            assert response.status_code == 200, response.content[:200]
            return bytes(response.content)

        def floor() -> str:
            page = case_rows(cases_of(resident).order_by("-performed_on", "-id")[:DEFAULT_LIMIT])
            return json.dumps(list(page), cls=DjangoJSONEncoder)

        answer = json.loads(first_page())
        assert answer["count"] == options.cases and len(answer["items"]) == DEFAULT_LIMIT
        with CaptureQueriesContext(connection) as queries:
            size = len(first_page())
        query_count = len(queries)  # before the next request resets the query log
        measured = median_time(first_page, repeat=options.runs)
        floor()
        floor_seconds = median_time(floor, repeat=options.runs)

    figure(
        "api_lists",
        f"GET {URL}, first page ({DEFAULT_LIMIT} of {options.cases:,} cases, "
        f"median of {options.runs})",
        measured * 1000,
        unit="ms",
        floor=floor_seconds * 1000,
        floor_label="the page's plain values and json.dumps, no request",
        goal="under 15 ms, as the paginated web list",
        database=database,
        command=COMMAND,
    )
    print(f"answer: {size:,} bytes, {query_count} queries")


if __name__ == "__main__":
    sys.exit(main())
