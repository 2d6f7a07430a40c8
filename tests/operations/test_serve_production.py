"""``seldinger serve --production``: gunicorn with N workers, static files from WhiteNoise
with hashed, compressed names, JSON logs naming each request."""

import re


def test_the_production_server_serves_pages_and_hashed_compressed_static_files(
    serve, tmp_path, migrated_database_url, production_environment
):
    server = serve(
        production_environment(tmp_path, migrated_database_url),
        "--workers",
        "2",
    )

    page, html = server.request("GET", "/", headers={"X-Forwarded-Proto": "https"})

    assert page.status == 200
    assert page.getheader("Server", "").startswith("gunicorn")
    assert page.getheader("Strict-Transport-Security") == (
        "max-age=31536000; includeSubDomains; preload"
    )
    assert "frame-ancestors 'none'" in page.getheader("Content-Security-Policy", "")
    # collectstatic ran: the page links each file under its content hash.
    stylesheet = re.search(rb'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', html)
    assert stylesheet is not None, html[:2000]
    served, body = server.request(
        "GET",
        stylesheet[1].decode(),
        headers={"Accept-Encoding": "gzip", "X-Forwarded-Proto": "https"},
    )
    assert served.status == 200
    assert served.getheader("Content-Encoding") == "gzip"
    assert "immutable" in served.getheader("Cache-Control", "")
    assert body[:2] == b"\x1f\x8b"  # gzip's magic number


def test_plain_http_is_sent_to_https_except_the_health_check(
    serve, tmp_path, migrated_database_url, production_environment
):
    server = serve(
        production_environment(tmp_path, migrated_database_url),
        "--workers",
        "1",
    )

    home, _ = server.request("GET", "/")
    health, _ = server.request("GET", "/health/")

    assert home.status == 301
    assert home.getheader("Location") == f"https://127.0.0.1:{server.port}/"
    assert health.status == 200


def test_each_request_is_logged_as_json_under_its_request_id(
    serve, tmp_path, migrated_database_url, production_environment
):
    server = serve(
        production_environment(tmp_path, migrated_database_url),
        "--workers",
        "1",
    )

    kept, _ = server.request("GET", "/health/", headers={"X-Request-ID": "lb-7f3a.42"})
    # An id that could forge a log line is replaced by one of our own.
    replaced, _ = server.request("GET", "/health/", headers={"X-Request-ID": 'x" y'})
    generated, _ = server.request("GET", "/health/")
    # Django's own record of a missing page carries the id of its request too.
    server.request(
        "GET", "/no-such-page/", headers={"X-Request-ID": "lb-404", "X-Forwarded-Proto": "https"}
    )

    assert kept.getheader("X-Request-ID") == "lb-7f3a.42"
    new_ids = [replaced.getheader("X-Request-ID"), generated.getheader("X-Request-ID")]
    assert [re.fullmatch(r"[0-9a-f]{32}", new or "") is not None for new in new_ids] == [
        True,
        True,
    ]
    logged = {record["request_id"]: record for record in server.requests_logged()}
    for request_id in ["lb-7f3a.42", *new_ids]:
        assert logged[request_id]["path"] == "/health/"
        assert logged[request_id]["status"] == 200
        assert logged[request_id]["level"] == "INFO"
    assert {record["logger"] for record in server.log()} >= {"gunicorn.error", "seldinger.requests"}
    not_found = [record for record in server.log() if record["logger"] == "django.request"]
    assert [(record["request_id"], record["message"]) for record in not_found] == [
        ("lb-404", "Not Found: /no-such-page/")
    ]


def test_serve_production_needs_the_production_environment(
    tmp_path, migrated_database_url, production_environment, run_seldinger
):
    env = production_environment(tmp_path, migrated_database_url, SELDINGER_ENV="development")

    done = run_seldinger("serve", "--production", "127.0.0.1:8999", env=env, cwd=tmp_path)

    assert done.returncode == 1
    assert (
        done.stderr
        == "CommandError: --production: set SELDINGER_ENV=production (and its settings)\n"
    )


def test_the_development_server_is_refused_in_production(
    tmp_path, migrated_database_url, production_environment, run_seldinger
):
    env = production_environment(tmp_path, migrated_database_url)

    done = run_seldinger("serve", "127.0.0.1:8999", env=env, cwd=tmp_path)

    assert done.returncode == 1
    assert "in production run: seldinger serve --production" in done.stderr


def test_a_bad_address_or_worker_count_is_refused_with_the_option(
    tmp_path, migrated_database_url, production_environment, run_seldinger
):
    env = production_environment(tmp_path, migrated_database_url)

    address = run_seldinger("serve", "--production", "localhost:http", env=env, cwd=tmp_path)
    workers = run_seldinger("serve", "--production", "--workers", "0", env=env, cwd=tmp_path)
    threads = run_seldinger("serve", "--production", "--threads", "0", env=env, cwd=tmp_path)

    assert address.returncode == 1
    assert "ADDR:PORT: 'localhost:http' is not an address and port" in address.stderr
    assert workers.returncode == 1
    assert "--workers: 0 is not a number of processes" in workers.stderr
    assert threads.returncode == 1
    assert "--threads: 0 is not a number of threads" in threads.stderr


def test_check_deploy_is_clean_with_production_settings(
    tmp_path, migrated_database_url, production_environment, run_seldinger
):
    env = production_environment(tmp_path, migrated_database_url)

    done = run_seldinger("check", "--deploy", "--fail-level", "WARNING", env=env, cwd=tmp_path)

    assert done.returncode == 0, done.stderr
    assert done.stdout == "System check identified no issues (0 silenced).\n"
