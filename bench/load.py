"""Benchmark: the production server under load, on PostgreSQL: N residents at once, closed loop.

    .venv/bin/python bench/load.py                      # 50 users for 60 s
    .venv/bin/python bench/load.py --quick              # 10 users for 5 s, small data: a smoke run
    .venv/bin/python bench/load.py --users 50 --seconds 60 --workers 5 --threads 1
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x .venv/bin/python bench/load.py

PostgreSQL only (``DATABASE_URL``, else ``BENCH_POSTGRES_URL``, else
``postgres://postgres@127.0.0.1:5432/seldinger_bench``): the benchmark creates a database of
its own beside the one named, builds the data set of ``bench/pages_data.py`` in it (a
directory of programs; one program whose residents have a few thousand cases each, one
resident per simulated user), and drops it at the end. The cache is Redis
(``--redis-url``, default ``BENCH_REDIS_URL`` or database 7 of the machine's Redis).

It starts ``seldinger serve --production --workers N --threads T`` on a free loopback port, as the
deploy guide does (plain HTTP: ``SELDINGER_SSL_REDIRECT=0``), with one page more: the floor
(``bench/load_site.py``). Each simulated user logs in through the login form as its own
resident, then, with no think time, opens in turn: home, the progress dashboard, the case
list, the log-a-case form, the form posted (a new case, with the form's CSRF token) and the
program directory. The load generator is this process: one thread per user, each with its
own HTTP/1.1 connection (kept alive when the server allows it); its own CPU time is
measured and reported, as are the server's (gunicorn workers and PostgreSQL backends).

The floor is the same users, in the same run, requesting a minimal authenticated page (the
base layout behind the login) for as long. Reported: requests per second, p50/p95/p99
latency per page and overall, server errors (5xx or a dropped connection: must be zero),
other unexpected answers, and whether every case the users created is stored exactly once
(each form carries a token in its notes; the tokens are counted in the database
afterwards). Goal (issue 12): at least 135 requests/s (3x the 45 measured first) with p95
under 500 ms. Exits 1 when a request failed or a case is missing or doubled.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from figures import compile_sources, figure

HERE = Path(__file__).resolve().parent
BENCHMARK = "load"
COMMAND = os.environ.get("BENCH_COMMAND", ".venv/bin/python bench/load.py")
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/seldinger_bench"
REDIS_URL = "redis://127.0.0.1:6379/7"
PASSWORD = "load-bench-" + secrets.token_urlsafe(12)
#: One key for the server and the workers it shares the sessions' signing with.
SECRET_KEY = secrets.token_urlsafe(50)
FLOOR_PATH = "/bench-floor/"
THROUGHPUT_GOAL = ">= 135 req/s (3x 45)"
LATENCY_GOAL = "< 500 ms"
CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


# The database and the server ---------------------------------------------------------------


def postgres_url() -> str:
    url = os.environ.get("DATABASE_URL") or os.environ.get("BENCH_POSTGRES_URL") or POSTGRES_URL
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit(f"bench/load.py: runs on PostgreSQL only; DATABASE_URL is {url.split(':')[0]}")
    return url


@contextmanager
def own_database(server_url: str) -> Iterator[str]:
    """A new, migrated database beside the one ``server_url`` names, with Django set up on
    it; dropped afterwards (with the connections still open to it)."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(server_url)
    name = f"seldinger_load_{uuid.uuid4().hex[:10]}"
    admin_url = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    url = parts._replace(path=f"/{name}").geturl()
    try:
        os.environ["DATABASE_URL"] = url
        os.environ.setdefault("SELDINGER_DEBUG", "0")  # no query log in this process
        os.environ.pop("SELDINGER_REDIS_URL", None)
        os.environ["DJANGO_SETTINGS_MODULE"] = "seldinger.settings"
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        yield url
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def seed(*, programs: int, users: int, cases_each: int) -> tuple[list[str], dict[str, int]]:
    """The data set, and the residents' usernames (all with the benchmark's password)."""
    from django.contrib.auth.hashers import make_password
    from django.db import connection
    from pages_data import build

    from seldinger.accounts.models import User

    data = build(programs=programs, residents=users, cases_each=cases_each, shifts=False)
    usernames = [resident.username for resident in data.residents]
    # One hash for all: hashing is slow on purpose, and logins are not what is measured.
    User.objects.filter(username__in=usernames).update(password=make_password(PASSWORD))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return usernames, data.counts


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def production_environment(*, database_url: str, redis_url: str, folder: Path) -> dict[str, str]:
    """The environment of a production deployment in ``folder``, with the floor page's
    settings (``bench/load_site.py``); no inherited Seldinger or Django settings."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SELDINGER_", "DJANGO_"))
    }
    env.update(
        {
            "DATABASE_URL": database_url,
            "SELDINGER_ENV": "production",
            "SELDINGER_SECRET_KEY": SECRET_KEY,
            "SELDINGER_ALLOWED_HOSTS": "127.0.0.1",
            "SELDINGER_SSL_REDIRECT": "0",  # plain HTTP on the loopback, no proxy
            "SELDINGER_REDIS_URL": redis_url,
            "SELDINGER_VAR_DIR": str(folder / "var"),
            "DJANGO_SETTINGS_MODULE": "load_site",
            "PYTHONPATH": os.pathsep.join(
                filter(None, [str(HERE), str(HERE.parent / "src"), os.environ.get("PYTHONPATH")])
            ),
        }
    )
    return env


@contextmanager
def production_server(
    *, database_url: str, redis_url: str, workers: int, threads: int, folder: Path
) -> Iterator[tuple[int, subprocess.Popen[bytes]]]:
    """``seldinger serve --production --workers N`` on a free port, until healthy; stopped
    (SIGTERM) afterwards. Its log goes to ``folder/server.log``."""
    port = free_port()
    env = production_environment(database_url=database_url, redis_url=redis_url, folder=folder)
    command = [sys.executable, "-m", "seldinger.cli", "serve", "--production"]
    command += ["--workers", str(workers), "--threads", str(threads), f"127.0.0.1:{port}"]
    log_path = folder / "server.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.monotonic() + 120
        while True:
            if process.poll() is not None or time.monotonic() > deadline:
                sys.exit(f"bench/load.py: the server did not start:\n{log_path.read_text()}")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                connection.request("GET", "/health/")
                if connection.getresponse().status == 200:
                    break
            except OSError:
                pass
            time.sleep(0.3)
        yield port, process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# CPU time of the processes involved --------------------------------------------------------

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of one process so far (0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS


def children(pid: int) -> list[int]:
    try:
        return [int(n) for n in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def backend_pids(database_url: str) -> list[int]:
    import psycopg

    name = urlsplit(database_url).path.lstrip("/")
    admin_url = urlsplit(database_url)._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as admin:
        rows = admin.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        ).fetchall()
    return [row[0] for row in rows]


@dataclass
class CpuMeter:
    """CPU seconds of the server's processes, the database's backends and this process."""

    server: int
    database_url: str
    start: dict[str, float] = field(default_factory=dict)
    _seen: dict[int, float] = field(default_factory=dict)

    def _snapshot(self) -> dict[int, tuple[str, float]]:
        pids = {self.server: "gunicorn", **dict.fromkeys(children(self.server), "gunicorn")}
        pids.update(dict.fromkeys(backend_pids(self.database_url), "postgres"))
        return {pid: (kind, cpu_seconds(pid)) for pid, kind in pids.items()}

    def begin(self) -> None:
        self._before = self._snapshot()
        self._generator = time.process_time()

    def end(self) -> dict[str, float]:
        after = self._snapshot()
        spent: dict[str, float] = defaultdict(float)
        for pid, (kind, seconds) in after.items():
            spent[kind] += seconds - self._before.get(pid, (kind, 0.0))[1]
        spent["generator"] = time.process_time() - self._generator
        return dict(spent)


# The simulated users -----------------------------------------------------------------------


@dataclass(frozen=True)
class Sample:
    kind: str
    finished: float  # time.monotonic()
    seconds: float
    status: int  # 0: the connection failed
    expected: bool


class Resident:
    """One simulated user: its own connection, cookies, and the cases it created."""

    def __init__(self, port: int, username: str, number: int, procedure: str, supervisor: str):
        self.port = port
        self.username = username
        self.number = number
        self.procedure = procedure
        self.supervisor = supervisor
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies: dict[str, str] = {}
        self.csrf = ""
        self.posted = 0
        self.created: list[str] = []  # the tokens of the cases the server said it stored
        self.unsure: list[str] = []  # the tokens of posts whose answer never came
        self.samples: list[Sample] = []
        self.first_unexpected: str = ""

    def request(
        self, method: str, path: str, form: dict[str, str] | None = None
    ) -> tuple[int, bytes]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException):
            self.connection.close()  # the next request opens a new one
            return 0, b""
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            value = rest.split(";", 1)[0]
            if "max-age=0" in cookie.lower() or not value.strip('"'):
                self.cookies.pop(name.strip(), None)
            else:
                self.cookies[name.strip()] = value
        if response.will_close:
            self.connection.close()
        return response.status, content

    def log_in(self) -> None:
        status, page = self.request("GET", "/accounts/login/")
        token = CSRF_INPUT.search(page)
        if status != 200 or token is None:
            raise RuntimeError(f"{self.username}: the login page answered {status}")
        form = {
            "csrfmiddlewaretoken": token[1].decode(),
            "username": self.username,
            "password": PASSWORD,
        }
        status, _ = self.request("POST", "/accounts/login/", form)
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"{self.username}: logging in answered {status}")

    def timed(self, kind: str, method: str, path: str, expected: int, **kw: Any) -> bytes:
        started = time.monotonic()
        status, content = self.request(method, path, **kw)
        finished = time.monotonic()
        ok = status == expected
        if not ok and not self.first_unexpected:
            self.first_unexpected = f"{method} {path}: {status} {content[:300]!r}"
        self.samples.append(Sample(kind, finished, finished - started, status, ok))
        return content

    def visit(self) -> None:
        """One pass through the mix: six requests."""
        self.timed("home", "GET", "/", 200)
        self.timed("dashboard", "GET", "/cases/progress/", 200)
        self.timed("case list", "GET", "/cases/mine/", 200)
        form = self.timed("case form", "GET", "/cases/", 200)
        if token := CSRF_INPUT.search(form):
            self.csrf = token[1].decode()
        self.create_case()
        self.timed("directory", "GET", "/programs/", 200)

    def create_case(self) -> None:
        self.posted += 1
        # Letters only: a number in the notes might read as a record number (PHI).
        token = f"load {_letters(self.number)} {_letters(self.posted)}"
        form = {
            "csrfmiddlewaretoken": self.csrf,
            "procedure_query": "",
            "procedure": self.procedure,
            "date": time.strftime("%Y-%m-%d"),
            "role": "primary",
            "supervisor": self.supervisor,
            "modality": "ultrasound",
            "age_band": "adult",
            "complication": "none",
            "notes": token,
        }
        before = len(self.samples)
        self.timed("case creation", "POST", "/cases/", 302, form=form)
        sample = self.samples[before]
        if sample.expected:
            self.created.append(token)
        elif sample.status == 0:
            self.unsure.append(token)

    def floor(self) -> None:
        self.timed("floor", "GET", FLOOR_PATH, 200)


def _letters(number: int) -> str:
    word = ""
    while True:
        number, digit = divmod(number, 26)
        word = "abcdefghijklmnopqrstuvwxyz"[digit] + word
        if not number:
            return word


def run_phase(residents: list[Resident], step: Callable[[Resident], None], seconds: float) -> float:
    """Every user runs ``step`` again and again for ``seconds`` (no think time); returns
    the moment the phase ended. A request under way at the end finishes, uncounted."""
    deadline = time.monotonic() + seconds

    def loop(resident: Resident) -> None:
        while time.monotonic() < deadline:
            step(resident)

    for resident in residents:
        # A fresh connection each: one kept alive while the others finished the last phase
        # may have been closed by the server meanwhile.
        resident.connection.close()
    threads = [threading.Thread(target=loop, args=(r,), daemon=True) for r in residents]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return deadline


# Figures -----------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    """Nearest rank."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))]


