"""A program's published schedule: two residents, a week of April 2026 with call."""

import pytest

from seldinger.accounts.membership import ProgramMembership
from seldinger.accounts.models import Role

Kind = ProgramMembership.Kind


def _shift(resident, start, end, kind="clinical", name="IR"):
    return {"resident": resident, "start": start, "end": end, "kind": kind, "name": name}


#: r01 and r02 in the spec; r02's Tuesday runs to 23:00, so taking r01's Monday night call
#: (17:00 to 07:00) would make one 30-hour duty period, beyond 24+4.
SCHEDULE = {
    "start": "2026-04-06",
    "status": "optimal",
    "objective": 0,
    "bound": 0,
    "shifts": [
        _shift("r01", "2026-04-06T07:00", "2026-04-06T17:00"),
        _shift("r01", "2026-04-06T17:00", "2026-04-07T07:00", "call", "night"),
        _shift("r02", "2026-04-07T07:00", "2026-04-07T23:00", name="ICU"),
        _shift("r01", "2026-04-08T07:00", "2026-04-08T17:00"),
        _shift("r02", "2026-04-08T17:00", "2026-04-09T07:00", "call", "night"),
        _shift("r01", "2026-04-10T17:00", "2026-04-11T07:00", "call", "night"),
        _shift("r02", "2026-04-12T07:00", "2026-04-12T17:00", "call", "weekend-day"),
    ],
}
NAMES = {"r01": "ann", "r02": "ben"}


@pytest.fixture
def names():
    """The spec's resident ids and the residents' usernames."""
    return dict(NAMES)


@pytest.fixture
def schedule():
    return {**SCHEDULE, "shifts": [dict(shift) for shift in SCHEDULE["shifts"]]}


@pytest.fixture
def ann(make_user, program):
    return make_user(
        "ann",
        Role.RESIDENT,
        program=program,
        kind=Kind.TRAINEE,
        first_name="Ann",
        last_name="Avery",
    )


@pytest.fixture
def ben(make_user, program):
    return make_user(
        "ben",
        Role.RESIDENT,
        program=program,
        kind=Kind.TRAINEE,
        first_name="Ben",
        last_name="Brook",
    )


@pytest.fixture
def published(program, director, ann, ben, schedule, today):
    from seldinger.scheduling.services import publish_schedule

    return publish_schedule(program, schedule, director, residents=NAMES, note="First draft")
