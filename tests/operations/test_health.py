"""``/health/`` for load balancers: database, cache and queue, as JSON, with no login; 503
naming the part that does not answer."""

import json

from django.urls import reverse


def test_health_answers_ok_without_a_login_with_the_queue_in_process(client, db, monkeypatch):
    monkeypatch.delenv("SELDINGER_REDIS_URL", raising=False)

    response = client.get(reverse("web:health"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "queue": "in-process",
        "failing": [],
    }


def test_health_pings_the_queue_redis_when_one_is_configured(client, db, monkeypatch, redis_url):
    monkeypatch.setenv("SELDINGER_REDIS_URL", redis_url)

    response = client.get("/health/")

    assert response.status_code == 200
    assert response.json()["queue"] == "ok"


def test_a_queue_that_does_not_answer_is_named_with_503(client, db, monkeypatch):
    # Port 1 on the loopback: nothing listens there.
    monkeypatch.setenv("SELDINGER_REDIS_URL", "redis://127.0.0.1:1/3")

    response = client.get("/health/")

    assert response.status_code == 503
    assert response.json() == {
        "status": "failing",
        "database": "ok",
        "cache": "ok",
        "queue": "unreachable: ConnectionError",
        "failing": ["queue"],
    }


def test_a_server_whose_database_and_redis_are_gone_says_503_naming_both(
    serve, tmp_path, production_environment
):
    env = production_environment(
        tmp_path,
        f"sqlite:///{tmp_path / 'no-such-folder' / 'gone.sqlite3'}",
        SELDINGER_REDIS_URL="redis://127.0.0.1:1/3",
    )
    server = serve(env, "--workers", "1", wait_for_health=False)

    response, body = server.request("GET", "/health/")

    assert response.status == 503
    answer = json.loads(body)
    assert answer["status"] == "failing"
    assert answer["failing"] == ["database", "cache", "queue"]
    assert answer["database"] == "unreachable: OperationalError"