@dataclass
class Phase:
    name: str
    samples: list[Sample]
    seconds: float
    cpu: dict[str, float]

    @property
    def rate(self) -> float:
        return len(self.samples) / self.seconds

    def latencies(self, kind: str | None = None) -> list[float]:
        return [s.seconds * 1000 for s in self.samples if kind is None or s.kind == kind]


def collect(residents: list[Resident], name: str, ended: float, seconds: float, cpu: Any) -> Phase:
    samples = []
    for resident in residents:
        samples.extend(s for s in resident.samples if s.finished <= ended)
        resident.samples = []
    return Phase(name, samples, seconds, cpu)


def report(mix: Phase, floor: Phase, users: int, server: str) -> dict[str, Any]:
    kinds = list(dict.fromkeys(s.kind for s in mix.samples))
    pages = ", ".join(kinds)
    figure(
        BENCHMARK,
        f"load: {users} users, closed loop, {server}; {pages}",
        round(mix.rate, 1),
        unit="req/s",
        floor=round(floor.rate, 1),
        floor_label="the same users on a minimal authenticated page",
        goal=THROUGHPUT_GOAL,
        command=COMMAND,
    )
    floor_ms = floor.latencies()
    for share in (0.50, 0.95, 0.99):
        name = f"p{round(share * 100)}"
        figure(
            BENCHMARK,
            f"load: {name} latency, all pages",
            percentile(mix.latencies(), share),
            unit="ms",
            floor=percentile(floor_ms, share),
            floor_label=f"{name} of the minimal authenticated page",
            goal=LATENCY_GOAL if share == 0.95 else "",
            command=COMMAND,
        )
    by_kind = {}
    for kind in kinds:
        ms = mix.latencies(kind)
        p50, p95, p99 = (percentile(ms, share) for share in (0.5, 0.95, 0.99))
        by_kind[kind] = {"requests": len(ms), "p50": p50, "p95": p95, "p99": p99}
        figure(
            BENCHMARK,
            f"load: p95 latency, {kind} ({len(ms)} requests; p50 {p50:.0f} ms, p99 {p99:.0f} ms)",
            p95,
            unit="ms",
            floor=percentile(floor_ms, 0.95),
            floor_label="p95 of the minimal authenticated page",
            goal=LATENCY_GOAL,
            command=COMMAND,
        )
    return {
        "requests_per_second": mix.rate,
        "floor_requests_per_second": floor.rate,
        "p50_ms": percentile(mix.latencies(), 0.5),
        "p95_ms": percentile(mix.latencies(), 0.95),
        "p99_ms": percentile(mix.latencies(), 0.99),
        "floor_p95_ms": percentile(floor_ms, 0.95),
        "pages": by_kind,
    }


