"""The digest's settings: when it goes out, and a wrong value refused at start, saying why."""

import os
import subprocess
import sys

import pytest

from seldinger.jobs import queue


def load_settings(**environment: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("SELDINGER_")}
    env.update(environment)
    return subprocess.run(
        [sys.executable, "-c", "import seldinger.settings as s; print(s.DIGEST_WEEKDAY)"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def test_the_schedule_runs_the_digest_daily_at_the_configured_time():
    entry = queue.app.conf.beat_schedule["digest"]

    assert entry["args"] == ("home.digest",)
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({6}, {30})


def test_a_weekday_is_read_in_any_case():
    result = load_settings(SELDINGER_DIGEST_WEEKDAY="Friday")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "friday"


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("SELDINGER_DIGEST_WEEKDAY", "fri", "must be a day of the week (monday ... sunday)"),
        ("SELDINGER_DIGEST_AT", "6.30", "must be a time of day as HH:MM, not '6.30'"),
        ("SELDINGER_DIGEST_AT", "25:00", "must be a time of day as HH:MM, not '25:00'"),
    ],
)
def test_a_wrong_value_is_refused_naming_the_setting(name, value, message):
    result = load_settings(**{name: value})

    assert result.returncode != 0
    assert f"{name} {message}" in result.stderr
