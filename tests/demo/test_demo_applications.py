"""``seldinger demo`` gives the student a tracker and a rank list, and adds student2."""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from seldinger.accounts.models import User
from seldinger.applications import selectors
from seldinger.applications.models import Couple, ProgramRankOrderList
from seldinger.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

#: A day in the 2027 Main Residency Match season.
SEASON_DAY = dt.datetime(2026, 12, 1, 12, 0)


@pytest.fixture(autouse=True)
def _in_season(time_machine):
    time_machine.move_to(SEASON_DAY, tick=False)
    selectors.season.cache_clear()
    yield
    selectors.season.cache_clear()


def run_demo():
    call_command("demo", "--format", "json", stdout=io.StringIO())


def test_demo_student_has_applications_and_a_rank_list():
    run_demo()
    student = User.objects.get(username="student")
    student2 = User.objects.get(username="student2")
    assert student2.role == "student"
    year = selectors.profile_of(student).match_year
    assert year == 2027  # Dec 1, 2026 (SEASON_DAY)
    assert selectors.available_tracks()
    statuses = selectors.applications_of(student).values_list("status", flat=True)
    assert sorted(statuses) == ["applied", "interested", "interview_invited", "interviewed"]
    rank_list = selectors.rank_list_of(student, year)
    assert rank_list is not None and len(rank_list.as_record()["tracks"]) == 3
    assert all(track.startswith("DEMO-") for track in rank_list.as_record()["tracks"])
    assert Couple.objects.filter(first=student2, second=student, status="pending").exists()
    director_lists = ProgramRankOrderList.objects.filter(program__acgme_id="DEMO-0001")
    assert [lst.as_record()["applicants"] for lst in director_lists] == [["student", "student2"]]


def test_demo_applications_are_added_once():
    run_demo()
    before = (AuditEntry.objects.count(), User.objects.count())
    run_demo()
    assert (AuditEntry.objects.count(), User.objects.count()) == before