def cpu_report(phase: Phase) -> dict[str, float]:
    """CPU milliseconds per request: the server's, the database's and the generator's."""
    per_request = {kind: 1000 * s / max(1, len(phase.samples)) for kind, s in phase.cpu.items()}
    parts = ", ".join(f"{kind} {ms:.1f}" for kind, ms in sorted(per_request.items()))
    share = 100 * phase.cpu.get("generator", 0.0) / phase.seconds
    print(
        f"{phase.name}: CPU ms per request: {parts}; "
        f"the load generator used {share:.0f}% of one core",
        flush=True,
    )
    return per_request


def stored_once(residents: list[Resident]) -> dict[str, int]:
    """How the created cases stand in the database: each confirmed one exactly once."""
    from seldinger.caselog.models import CaseEntry

    stored = Counter(
        CaseEntry.objects.filter(
            source=CaseEntry.Source.WEB, trainee__username__in=[r.username for r in residents]
        ).values_list("trainee__username", "notes")
    )
    confirmed = missing = doubled = unsure_stored = 0
    for resident in residents:
        for token in resident.created:
            confirmed += 1
            count = stored.pop((resident.username, token), 0)
            missing += count == 0
            doubled += count > 1
        for token in resident.unsure:
            count = stored.pop((resident.username, token), 0)
            doubled += count > 1
            unsure_stored += count == 1
    return {
        "confirmed": confirmed,
        "missing": missing,
        "doubled": doubled,
        "unexpected": sum(stored.values()),  # stored, but the server answered otherwise
        "unsure_stored": unsure_stored,
    }


