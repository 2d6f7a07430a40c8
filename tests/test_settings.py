"""Production settings refuse unsafe configurations instead of starting."""

import os
import subprocess
import sys

import pytest

#: 50 characters, 26 distinct: what Django's deploy check asks of a key.
STRONG_KEY = "q7Vd-2mXcR9wLp0ZtB4sNf6HyJ8kUe1aGo3iWv5E_QrTbYnMzC"


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
        SELDINGER_ENV="production", SELDINGER_SECRET_KEY=STRONG_KEY, SELDINGER_DEBUG="1"
    )
    assert result.returncode != 0
    assert "SELDINGER_DEBUG must be off" in result.stderr


def test_production_refuses_the_default_secret():
    result = load_settings(SELDINGER_ENV="production")
    assert result.returncode != 0
    assert (
        "Set SELDINGER_SECRET_KEY to a strong secret when SELDINGER_ENV=production: "
        "it is the development key." in result.stderr
    )


@pytest.mark.parametrize(
    ("key", "why"),
    [
        ("a1B2c3D4e5", "it has 10 characters; it needs at least 50"),
        ("ab" * 30, "it has 2 distinct characters; it needs at least 5"),
        ("django-insecure-" + STRONG_KEY, "it is one of Django's generated insecure keys"),
    ],
)
def test_production_refuses_a_weak_secret_saying_why(key, why):
    result = load_settings(SELDINGER_ENV="production", SELDINGER_SECRET_KEY=key)

    assert result.returncode != 0
    assert why in result.stderr


@pytest.mark.parametrize("name", ["prod", "Production", "staging", ""])
def test_an_unknown_environment_is_refused_naming_the_two_there_are(name):
    result = load_settings(SELDINGER_ENV=name)

    assert result.returncode != 0
    assert f"SELDINGER_ENV must be 'development' or 'production', not {name!r}." in result.stderr


def test_production_with_a_secret_starts_without_debug_or_demo_data():
    result = load_settings(SELDINGER_ENV="production", SELDINGER_SECRET_KEY=STRONG_KEY)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False"]


def test_a_trusted_proxy_that_is_no_address_is_refused():
    result = load_settings(SELDINGER_TRUSTED_PROXIES="10.0.0.5,nginx.internal")

    assert result.returncode != 0
    assert "SELDINGER_TRUSTED_PROXIES: 'nginx.internal' is not an address or network" in (
        result.stderr
    )
