"""The director's cohort view (web and API): who is in it, who is behind, and who may see it."""

import datetime as dt
import re

import pytest

from seldinger.accounts.membership import ProgramMembership
from seldinger.accounts.models import Role
from seldinger.caselog.models import CaseEntry, CaseRequirement

pytestmark = pytest.mark.django_db

Kind = ProgramMembership.Kind
AS_OF = "2025-06-30"
COHORT = "/cases/cohort/"
API = "/api/caselog/cohort"


def add_cases(trainee, day, count):
    CaseEntry.objects.bulk_create(
        CaseEntry(
            trainee=trainee,
            performed_on=day,
            procedure_key="tace",
            category_key="embolization",
            role="primary",
            modality="fluoroscopy",
            fingerprint=f"{trainee.pk}-{day}-{index}",
        )
        for index in range(count)
    )


@pytest.fixture
def cohort_setup(resident, other_resident, program, make_user):
    """Program: resident (on track), slow (behind), graduated (gone); other_resident elsewhere."""
    dates = {"start_date": dt.date(2024, 7, 1), "end_date": dt.date(2026, 6, 30)}
    ProgramMembership.objects.filter(user=resident).update(**dates)
    slow = make_user("slow", Role.RESIDENT, program=program, kind=Kind.TRAINEE)
    ProgramMembership.objects.filter(user=slow).update(**dates)
    graduated = make_user("graduated", Role.RESIDENT, program=program, kind=Kind.TRAINEE)
    ProgramMembership.objects.filter(user=graduated).update(
        start_date=dt.date(2020, 7, 1), end_date=dt.date(2024, 6, 30)
    )
    CaseRequirement.objects.create(program=program, name="Embolization", minimum=40)
    add_cases(resident, dt.date(2025, 1, 10), 30)  # 30 in 365 days -> 60 projected
    add_cases(slow, dt.date(2025, 1, 10), 5)  # -> 10 projected: behind
    add_cases(other_resident, dt.date(2025, 1, 10), 7)
    return {"slow": slow, "graduated": graduated}


def test_director_sees_only_their_programs_residents_and_who_is_behind(
    client, director, cohort_setup
):
    client.force_login(director)

    response = client.get(COHORT, {"as_of": AS_OF})
    html = response.content.decode()

    assert response.status_code == 200
    rows = dict(re.findall(r'<tr data-trainee="([^"]+)" data-behind="(true|false)"', html))
    assert rows == {"resident": "false", "slow": "true"}
    assert "other_resident" not in html and "graduated" not in html
    assert '<strong id="cohort-behind">1</strong>' in html
    assert "⚠ Behind" in html
    slow_row = re.search(r'<tr data-trainee="slow".*?</tr>', html, re.S).group(0)
    assert "5 / 40" in slow_row and "short by 30" in slow_row

    data = client.get(API, {"as_of": AS_OF}).json()
    assert data["as_of"] == AS_OF and data["behind"] == 1
    by_trainee = {row["trainee"]: row for row in data["residents"]}
    assert set(by_trainee) == {"resident", "slow"}
    assert by_trainee["slow"]["behind"] is True
    assert by_trainee["slow"]["total_cases"] == 5
    (requirement,) = by_trainee["slow"]["requirements"]
    assert (requirement["done"], requirement["required"]) == (5, 40)
    assert (requirement["projected_at_graduation"], requirement["status"]) == (10, "shortfall")
    assert by_trainee["resident"]["requirements"][0]["projected_at_graduation"] == 60


def test_coordinator_sees_the_cohort_too(client, coordinator, cohort_setup):
    client.force_login(coordinator)

    assert client.get(COHORT, {"as_of": AS_OF}).status_code == 200
    residents = client.get(API, {"as_of": AS_OF}).json()["residents"]
    assert {row["trainee"] for row in residents} == {"resident", "slow"}


def test_other_programs_director_sees_only_theirs(client, make_user, other_program, cohort_setup):
    client.force_login(make_user("rival", Role.DIRECTOR, program=other_program, kind=Kind.DIRECTOR))

    residents = client.get(API, {"as_of": AS_OF}).json()["residents"]

    assert [row["trainee"] for row in residents] == ["other_resident"]
    assert "slow" not in client.get(COHORT, {"as_of": AS_OF}).content.decode()


@pytest.mark.parametrize("viewer", ["faculty", "resident", "student", "outsider"])
def test_faculty_and_others_cannot_see_the_cohort(client, request, cohort_setup, viewer):
    client.force_login(request.getfixturevalue(viewer))

    assert client.get(COHORT).status_code == 403
    assert client.get(API).status_code == 403


def test_anonymous_cannot_see_the_cohort(client, cohort_setup):
    assert client.get(COHORT).status_code == 302
    assert client.get(API).status_code == 401


def test_navigation_shows_cohort_to_directors(client, director):
    client.force_login(director)

    labels = [item["label"] for item in client.get(COHORT).context["nav_items"]]

    assert "Cohort" in labels and "Progress" not in labels
