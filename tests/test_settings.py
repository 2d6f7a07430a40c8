"""Production settings refuse unsafe configurations instead of starting."""

import os
import subprocess
import sys


def load_settings(**environment: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("SELDINGER_")}
    env.update(environment)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import seldinger.settings as s; print(s.DEBUG, s.DEMO_DATA_ALLOWED)",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def test_production_refuses_debug():
    result = load_settings(
        SELDINGER_ENV="production", SELDINGER_SECRET_KEY="x" * 50, SELDINGER_DEBUG="1"
    )
    assert result.returncode != 0
    assert "SELDINGER_DEBUG must be off" in result.stderr


def test_production_refuses_the_default_secret():
    result = load_settings(SELDINGER_ENV="production")
    assert result.returncode != 0
    assert "Set SELDINGER_SECRET_KEY" in result.stderr


def test_production_with_a_secret_starts_without_debug_or_demo_data():
    result = load_settings(SELDINGER_ENV="production", SELDINGER_SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False"]
