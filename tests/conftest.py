"""Personas shared by the whole suite: real users in the test database.

``program`` has a director, a coordinator, faculty and a resident;
``other_program`` has ``other_resident``; ``student`` and ``outsider`` (a
diplomate) belong to no program; ``admin_user`` is a platform administrator.
Everyone's password is the ``password`` fixture. ``api_login(user)`` logs the test client
in to the API by session, then (the test runs twice) by personal token. ``browser`` and
``page`` are Playwright driving Debian's Chromium, for the browser tests (marked ``browser``).
"""

import datetime as dt
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.test.utils import override_settings

from seldinger.accounts.membership import ProgramMembership
from seldinger.accounts.models import ApiToken, Role, User
from seldinger.accounts.services import create_token
from seldinger.programs.models import Program

PASSWORD = "pw-for-tests-123"
#: The day of the suite's fixed clock (the ``today`` fixture).
TODAY = dt.date(2026, 3, 2)

Kind = ProgramMembership.Kind


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing() -> Iterator[None]:
    """MD5 instead of Argon2: tests log in often and need no real hashing cost."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Each test starts with an empty cache (login failures are counted there)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def make_user(db: None) -> Callable[..., User]:
    """Factory: ``make_user("ann", Role.RESIDENT, program=p, kind=Kind.TRAINEE, **fields)``."""

    def make(
        username: str,
        role: str,
        *,
        program: Program | None = None,
        kind: str | None = None,
        **fields: Any,
    ) -> User:
        user = User.objects.create_user(username=username, password=PASSWORD, role=role, **fields)
        if program is not None:
            ProgramMembership.objects.create(user=user, program=program, kind=kind)
        return user

    return make


@pytest.fixture
def make_program(db: None) -> Callable[..., Program]:
    """Factory: ``make_program("TEST-0003", name=...)``."""

    def make(acgme_id: str, **fields: Any) -> Program:
        values = {
            "name": f"Test program {acgme_id}",
            "kind": Program.Kind.INTEGRATED_IR,
            "institution": "Test University Hospital",
            "city": "Testville",
            "state": "MN",
            "is_synthetic": True,
            **fields,
        }
        return Program.objects.create(acgme_id=acgme_id, **values)

    return make


@pytest.fixture
def program(make_program: Callable[..., Program]) -> Program:
    return make_program("TEST-0001", name="Test Integrated IR Residency")


@pytest.fixture
def other_program(make_program: Callable[..., Program]) -> Program:
    return make_program(
        "TEST-0002", name="Other Independent IR Residency", kind=Program.Kind.INDEPENDENT_IR
    )


@pytest.fixture
def resident(make_user: Callable[..., User], program: Program) -> User:
    return make_user("resident", Role.RESIDENT, program=program, kind=Kind.TRAINEE)


@pytest.fixture
def other_resident(make_user: Callable[..., User], other_program: Program) -> User:
    return make_user("other_resident", Role.RESIDENT, program=other_program, kind=Kind.TRAINEE)


@pytest.fixture
def faculty(make_user: Callable[..., User], program: Program) -> User:
    return make_user("faculty", Role.FACULTY, program=program, kind=Kind.FACULTY)


@pytest.fixture
def director(make_user: Callable[..., User], program: Program) -> User:
    return make_user("director", Role.DIRECTOR, program=program, kind=Kind.DIRECTOR)


@pytest.fixture
def coordinator(make_user: Callable[..., User], program: Program) -> User:
    return make_user("coordinator", Role.COORDINATOR, program=program, kind=Kind.COORDINATOR)


@pytest.fixture
def student(make_user: Callable[..., User]) -> User:
    return make_user("student", Role.STUDENT)


@pytest.fixture
def outsider(make_user: Callable[..., User]) -> User:
    """A diplomate with no program membership."""
    return make_user("outsider", Role.DIPLOMATE)


@pytest.fixture
def admin_user(make_user: Callable[..., User]) -> User:
    """A platform administrator (replaces pytest-django's, so ``admin_client`` uses it)."""
    return make_user("admin", Role.ADMIN, is_staff=True, is_superuser=True)


@pytest.fixture
def today() -> Iterator[dt.date]:
    """A fixed clock, 2026-03-02 at noon, for records dated from today."""
    with time_machine.travel(dt.datetime(2026, 3, 2, 12, 0), tick=False):
        yield TODAY


#: The heavy suites (run once in CI, on PostgreSQL) and the time each may take, in seconds
#: of test time: a run that goes over fails, so a slow suite is noticed rather than tolerated.
HEAVY_SUITE_BUDGETS = {"browser": 480.0, "slow": 300.0}
_heavy_seconds: dict[str, float] = dict.fromkeys(HEAVY_SUITE_BUDGETS, 0.0)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    for suite in HEAVY_SUITE_BUDGETS:
        if suite in report.keywords:
            _heavy_seconds[suite] += report.duration


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    ran = {suite: seconds for suite, seconds in _heavy_seconds.items() if seconds}
    if ran:
        print()
    for suite, seconds in ran.items():
        budget = HEAVY_SUITE_BUDGETS[suite]
        verdict = "over" if seconds > budget else "within"
        print(f"the {suite} suite took {seconds:.0f} s, {verdict} its budget of {budget:.0f} s")
        if seconds > budget:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED


# Logged in to the API by session or by personal token --------------------------------------

LOGINS = ["session", "token"]
ApiLogin = Callable[..., Client]


def _log_in_with_token(client: Client, user: User, scope: str = ApiToken.Scope.READ_WRITE) -> str:
    """Give ``client`` a new token of ``user``'s, sent on every request; the token's text."""
    _, shown = create_token(owner=user, name="tests", scope=scope, lifetime_days=365)
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {shown}"
    return shown


@pytest.fixture
def token_login() -> Callable[..., str]:
    """``token_login(client, user, scope="read-write")``: ``client`` sends a new token of
    ``user``'s on every request; the token's text."""
    return _log_in_with_token


@pytest.fixture(params=LOGINS)
def api_login(request: pytest.FixtureRequest, client: Client) -> ApiLogin:
    """``api_login(user)``: ``client``, logged in as ``user`` by session, then by token."""

    def log_in(user: User) -> Client:
        if request.param == "session":
            client.force_login(user)
        else:
            _log_in_with_token(client, user)
        return client

    return log_in


# Browser tests ---------------------------------------------------------------------------

CHROMIUM = Path(os.environ.get("SELDINGER_CHROMIUM", "/usr/bin/chromium"))
SCREENSHOTS = Path(__file__).resolve().parents[1] / "var" / "screenshots"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: .ci/run installs Debian's chromium package")
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium to run browser tests")
    # Playwright's sync API runs an event loop in this thread; the live server's
    # database work happens in its own thread, so Django's guard is not needed here.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    yield opened
    context.close()


@pytest.fixture
def screenshot_dir():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
