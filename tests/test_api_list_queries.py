"""A page of fifty records costs the same queries as a page of ten: records are read with what
they show (names, the program, the posting) in the page's query, never one query per record.
(The case log's lists are in tests/caselog/test_api_case_pages.py.)"""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from seldinger.accounts.models import Role, User
from seldinger.applications.models import Application
from seldinger.careers.models import JobPosting, SavedJob
from seldinger.certification.models import CmeActivity
from seldinger.match.models import MatchRound
from seldinger.programs.models import Program
from seldinger.scholarship.models import MeetingNote, Mentorship
from seldinger.workhours.models import ShiftEntry

pytestmark = pytest.mark.django_db


def _programs(count, prefix):
    return Program.objects.bulk_create(
        Program(
            acgme_id=f"{prefix}-{number:04d}",
            name=f"Program {prefix} {number:04d}",
            kind=Program.Kind.INTEGRATED_IR,
            institution="Test Hospital",
            city="Testville",
            state="MN",
            is_synthetic=True,
        )
        for number in range(count)
    )


def shifts(count, people):
    start = timezone.make_aware(dt.datetime(2025, 1, 6, 7))
    ShiftEntry.objects.bulk_create(
        ShiftEntry(
            resident=people["resident"],
            start=start + dt.timedelta(days=number),
            end=start + dt.timedelta(days=number, hours=10),
        )
        for number in range(count)
    )
    return people["resident"], "/api/workhours/shifts"


def notes(count, people):
    mentorship = Mentorship.objects.create(
        program=people["program"],
        resident=people["resident"],
        mentor=people["faculty"],
        started_on=dt.date(2025, 7, 1),
    )
    MeetingNote.objects.bulk_create(
        MeetingNote(
            mentorship=mentorship,
            author=people["faculty"],
            date=dt.date(2025, 8, 1) + dt.timedelta(days=number),
            notes="Met.",
        )
        for number in range(count)
    )
    return people["director"], "/api/scholarship/notes"


def saved_jobs(count, people):
    employer = User.objects.create_user(username="employer", role=Role.EMPLOYER)
    postings = JobPosting.objects.bulk_create(
        JobPosting(
            employer=employer,
            title=f"IR {number}",
            organisation="Group",
            setting=JobPosting.Setting.ACADEMIC,
            city="Testville",
            state="MN",
            description="IR.",
            contact="jobs@example.invalid",
        )
        for number in range(count)
    )
    SavedJob.objects.bulk_create(SavedJob(owner=people["resident"], posting=p) for p in postings)
    return people["resident"], "/api/careers/saved"


def cme(count, people):
    CmeActivity.objects.bulk_create(
        CmeActivity(
            owner=people["outsider"],
            title=f"Course {number}",
            date=dt.date(2025, 1, 1) + dt.timedelta(days=number),
            credits=1,
        )
        for number in range(count)
    )
    return people["outsider"], "/api/certification/cme"


def rounds(count, people):
    MatchRound.objects.bulk_create(
        MatchRound(
            match_year=2026,
            run_by=people["director"],
            instance={"applicants": [{"id": "a"}, {"id": "b"}], "programs": [{"id": "p"}]},
        )
        for _ in range(count)
    )
    return people["admin_user"], "/api/match/rounds"


def applications(count, people):
    Application.objects.bulk_create(
        Application(applicant=people["student"], program=program)
        for program in _programs(count, "APP")
    )
    return people["student"], "/api/applications/"


def directory(count, people):
    _programs(count, "DIR")
    return None, "/api/programs/"


BUILDERS = [shifts, notes, saved_jobs, cme, rounds, applications, directory]


@pytest.fixture
def people(program, resident, faculty, director, outsider, student, admin_user):
    return {
        "program": program,
        "resident": resident,
        "faculty": faculty,
        "director": director,
        "outsider": outsider,
        "student": student,
        "admin_user": admin_user,
    }


def _queries(client, url, limit):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"limit": limit})
    assert response.status_code == 200, response.content
    assert len(response.json()["items"]) == limit
    return len(queries)


@pytest.mark.parametrize("build", BUILDERS, ids=[build.__name__ for build in BUILDERS])
def test_a_page_of_fifty_costs_the_queries_of_a_page_of_ten(client, people, build):
    viewer, url = build(60, people)
    if viewer is not None:
        client.force_login(viewer)
    assert _queries(client, url, 50) == _queries(client, url, 10)


def test_a_round_in_the_list_counts_its_applicants_and_programs(client, people):
    rounds(1, people)
    client.force_login(people["admin_user"])
    [listed] = client.get("/api/match/rounds").json()["items"]
    assert (listed["applicants"], listed["programs"], listed["run_by"]) == (2, 1, "director")
    assert listed["problems"] == []
