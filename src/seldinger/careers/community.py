"""Who an event is for (pure: no Django).

Audiences are persona keys. A user's personas come from their role and,
for residents, their trainee memberships: a resident counts as
*graduating* (the PGY-6/7 audience of the IR Residency Spring Practicum)
when a trainee membership's expected end date falls within the next 12
months (today up to and including today + 365 days). The role alone cannot
say which PGY year someone is in, so without an end date a resident is not
graduating.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

STUDENTS = "students"
RESIDENTS = "residents"
GRADUATING = "graduating"
FACULTY = "faculty"
DIRECTORS = "directors"
DIPLOMATES = "diplomates"

AUDIENCES: tuple[tuple[str, str], ...] = (
    (STUDENTS, "Medical students / applicants"),
    (RESIDENTS, "Residents and fellows"),
    (GRADUATING, "Graduating residents (PGY-6/7)"),
    (FACULTY, "Faculty"),
    (DIRECTORS, "Program directors and coordinators"),
    (DIPLOMATES, "Diplomates (practising IRs)"),
)
AUDIENCE_LABELS = dict(AUDIENCES)
GRADUATING_WINDOW = dt.timedelta(days=365)

ROLE_PERSONAS: dict[str, frozenset[str]] = {
    "student": frozenset({STUDENTS}),
    "resident": frozenset({RESIDENTS}),
    "faculty": frozenset({FACULTY}),
    "director": frozenset({DIRECTORS}),
    "coordinator": frozenset({DIRECTORS}),
    "diplomate": frozenset({DIPLOMATES}),
}


def is_graduating(trainee_end_dates: Iterable[dt.date | None], today: dt.date) -> bool:
    return any(
        end is not None and today <= end <= today + GRADUATING_WINDOW for end in trainee_end_dates
    )


def personas_for(
    role: str, trainee_end_dates: Iterable[dt.date | None], today: dt.date
) -> frozenset[str]:
    """The audiences a user belongs to; empty for roles with no audience (admin, employer)."""
    personas = set(ROLE_PERSONAS.get(role, frozenset()))
    if role == "resident" and is_graduating(trainee_end_dates, today):
        personas.add(GRADUATING)
    return frozenset(personas)


def is_for(audiences: Iterable[str], personas: frozenset[str]) -> bool:
    """An event is for a user when its audiences and their personas meet."""
    return bool(set(audiences) & personas)
