"""The API fuzzed from its own OpenAPI document: schemathesis generates requests for every
operation, anonymous and as each persona (by personal token), against the app served on
127.0.0.1 by a live server, and every answer must be declared by the document: no server
error (5xx), a declared status, a declared content type and a body that conforms.

Bounded: ``EXAMPLES`` requests per operation and persona (the anonymous run ``ANONYMOUS_EXAMPLES``),
derandomized (the same requests every run), no shrinking. About 100 s on PostgreSQL; the slow
suite's budget is in tests/conftest.py.

Destructive operations are kept: a persona deletes and changes what its generated ids find,
as a script could. The live server commits, so this test runs in a transactional database
(emptied afterwards), and the demo data gives each persona records to read and change.
"""

import time
from dataclasses import dataclass
from http.cookiejar import DefaultCookiePolicy
from typing import Any

import pytest
import requests
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from seldinger.accounts.models import ApiToken, User
from seldinger.accounts.services import create_token
from seldinger.demo.data import load_demo_data

pytestmark = [pytest.mark.slow]

#: The demo's people, one per persona; ``resident2`` trains in the independent program (a
#: fellow's track).
PERSONAS = (
    "student",
    "resident",
    "resident2",
    "faculty",
    "coordinator",
    "director",
    "diplomate",
    "employer",
    "admin",
)
EXAMPLES = 3
#: The whole run's budget, in seconds: a run that needs more fails rather than grows.
BUDGET_SECONDS = 150.0

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@dataclass
class Finding:
    who: str
    request: str
    problem: str


def _cases(operation: Any, examples: int) -> list[Any]:
    """``examples`` requests to ``operation``, the same every run (derandomized)."""
    drawn: list[Any] = []

    @given(case=operation.as_strategy())
    @settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def draw(case: Any) -> None:
        drawn.append(case)

    draw()
    return drawn


def _session(token: str | None) -> requests.Session:
    """A client sending ``token`` (none: anonymous) and keeping no cookie, as a script would."""
    session = requests.Session()
    session.cookies.set_policy(DefaultCookiePolicy(allowed_domains=[]))
    if token is not None:
        session.headers["Authorization"] = f"Bearer {token}"
    return session


@pytest.mark.django_db(transaction=True)
def test_no_server_error_and_no_answer_the_schema_does_not_declare():
    load_demo_data()
    sessions = {"anonymous": _session(None)}
    for username in PERSONAS:
        owner = User.objects.get(username=username)
        _, token = create_token(
            owner=owner, name="fuzz", scope=ApiToken.Scope.READ_WRITE, lifetime_days=30
        )
        sessions[username] = _session(token)
    # The document as the application serves it, and the application called in-process.
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 150

    started = time.monotonic()
    # Each operation's requests, drawn once and sent by everyone.
    cases = [case for operation in operations for case in _cases(operation, EXAMPLES)]
    print(f"drawn {len(cases)} in {time.monotonic() - started:.0f} s")
    findings: list[Finding] = []
    sent = 0
    for who, session in sessions.items():
        for case in cases:
            try:
                response = case.call(session=session)
            except Exception as crash:  # an exception out of the application: a 500
                findings.append(Finding(who, f"{case.method} {case.formatted_path}", repr(crash)))
                continue
            sent += 1
            try:
                case.validate_response(response, checks=CHECKS)
            except (Failure, FailureGroup) as failure:  # the checks' failures, with their text
                findings.append(Finding(who, f"{case.method} {response.request.url}", str(failure)))
        print(f"{who}: {time.monotonic() - started:.0f} s")
    elapsed = time.monotonic() - started

    assert findings == [], "\n\n".join(f"{f.who}: {f.request}\n{f.problem}" for f in findings)
    assert sent == len(cases) * len(sessions) >= len(operations) * len(sessions)
    assert elapsed < BUDGET_SECONDS, f"the run took {elapsed:.0f} s"
