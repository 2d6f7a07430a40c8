"""With Redis as the cache, every gunicorn worker counts the same failed logins: exactly
LOGIN_FAILURE_LIMIT wrong passwords are checked before the cool-down, whichever worker
answers each one."""

import http.client
import json
import re
import socket
from urllib.parse import urlencode

import pytest
import redis

LIMIT = 5


@pytest.fixture
def redis_db_3(redis_url):
    client = redis.Redis.from_url(redis_url)
    client.flushdb()
    yield
    client.flushdb()
    client.close()


def _hold_a_worker(port: int) -> socket.socket:
    """A connection that has sent nothing yet: the sync worker that accepts it waits on it,
    so the next requests go to another worker."""
    return socket.create_connection(("127.0.0.1", port), timeout=30)


def _release(held: socket.socket) -> None:
    """Finish the held connection with a health check, which frees its worker."""
    held.sendall(b"GET /health/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
    answer = b""
    while chunk := held.recv(65536):
        answer += chunk
    held.close()
    assert answer.startswith(b"HTTP/1.1 200"), answer[:200]


def test_two_workers_share_one_login_failure_limit_through_redis(
    serve,
    tmp_path,
    migrated_database_url,
    production_environment,
    run_seldinger,
    redis_url,
    redis_db_3,
):
    env = production_environment(
        tmp_path,
        migrated_database_url,
        SELDINGER_REDIS_URL=redis_url,
        SELDINGER_LOGIN_FAILURE_LIMIT=str(LIMIT),
    )
    made = run_seldinger(
        "shell",
        "-c",
        "from seldinger.accounts.models import User;"
        "User.objects.filter(username='ana').delete();"
        "User.objects.create_user(username='ana', password='right-Password-1', role='resident')",
        env=env,
        cwd=tmp_path,
    )
    assert made.returncode == 0, made.stderr
    # Sync workers (one thread each): a held connection holds its worker.
    server = serve(env, "--workers", "2", "--threads", "1")
    https = {"X-Forwarded-Proto": "https", "Host": f"127.0.0.1:{server.port}"}
    page, html = server.request("GET", "/accounts/login/", headers=https)
    cookie = re.search(r"csrftoken=([^;]+)", page.getheader("Set-Cookie", ""))
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert cookie is not None and token is not None

    def log_in(password: str, request_id: str) -> http.client.HTTPResponse:
        answer, _ = server.request(
            "POST",
            "/accounts/login/",
            body=urlencode(
                {"username": "ana", "password": password, "csrfmiddlewaretoken": token[1]}
            ),
            headers={
                **https,
                "Origin": f"https://127.0.0.1:{server.port}",
                "Cookie": f"csrftoken={cookie[1]}",
                "Content-Type": "application/x-www-form-urlencoded",
                "X-Request-ID": request_id,
            },
        )
        return answer

    # Hand-over: while one connection holds a worker, the login goes to the other; the next
    # hold takes the worker that just answered, and the first is released. So consecutive
    # attempts are answered by alternate workers.
    held = _hold_a_worker(server.port)
    statuses = []
    for attempt in range(LIMIT + 2):
        statuses.append(log_in("wrong-password", f"attempt-{attempt}").status)
        next_held = _hold_a_worker(server.port)
        _release(held)
        held = next_held
    locked = log_in("right-Password-1", "right-password")
    _release(held)

    # Checked (200, the form again with its error) five times, then refused unchecked (429).
    assert statuses == [200] * LIMIT + [429, 429]
    assert locked.status == 429
    workers = {
        record["request_id"]: record["process"]
        for record in server.requests_logged()
        if str(record["request_id"]).startswith("attempt-")
    }
    answered_by = [workers[f"attempt-{attempt}"] for attempt in range(LIMIT + 2)]
    first, second = answered_by[:2]
    assert first != second
    assert answered_by == [first, second, first, second, first, second, first]
    health = json.loads(server.request("GET", "/health/")[1])
    assert (health["cache"], health["queue"]) == ("ok", "ok")
