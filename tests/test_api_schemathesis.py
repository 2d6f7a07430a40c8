"""The API fuzzed from its own OpenAPI document: schemathesis draws requests for every
operation, and each is sent anonymous and as each persona (by personal token). Every answer
must be declared by the document: no server error (5xx), a declared status, a declared
content type and headers, and a body that conforms (the one error body for every refusal).

Bounded: ``EXAMPLES`` requests per operation, drawn once, derandomized (the same requests
every run), without shrinking, and sent by everyone; and ``REFUSED_EXAMPLES`` requests the
document refuses, which must be refused. About 3,700 requests, 140 to 160 s of fuzzing (180 to
210 s with the database's setup) on PostgreSQL on a busy 2-core machine; the slow suite's budget
(tests/conftest.py) holds it.

The application is called in-process through schemathesis's WSGI transport: the whole Django
stack (every middleware, ninja, the one error handler) answers as behind gunicorn; only the
HTTP server is left out. The database commits, as a server's does (a transactional test,
emptied afterwards), and the demo data gives each persona records to read and change.
Changes and deletions are kept: a persona changes and deletes what its ids find, as a
script could.
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
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
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
EXAMPLES = 2
#: Operations whose every answer is a Monte Carlo simulation (seconds of work each, by
#: design): sent anonymous and as one persona with a login, since beyond that who asks
#: changes nothing in them; the rest of the run would otherwise wait on them.
SIMULATIONS = frozenset({"/api/match/odds/applicant", "/api/match/odds/program"})
SIMULATED_FOR = frozenset({"anonymous", "resident"})
#: Requests the document refuses (a wrong type, a value out of its bounds, a missing field),
#: one per operation that takes input, sent by a trainee and a program's leader: each must
#: be refused with a declared 4xx in the one error body, never accepted nor a 500.
REFUSED_EXAMPLES = 1
REFUSED_FOR = ("resident", "director")

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
]


@dataclass
class Finding:
    who: str
    request: str
    problem: str


def _cases(operation: Any, examples: int, mode: GenerationMode) -> list[Any]:
    """``examples`` requests to ``operation``, the same every run (derandomized): valid ones
    (``POSITIVE``), or ones the document refuses (``NEGATIVE``; none for an operation that
    takes no input)."""
    drawn: list[Any] = []

    @given(case=operation.as_strategy(generation_mode=mode))
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

    try:
        draw()
    except Unsatisfiable:
        assert mode == GenerationMode.NEGATIVE  # nothing to get wrong
    return drawn


def _send(case: Any, who: str, session: requests.Session, checks: list[Any]) -> list[Finding]:
    """What is wrong with the answer to ``case`` sent by ``who``: nothing, or each finding."""
    request = f"{case.method} {case.formatted_path}"
    try:
        response = case.call(session=session)
    except Exception as crash:  # an exception out of the application: a 500
        return [Finding(who, request, repr(crash))]
    try:
        case.validate_response(response, checks=checks)
    except (Failure, FailureGroup) as failure:  # the checks' failures, with their text
        return [Finding(who, f"{case.method} {response.request.url}", str(failure))]
    return []


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
    cases = [
        case
        for operation in operations
        for case in _cases(operation, EXAMPLES, GenerationMode.POSITIVE)
    ]
    refused = [
        case
        for operation in operations
        if operation.path not in SIMULATIONS
        for case in _cases(operation, REFUSED_EXAMPLES, GenerationMode.NEGATIVE)
    ]
    print(f"drawn {len(cases)} + {len(refused)} in {time.monotonic() - started:.0f} s")
    findings: list[Finding] = []
    sent = 0
    for who, session in sessions.items():
        sending = [case for case in cases if case.path not in SIMULATIONS or who in SIMULATED_FOR]
        checks = CHECKS
        if who in REFUSED_FOR:
            sending += refused
            checks = [*CHECKS, negative_data_rejection]
        for case in sending:
            findings += _send(case, who, session, checks)
            sent += 1
        print(f"{who}: {time.monotonic() - started:.0f} s")
    elapsed = time.monotonic() - started

    assert findings == [], "\n\n".join(f"{f.who}: {f.request}\n{f.problem}" for f in findings)
    simulated = sum(case.path in SIMULATIONS for case in cases)
    others = len(sessions) - len(SIMULATED_FOR)
    assert sent == len(cases) * len(sessions) - simulated * others + len(refused) * len(REFUSED_FOR)
    assert len(refused) > len(operations) / 2
    assert sent > len(operations) * len(sessions)
    print(f"{sent} requests in {elapsed:.0f} s")
