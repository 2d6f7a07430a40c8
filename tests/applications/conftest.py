"""Programs with positions in the match, applicants, and a fixed date in the 2027 season.

``program`` (the director's, TEST-0001) offers Advanced and Categorical IR
positions; ``prelim`` offers preliminary PGY-1 positions; ``other_program``
(TEST-0002) offers Advanced positions and has its own director.
"""

import datetime as dt

import pytest

from seldinger.accounts.models import Role
from seldinger.applications import selectors

#: A day in the 2027 Main Residency Match season, before the certification deadline.
SEASON_DAY = dt.datetime(2026, 12, 1, 12, 0)
MATCH_YEAR = 2027


@pytest.fixture(autouse=True)
def _in_season(time_machine):
    time_machine.move_to(SEASON_DAY, tick=False)


@pytest.fixture(autouse=True)
def _fresh_season_cache():
    selectors.season.cache_clear()
    yield
    selectors.season.cache_clear()


@pytest.fixture
def ir(program):
    program.positions_advanced = 2
    program.positions_categorical = 1
    program.save()
    return program


@pytest.fixture
def other_ir(other_program):
    other_program.positions_advanced = 1
    other_program.save()
    return other_program


@pytest.fixture
def prelim(make_program):
    return make_program(
        "TEST-0100", name="Test Preliminary Medicine", kind="dr", positions_preliminary=3
    )


@pytest.fixture
def student2(make_user):
    return make_user("student2", Role.STUDENT, first_name="Sam", last_name="Second")


@pytest.fixture
def other_director(make_user, other_program):
    return make_user("other_director", Role.DIRECTOR, program=other_program, kind="director")
