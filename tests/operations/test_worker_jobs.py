"""A real ``seldinger worker`` takes jobs off the machine's Redis: it runs a case import to
the end, and a worker killed in the middle of one leaves no case behind and its job marked
failed, with the reason."""

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis

from seldinger.caselog.importer import COLUMNS

SELDINGER = str(Path(sys.executable).parent / "seldinger")


def _case_file(path: Path, rows: int) -> Path:
    start = dt.date(2000, 1, 1)
    lines = [",".join(COLUMNS)]
    lines += [
        f"{start + dt.timedelta(days=row % 9000)},picc,primary,,ultrasound,,{row % 97 / 10},,,none,"
        for row in range(rows)
    ]
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture
def deployment(tmp_path, migrated_database_url, production_environment, run_seldinger, queue_url):
    """A production environment on the queue, a resident ``ana``, and how to run commands."""
    queue = queue_url(2)
    env = production_environment(
        tmp_path,
        migrated_database_url,
        SELDINGER_REDIS_URL=queue,
        SELDINGER_PRIVATE_MEDIA_ROOT=str(tmp_path / "private"),
        SELDINGER_JOB_HEARTBEAT_SECONDS="0.5",
        SELDINGER_JOB_LOST_AFTER_SECONDS="3",
    )

    def run(*arguments: str) -> str:
        done = run_seldinger(*arguments, env=env, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        return done.stdout

    run(
        "shell",
        "-v",
        "0",
        "-c",
        "from seldinger.accounts.models import User;"
        "from seldinger.caselog.models import CaseEntry;"
        "CaseEntry.objects.all().delete();"
        "User.objects.filter(username='ana').delete();"
        "User.objects.create_user(username='ana', password='right-Password-1', role='resident')",
    )
    yield env, run, tmp_path
    redis.Redis.from_url(queue).flushdb()


def _start_import(run, path: Path) -> str:
    """A case-import job for ana, started as the web would start it: sent to the queue."""
    return run(
        "shell",
        "-v",
        "0",
        "-c",
        "from seldinger.accounts.models import User;"
        "from seldinger.caselog import jobs;"
        "ana = User.objects.get(username='ana');"
        f"print(jobs.start_import(actor=ana, trainee=ana, content=open({str(path)!r}, 'rb')"
        f".read(), name={path.name!r}).pk)",
    ).strip()


def _job(run, job_id: str) -> dict:
    return json.loads(run("jobs", "show", job_id, "--format", "json"))


def _cases_of_ana(run) -> int:
    return int(
        run(
            "shell",
            "-v",
            "0",
            "-c",
            "from seldinger.caselog.models import CaseEntry;"
            "print(CaseEntry.objects.filter(trainee__username='ana').count())",
        )
    )


def _start_worker(env, folder: Path) -> tuple[subprocess.Popen[bytes], Path]:
    log = folder / f"worker-{time.monotonic_ns()}.log"
    with log.open("wb") as out:
        worker = subprocess.Popen(
            [SELDINGER, "worker", "--concurrency", "1"],
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=folder,
            env=env,
            start_new_session=True,
        )
    return worker, log


def _wait(condition, what: str, timeout: float = 120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


def _stop(worker: subprocess.Popen[bytes]) -> None:
    if worker.poll() is None:
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()


def test_a_worker_runs_an_import_job_sent_to_the_queue(deployment):
    env, run, folder = deployment
    job_id = _start_import(run, _case_file(folder / "cases.csv", 3000))
    # Nobody has taken it yet: it waits on the queue.
    assert _job(run, job_id)["status"] == "queued"

    worker, log = _start_worker(env, folder)
    try:
        job = _wait(lambda: (found := _job(run, job_id))["finished"] and found, "the job to finish")
    finally:
        _stop(worker)
    assert job["status"] == "succeeded", (job, log.read_text()[-3000:])
    assert job["message"] == "Imported 3,000 cases into your log (0 already there)."
    assert job["details"]["saved"] == 3000
    assert _cases_of_ana(run) == 3000


def test_a_worker_killed_in_the_middle_of_an_import_leaves_no_case_and_a_failed_job(
    deployment,
):
    env, run, folder = deployment
    worker, log = _start_worker(env, folder)
    try:
        job_id = _start_import(run, _case_file(folder / "large.csv", 150_000))
        # Killed as soon as the import is seen under way: each look is a command of its own
        # (a second or two), and an idle machine checks and stores 100,000 rows in a few.
        _wait(
            lambda: (progress := _job(run, job_id)["progress"]) and progress["done"] > 0,
            "the import to be under way",
        )
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()
    finally:
        _stop(worker)

    assert _cases_of_ana(run) == 0
    job = _wait(
        lambda: (found := _job(run, job_id))["status"] == "failed" and found,
        "the job to be found lost",
        timeout=30,
    )
    assert job["error"].startswith("The worker running this job stopped before it finished")
    assert job["error"].endswith("nothing it was writing was kept. Start it again.")
    assert "Traceback" not in log.read_text()