# Main --------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--users", type=int, default=50, help="simulated users at once")
    parser.add_argument("--seconds", type=float, default=60, help="length of each phase")
    parser.add_argument(
        "--workers", type=int, default=None, help="gunicorn workers (default: the server's own)"
    )
    parser.add_argument(
        "--threads", type=int, default=None, help="threads per worker (default: the server's own)"
    )
    parser.add_argument("--programs", type=int, default=200, help="programs in the directory")
    parser.add_argument("--cases-per-resident", type=int, default=3000)
    parser.add_argument(
        "--redis-url", default=os.environ.get("BENCH_REDIS_URL", REDIS_URL), help="the cache"
    )
    parser.add_argument("--summary", type=Path, help="also write the results here as JSON")
    parser.add_argument("--quick", action="store_true", help="10 users for 5 s, small data")
    options = parser.parse_args()
    compile_sources()
    if options.quick:
        options.users, options.seconds = min(options.users, 10), min(options.seconds, 5)
        options.programs, options.cases_per_resident = 20, 200
    url = postgres_url()
    sys.path.insert(0, str(HERE.parent / "src"))
    from seldinger.operations.server import DEFAULT_THREADS, default_workers

    workers = options.workers or default_workers()
    threads = options.threads or DEFAULT_THREADS
    kind = "sync" if threads == 1 else f"gthread, {threads} threads each"
    server_name = f"{workers} gunicorn workers ({kind})"
    with tempfile.TemporaryDirectory(prefix="seldinger-load-") as folder, own_database(url) as db:
        started = time.monotonic()
        usernames, counts = seed(
            programs=options.programs, users=options.users, cases_each=options.cases_per_resident
        )
        procedure, supervisor = _case_choices()
        print(
            f"{counts['programs']} programs; {options.users} residents with "
            f"{options.cases_per_resident:,} cases each ({counts['cases']:,} cases) built in "
            f"{time.monotonic() - started:.1f} s",
            flush=True,
        )
        with production_server(
            database_url=db,
            redis_url=options.redis_url,
            workers=workers,
            threads=threads,
            folder=Path(folder),
        ) as (port, server):
            residents = [
                Resident(port, name, n, procedure, supervisor) for n, name in enumerate(usernames)
            ]
            for resident in residents:
                resident.log_in()
            run_phase(residents, Resident.visit, 0)  # warm-up: one visit each
            for resident in residents:
                resident.samples = []
            meter = CpuMeter(server.pid, db)
            phases = {}
            for name, step in (("mix", Resident.visit), ("floor", Resident.floor)):
                meter.begin()
                ended = run_phase(residents, step, options.seconds)
                phases[name] = collect(residents, name, ended, options.seconds, meter.end())
            server_log = (Path(folder) / "server.log").read_text(errors="replace")
        summary = report(phases["mix"], phases["floor"], options.users, server_name)
        summary["cpu_ms_per_request"] = {n: cpu_report(p) for n, p in phases.items()}
        everything = [s for p in phases.values() for s in p.samples]
        summary["server_errors"] = sum(s.status == 0 or s.status >= 500 for s in everything)
        summary["unexpected_answers"] = sum(not s.expected for s in everything)
        summary["cases"] = stored_once(residents)
    summary.update(users=options.users, seconds=options.seconds, workers=workers, threads=threads)
    figure(BENCHMARK, "load: server errors", summary["server_errors"], unit="errors", goal="0")
    cases = summary["cases"]
    print(
        f"unexpected answers: {summary['unexpected_answers']}; cases created: "
        f"{cases['confirmed']} confirmed, {cases['missing']} missing, {cases['doubled']} "
        f"stored twice or more, {cases['unexpected']} stored without a confirmation",
        flush=True,
    )
    for resident in residents:
        if resident.first_unexpected:
            print(f"  e.g. {resident.username}: {resident.first_unexpected}")
            break
    if summary["server_errors"] and "Traceback" in server_log:
        print(server_log[server_log.index("Traceback") :][:3000])
    if options.summary:
        options.summary.write_text(json.dumps(summary, indent=2))
    failed = (
        summary["unexpected_answers"]
        or cases["missing"]
        or cases["doubled"]
        or cases["unexpected"]
        or not cases["confirmed"]
    )
    return 1 if failed else 0


def _case_choices() -> tuple[str, str]:
    """A procedure of the catalogue and the supervisor every resident may name."""
    from seldinger.accounts.models import User
    from seldinger.caselog.selectors import catalogue, supervisors_for

    procedure = next(iter(catalogue().procedures.values())).key
    resident = User.objects.get(username="bench-resident-00")
    return procedure, next(iter(supervisors_for(resident))).username


if __name__ == "__main__":
    sys.exit(main())
