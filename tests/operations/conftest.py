"""Real processes for the operations tests: a database of their own (SQLite, or PostgreSQL
when the suite runs on it), the ``seldinger`` console script and ``serve --production``."""

import http.client
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest
import redis
from psycopg import sql

SELDINGER = str(Path(sys.executable).parent / "seldinger")
#: The first of the Redis databases the operations tests use (and flush), on the machine's
#: Redis. CI runs a second suite at the same time and moves it to others with this setting.
FIRST_REDIS_DATABASE = int(os.environ.get("SELDINGER_TEST_FIRST_REDIS_DATABASE", "3"))


def redis_database(offset: int) -> str:
    """The URL of the operations tests' Redis database ``offset`` (0 for the shared cache)."""
    return f"redis://127.0.0.1:6379/{FIRST_REDIS_DATABASE + offset}"


REDIS_URL = redis_database(0)


def strong_key() -> str:
    return secrets.token_urlsafe(50)


def on_postgres() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


def create_postgres_database(name: str) -> str:
    """A new empty database on the suite's PostgreSQL server, and its URL."""
    server = urlsplit(os.environ["DATABASE_URL"])
    with psycopg.connect(server._replace(path="/postgres").geturl(), autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return server._replace(path=f"/{name}").geturl()


def drop_postgres_database(url: str) -> None:
    server = urlsplit(url)
    with psycopg.connect(server._replace(path="/postgres").geturl(), autocommit=True) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(server.path.lstrip("/"))
            )
        )


@pytest.fixture(scope="module")
def empty_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[str], str]]:
    """Factory: the URL of a new empty database named after ``label`` (dropped after the
    module's tests)."""
    made: list[str] = []
    tmp_path = tmp_path_factory.mktemp("databases")

    def make(label: str) -> str:
        if on_postgres():
            url = create_postgres_database(f"seldinger_ops_{label}_{uuid.uuid4().hex[:10]}")
            made.append(url)
            return url
        return f"sqlite:///{tmp_path / f'{label}_{uuid.uuid4().hex[:10]}.sqlite3'}"

    yield make
    for url in made:
        drop_postgres_database(url)


def _run_seldinger(
    *arguments: str, env: dict[str, str], cwd: Path, timeout: int = 300
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [SELDINGER, *arguments],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=timeout,
    )


def _production_environment(tmp_path: Path, database_url: str, **extra: str) -> dict[str, str]:
    """The environment of a production deployment in ``tmp_path``: no inherited settings, nor
    the browser tests' DJANGO_ALLOW_ASYNC_UNSAFE (which the deploy check rightly refuses)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("SELDINGER_") and key != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    env.update(
        {
            "DATABASE_URL": database_url,
            "SELDINGER_ENV": "production",
            "SELDINGER_SECRET_KEY": strong_key(),
            "SELDINGER_ALLOWED_HOSTS": "127.0.0.1",
            "SELDINGER_VAR_DIR": str(tmp_path / "var"),
            **extra,
        }
    )
    return env


@pytest.fixture(scope="module")
def migrated_database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One migrated database for a module's servers."""
    folder = tmp_path_factory.mktemp("served")
    if on_postgres():
        url = create_postgres_database(f"seldinger_ops_served_{uuid.uuid4().hex[:10]}")
    else:
        url = f"sqlite:///{folder / 'served.sqlite3'}"
    done = _run_seldinger(
        "migrate", "--no-input", "-v", "0", env=_production_environment(folder, url), cwd=folder
    )
    assert done.returncode == 0, done.stderr
    yield url
    if on_postgres():
        drop_postgres_database(url)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Server:
    """A running ``seldinger serve --production``: its port and its log (JSON lines)."""

    process: subprocess.Popen[bytes]
    port: int
    log_path: Path

    def request(
        self,
        method: str,
        path: str,
        *,
        body: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[http.client.HTTPResponse, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response, response.read()
        finally:
            connection.close()

    def log(self) -> list[dict[str, object]]:
        """The JSON records written so far (gunicorn's and the application's)."""
        lines = self.log_path.read_text().splitlines()
        return [json.loads(line) for line in lines if line.startswith("{")]

    def requests_logged(self) -> list[dict[str, object]]:
        return [record for record in self.log() if record["logger"] == "seldinger.requests"]


def start_server(
    tmp_path: Path, env: dict[str, str], *arguments: str, wait_for_health: bool = True
) -> Server:
    port = free_port()
    log_path = tmp_path / f"server-{port}.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [SELDINGER, "serve", "--production", *arguments, f"127.0.0.1:{port}"],
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=tmp_path,
            env=env,
        )
    server = Server(process, port, log_path)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        assert process.poll() is None, log_path.read_text()
        try:
            response, _ = server.request("GET", "/health/")
        except OSError:
            time.sleep(0.3)
            continue
        if not wait_for_health or response.status == 200:
            return server
        time.sleep(0.3)
    stop_server(server)
    raise AssertionError(f"the server did not become healthy:\n{log_path.read_text()}")


def stop_server(server: Server) -> None:
    if server.process.poll() is None:
        server.process.send_signal(signal.SIGTERM)
        try:
            server.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait()


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[..., Server]]:
    """Factory: ``serve(env, "--workers", "2")`` starts a production server (stopped after)."""
    started: list[Server] = []

    def start(env: dict[str, str], *arguments: str, wait_for_health: bool = True) -> Server:
        server = start_server(tmp_path, env, *arguments, wait_for_health=wait_for_health)
        started.append(server)
        return server

    yield start
    for server in started:
        stop_server(server)


@pytest.fixture(scope="session")
def run_seldinger() -> Callable[..., subprocess.CompletedProcess[str]]:
    """``run_seldinger(*arguments, env=..., cwd=...)``: the console script, run to the end."""
    return _run_seldinger


@pytest.fixture(scope="session")
def production_environment() -> Callable[..., dict[str, str]]:
    """``production_environment(folder, database_url, **extra)``: a production deployment's
    environment in ``folder`` (a strong key, allowed hosts; no inherited SELDINGER_ settings)."""
    return _production_environment


@pytest.fixture(scope="session")
def redis_url() -> str:
    """The machine's Redis (database 3), skipping the test where none answers, as the
    browser tests skip without Chromium; CI starts one."""
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.skip(f"no Redis answers at {REDIS_URL}")
    finally:
        client.close()
    return REDIS_URL


@pytest.fixture(scope="session")
def queue_url(redis_url: str) -> Callable[[int], str]:
    """``queue_url(offset)``: a Redis database of its own for a test's job queue (flushed)."""

    def flushed(offset: int) -> str:
        url = redis_database(offset)
        redis.Redis.from_url(url).flushdb()
        return url

    return flushed
