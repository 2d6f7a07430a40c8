import datetime as dt

import pytest

from seldinger.accounts.membership import ProgramMembership
from seldinger.accounts.models import Role
from seldinger.scholarship.services import add_activity, add_note, assign_mentor

Kind = ProgramMembership.Kind


@pytest.fixture
def other_faculty(make_user, program):
    """Faculty of the resident's program who is not their mentor."""
    return make_user("other_faculty", Role.FACULTY, program=program, kind=Kind.FACULTY)


@pytest.fixture
def other_director(make_user, other_program):
    return make_user("other_director", Role.DIRECTOR, program=other_program, kind=Kind.DIRECTOR)


@pytest.fixture
def mentorship(director, program, resident, faculty):
    """``faculty`` mentors ``resident``, assigned by ``director``."""
    return assign_mentor(director=director, program=program, resident=resident, mentor=faculty)


@pytest.fixture
def publication(resident):
    return add_activity(
        owner=resident,
        kind="publications",
        values=dict(
            title="Port outcomes",
            journal="JVIR",
            year=2025,
            date=dt.date(2025, 9, 1),
            authors="Resident R, Faculty F",
            pmid="12345678",
            status="accepted",
        ),
    )


@pytest.fixture
def other_publication(other_resident):
    return add_activity(
        owner=other_resident,
        kind="publications",
        values=dict(
            title="Other program's paper",
            journal="CVIR",
            year=2025,
            authors="Other O",
            status="published",
        ),
    )


@pytest.fixture
def note(mentorship, faculty):
    return add_note(
        author=faculty, mentorship=mentorship, date=dt.date(2025, 10, 1), notes="Abstract plan."
    )
