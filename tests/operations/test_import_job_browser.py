"""The production setup of the README (``serve --production`` and ``worker --beat`` on the
suite's database and the machine's Redis): a resident imports 60,000 cases in Chromium,
watches the job's progress bar move, and reads the outcome."""

import datetime as dt
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import redis
from playwright.sync_api import expect

from seldinger.caselog.importer import COLUMNS

pytestmark = pytest.mark.browser

SELDINGER = str(Path(sys.executable).parent / "seldinger")
ROWS = 60_000


@pytest.fixture
def stack(tmp_path, migrated_database_url, production_environment, run_seldinger, serve, queue_url):
    """Web (two processes) and a worker with the schedule, as the README starts them."""
    queue = queue_url(3)
    env = production_environment(
        tmp_path,
        migrated_database_url,
        SELDINGER_REDIS_URL=queue,
        SELDINGER_ALLOWED_HOSTS="localhost,127.0.0.1",
        # Plain HTTP on loopback: a proxy terminates TLS in a real deployment.
        SELDINGER_SSL_REDIRECT="0",
        SELDINGER_PRIVATE_MEDIA_ROOT=str(tmp_path / "private"),
    )
    made = run_seldinger(
        "shell",
        "-c",
        "from seldinger.accounts.models import User;"
        "from seldinger.caselog.models import CaseEntry;"
        "CaseEntry.objects.all().delete();"
        "User.objects.filter(username='ana').delete();"
        "User.objects.create_user(username='ana', password='right-Password-1', role='resident')",
        env=env,
        cwd=tmp_path,
    )
    assert made.returncode == 0, made.stderr
    server = serve(env, "--workers", "2")
    with (tmp_path / "worker.log").open("wb") as log:
        worker = subprocess.Popen(
            [SELDINGER, "worker", "--beat", "--concurrency", "1"],
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=tmp_path,
            env=env,
            start_new_session=True,
        )
    try:
        yield f"http://localhost:{server.port}", tmp_path
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=60)
    redis.Redis.from_url(queue).flushdb()


def _case_file(path: Path) -> Path:
    start = dt.date(2000, 1, 1)
    rows = [
        f"{start + dt.timedelta(days=row % 9000)},picc,primary,,ultrasound,,{row % 97 / 10},,,none,"
        for row in range(ROWS)
    ]
    path.write_text("\n".join([",".join(COLUMNS), *rows]) + "\n")
    return path


def test_a_large_import_shows_its_progress_and_outcome(stack, browser, screenshot_dir):
    base_url, folder = stack
    cases = _case_file(folder / "logbook.csv")
    context = browser.new_context(base_url=base_url, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("ana")
    page.get_by_label("Password").fill("right-Password-1")
    page.get_by_role("button", name="Log in").click()

    page.goto("/cases/import/")
    page.get_by_label("Case log file").set_input_files(str(cases))
    page.get_by_role("button", name="Check the file").click()
    page.get_by_role("button", name=f"Confirm: import {ROWS} cases").click()

    expect(page.get_by_role("heading", name="Import logbook.csv into your log")).to_be_visible()
    # The request answered at once; the worker's progress shows while it imports.
    status = page.locator(".job-state__status")
    expect(status).to_contain_text(f"of {ROWS:,})", timeout=60_000)
    expect(page.locator("progress.job-state__bar")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "import-job-progress-phone.png"), full_page=True)

    expect(page.locator(".job-state__message")).to_have_text(
        f"Imported {ROWS:,} cases into your log (0 already there).", timeout=180_000
    )
    expect(status).to_have_text("Done")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.screenshot(path=str(screenshot_dir / "import-job-done-desktop.png"), full_page=True)
    page.get_by_role("button", name="Open your cases").click()
    expect(page).to_have_url(f"{base_url}/cases/mine/")
    context.close()
