"""The load benchmark, briefly: ``bench/load.py --quick`` against ``serve --production`` on
PostgreSQL (loopback only): no server error, and every case the users created stored once."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "load.py"
#: What the brief run may take, setting up its database and server included.
TIME_BUDGET_SECONDS = 120


@pytest.mark.slow
@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
    reason="the load benchmark runs on PostgreSQL only (the suite runs it when DATABASE_URL "
    "names a PostgreSQL server)",
)
def test_ten_users_for_five_seconds_meet_no_error_and_every_case_is_stored_once(
    tmp_path, redis_url
):
    summary_path = tmp_path / "summary.json"
    env = {**os.environ, "BENCH_REDIS_URL": redis_url}
    env.pop("BENCH_FIGURES", None)
    started = time.monotonic()

    done = subprocess.run(
        [sys.executable, str(BENCH), "--quick", "--summary", str(summary_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=TIME_BUDGET_SECONDS,
    )

    took = time.monotonic() - started
    assert done.returncode == 0, done.stdout + done.stderr
    summary = json.loads(summary_path.read_text())
    assert summary["users"] == 10
    assert summary["server_errors"] == 0
    assert summary["unexpected_answers"] == 0
    cases = summary["cases"]
    assert cases["confirmed"] >= 10  # at least each user's warm-up visit
    assert (cases["missing"], cases["doubled"], cases["unexpected"]) == (0, 0, 0)
    assert set(summary["pages"]) == {
        "home",
        "dashboard",
        "case list",
        "case form",
        "case creation",
        "directory",
    }
    assert took < TIME_BUDGET_SECONDS
