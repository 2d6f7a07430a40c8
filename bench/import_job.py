"""Benchmark: a 100,000-row case import started from the web, run by a worker, against the CLI.

    .venv/bin/python bench/import_job.py            # 100,000 rows
    .venv/bin/python bench/import_job.py --quick    # 5,000 rows: a smoke run

PostgreSQL only (as ``bench/load.py``: ``DATABASE_URL``, else ``BENCH_POSTGRES_URL``), with
the machine's Redis (``BENCH_REDIS_URL``, default database 7) as queue and cache. In a
database of its own, with the demo data, it starts the production setup of the README,
``serve --production`` and ``worker``, logs the demo's resident in and posts the file of
``bench/import_cases.py`` to
``POST /api/caselog/import`` (multipart, as the web's upload sends it). Measured:

- the answer: how long the POST takes to answer 202 with the job (the upload is read and
  its rows counted; the import itself is the worker's);
- the job: from the POST until ``GET /api/jobs/{id}`` (asked every 0.2 s) says it has
  finished, the way its page sees it;
- the floor, in the same run and database: ``seldinger caselog import FILE --trainee``
  for another resident of the same program, the whole command-line process.

Goal (issue 12): the request answers at once and the job finishes in the same time as the
command-line import. Exits 1 when the job does not succeed with every row saved.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from figures import compile_sources, figure
from import_cases import generate
from load import (
    PASSWORD,
    REDIS_URL,
    Resident,
    own_database,
    postgres_url,
    production_environment,
    production_server,
)

BENCHMARK = "import_job"
COMMAND = os.environ.get("BENCH_COMMAND", ".venv/bin/python bench/import_job.py")
ROWS, QUICK_ROWS = 100_000, 5_000


def residents() -> tuple[str, str]:
    """The demo's resident (who imports on the web) and a second resident of the same
    program (the command line's), both naming the same faculty."""
    from django.contrib.auth.hashers import make_password

    from seldinger.accounts.membership import ProgramMembership
    from seldinger.accounts.models import Role, User
    from seldinger.demo.data import load_demo_data

    load_demo_data()
    web = User.objects.get(username="resident")
    web.password = make_password(PASSWORD)
    web.save(update_fields=["password"])
    cli = User.objects.create(username="bench-cli", role=Role.RESIDENT)
    membership = ProgramMembership.objects.get(user=web, kind=ProgramMembership.Kind.TRAINEE)
    ProgramMembership.objects.create(
        user=cli, program=membership.program, kind=membership.kind, start_date=membership.start_date
    )
    return web.username, cli.username


def post_file(resident: Resident, path: Path) -> tuple[int, dict[str, object]]:
    """``POST /api/caselog/import`` with the file, as a browser's form sends it."""
    boundary = uuid.uuid4().hex
    body = b"".join(
        [
            f"--{boundary}\r\n".encode(),
            f'Content-Disposition: form-data; name="file"; filename="{path.name}"\r\n'.encode(),
            b"Content-Type: text/csv\r\n\r\n",
            path.read_bytes(),
            f"\r\n--{boundary}--\r\n".encode(),
        ]
    )
    connection = http.client.HTTPConnection("127.0.0.1", resident.port, timeout=600)
    cookies = "; ".join(f"{key}={value}" for key, value in resident.cookies.items())
    connection.request(
        "POST",
        "/api/caselog/import",
        body=body,
        headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Cookie": cookies,
            "X-CSRFToken": resident.cookies["csrftoken"],
            "Referer": f"http://127.0.0.1:{resident.port}/cases/import/",
        },
    )
    answer = connection.getresponse()
    return answer.status, json.loads(answer.read())


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rows", type=int, default=ROWS)
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", REDIS_URL))
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_ROWS:,} rows")
    options = parser.parse_args()
    compile_sources()
    rows = min(options.rows, QUICK_ROWS) if options.quick else options.rows
    url = postgres_url()
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    import redis

    queue = redis.Redis.from_url(options.redis_url)
    queue.flushdb()
    with tempfile.TemporaryDirectory(prefix="seldinger-jobs-") as name, own_database(url) as db:
        folder = Path(name)
        web_trainee, cli_trainee = residents()
        cases = folder / "cases.csv"
        generate(cases, rows)
        env = production_environment(database_url=db, redis_url=options.redis_url, folder=folder)
        seldinger = [sys.executable, "-m", "seldinger.cli"]
        with (folder / "worker.log").open("wb") as log:
            worker = subprocess.Popen(
                [*seldinger, "worker", "--concurrency", "1"],
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
                start_new_session=True,
            )
        try:
            with production_server(
                database_url=db, redis_url=options.redis_url, workers=2, threads=4, folder=folder
            ) as (port, _):
                resident = Resident(port, web_trainee, 0, "", "")
                resident.log_in()
                resident.request("GET", "/cases/import/")  # the page that holds the CSRF cookie
                started = time.perf_counter()
                status, job = post_file(resident, cases)
                answered = time.perf_counter() - started
                if status != 202:
                    print(f"the import answered {status}: {job}")
                    return 1
                while not job["finished"]:
                    time.sleep(0.2)
                    _, content = resident.request("GET", f"/api/jobs/{job['id']}")
                    job = json.loads(content)
                finished = time.perf_counter() - started
        finally:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(timeout=60)
        started = time.perf_counter()
        cli = subprocess.run(
            [*seldinger, "caselog", "import", str(cases), "--trainee", cli_trainee],
            env=env,
            capture_output=True,
            text=True,
        )
        floor = time.perf_counter() - started
        if cli.returncode:
            print(cli.stderr)
            return 1
    queue.flushdb()
    details = job.get("details") or {}
    print(f"job: {job['status']}; {job['message'] or job['error']}", flush=True)
    where = "PostgreSQL"
    figure(
        BENCHMARK,
        f"web import of {rows:,} rows: the request answers",
        answered,
        floor=floor,
        floor_label="the whole CLI import",
        goal="at once",
        database=where,
        command=COMMAND,
    )
    figure(
        BENCHMARK,
        f"web import of {rows:,} rows: the job has finished",
        finished,
        floor=floor,
        floor_label="the whole CLI import",
        goal="about 1x the CLI",
        database=where,
        command=COMMAND,
    )
    return 0 if job["status"] == "succeeded" and details.get("saved") == rows else 1


if __name__ == "__main__":
    sys.exit(main())
