"""A program's records on both sides of the academic year 2024-25 (July 1, 2024 to June 30,
2025), for the director's reports: cases, shifts with violations (one justified), milestone
evaluations and scholarly activity; and another program's resident, who must never appear."""

import datetime as dt

import pytest
from django.utils import timezone

from seldinger.accounts.membership import ProgramMembership
from seldinger.accounts.models import Role
from seldinger.caselog.models import CaseEntry, CaseRequirement
from seldinger.milestones.selectors import milestone_set
from seldinger.milestones.services import save_evaluation
from seldinger.scholarship.services import add_activity
from seldinger.workhours import selectors as hours
from seldinger.workhours import services as shifts

Kind = ProgramMembership.Kind


def publication(owner, title, journal, day, status, authors):
    """A paper of ``owner``'s, published (or accepted) in the year of ``day``."""
    add_activity(
        owner=owner,
        kind="publications",
        values=dict(
            title=title,
            journal=journal,
            year=day.year,
            date=day,
            authors=authors,
            status=status,
        ),
    )


def add_cases(trainee, day, count, *, category="embolization", role="primary"):
    CaseEntry.objects.bulk_create(
        CaseEntry(
            trainee=trainee,
            performed_on=day,
            procedure_key="tace",
            category_key=category,
            role=role,
            modality="fluoroscopy",
            fingerprint=f"{trainee.pk}-{day}-{category}-{role}-{index}",
        )
        for index in range(count)
    )


def _moment(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def long_shift(resident, day: dt.date) -> None:
    """A 30-hour shift from 06:00: over 24 + 4 hours."""
    shifts.create_shift(
        resident=resident,
        start=_moment(day, 6),
        end=_moment(day, 6) + dt.timedelta(hours=30),
        kind="clinical",
    )


@pytest.fixture
def other_director(make_user, other_program):
    return make_user("other_director", Role.DIRECTOR, program=other_program, kind=Kind.DIRECTOR)


def _sheet(level: float) -> dict[str, object]:
    sheet: dict[str, object] = dict.fromkeys(milestone_set().subcompetency_keys(), level)
    sheet["pc5"] = level - 0.5
    return sheet


@pytest.fixture
def records(today, program, resident, other_resident, director):
    """The resident's records in 2024-25 and after it; the other program's resident's too."""
    CaseRequirement.objects.create(program=program, name="Embolization", minimum=40)
    add_cases(resident, dt.date(2024, 10, 1), 3)
    add_cases(resident, dt.date(2025, 2, 3), 2, category="venous-access", role="assistant")
    add_cases(resident, dt.date(2025, 8, 1), 4)  # the next academic year
    add_cases(other_resident, dt.date(2024, 10, 1), 7)

    long_shift(resident, dt.date(2024, 10, 7))
    long_shift(resident, dt.date(2024, 11, 4))
    long_shift(resident, dt.date(2025, 9, 1))  # the next academic year
    first = next(
        view
        for view in hours.violations_of(resident, rule="24+4")
        if view.start.date() == dt.date(2024, 10, 7)
    )
    shifts.justify_violation(
        resident=resident,
        rule="24+4",
        start=first.start,
        end=first.end,
        text="A patient handover ran long.",
    )
    long_shift(other_resident, dt.date(2024, 10, 7))

    save_evaluation(
        actor=director, resident=resident, period="2024-2", ratings=_sheet(3), submit=True
    )
    save_evaluation(
        actor=director, resident=resident, period="2025-1", ratings=_sheet(4), submit=True
    )

    publication(
        resident, "Embolization in 2024", "JVIR", dt.date(2024, 11, 1), "published", "Resident R"
    )
    publication(resident, "Port outcomes", "JVIR", dt.date(2025, 9, 1), "accepted", "Resident R")
    add_activity(
        owner=resident,
        kind="presentations",
        values=dict(
            title="Dose talk",
            meeting="other",
            meeting_other="Demo Society",
            date=dt.date(2025, 3, 1),
        ),
    )
    publication(
        other_resident,
        "Other program's paper",
        "CVIR",
        dt.date(2024, 12, 1),
        "published",
        "Other O",
    )
