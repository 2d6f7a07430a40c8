"""Who may see whom, through each app's web pages and API (``accounts.selectors`` decides).

Directors and coordinators see their program's current trainees only: once a
trainee's membership has ended, their records are no longer the program
leaders' to see or to import into. Faculty see only the records that name them.
"""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from seldinger.accounts.membership import ProgramMembership
from seldinger.caselog import selectors, services
from seldinger.caselog.entries import validate_case
from seldinger.caselog.models import CaseEntry

pytestmark = pytest.mark.django_db

CASES = "/api/caselog/cases"


def log(trainee, supervisor=None):
    raw = {
        "date": "2026-01-05",
        "procedure": "picc",
        "role": "primary",
        "supervisor": supervisor.username if supervisor else "",
        "modality": "fluoroscopy",
    }
    data, errors = validate_case(
        raw,
        catalogue=selectors.catalogue(),
        supervisors=set(selectors.supervisors_for(trainee).values_list("username", flat=True)),
        today=timezone.localdate(),
    )
    assert not errors, errors
    return services.log_case(trainee=trainee, data=data)


def end_membership(trainee):
    """The trainee graduated yesterday."""
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    ProgramMembership.objects.filter(user=trainee, kind=ProgramMembership.Kind.TRAINEE).update(
        end_date=yesterday
    )


def test_faculty_see_the_case_they_supervised_not_another_of_the_same_trainee(
    client, faculty, resident
):
    supervised = log(resident, faculty)
    unsupervised = log(resident)
    client.force_login(faculty)

    assert client.get(f"/cases/{supervised.pk}/").status_code == 200
    assert client.get(f"{CASES}/{supervised.pk}").status_code == 200
    assert client.get(f"/cases/{unsupervised.pk}/").status_code == 404
    assert client.get(f"{CASES}/{unsupervised.pk}").status_code == 404
    assert client.get("/cases/trainee/resident/").status_code == 404
    assert client.get(CASES, {"trainee": "resident"}).status_code == 404


def test_faculty_see_no_resident_they_neither_evaluate_nor_mentor(client, faculty, resident):
    client.force_login(faculty)

    assert client.get("/api/milestones/residents").json()["items"] == []
    assert client.get(f"/milestones/residents/{resident.pk}/").status_code == 404
    assert client.get("/api/scholarship/residents").json()["items"] == []
    assert client.get(f"/scholarship/residents/{resident.pk}/").status_code == 404


@pytest.mark.parametrize("persona", ["director", "coordinator"])
def test_a_trainee_whose_membership_ended_leaves_the_leaders_case_log_views(
    client, request, persona, resident
):
    case = log(resident)
    client.force_login(request.getfixturevalue(persona))
    urls = [
        "/cases/trainee/resident/",
        f"/cases/{case.pk}/",
        "/cases/progress/resident/",
        f"{CASES}/{case.pk}",
        "/api/caselog/progress/resident",
    ]
    assert [client.get(url).status_code for url in urls] == [200] * len(urls)
    assert client.get(CASES, {"trainee": "resident"}).status_code == 200
    assert resident in client.get("/cases/verify/").context["led_trainees"]

    end_membership(resident)

    assert [client.get(url).status_code for url in urls] == [404] * len(urls)
    assert client.get(CASES, {"trainee": "resident"}).status_code == 404
    assert resident not in client.get("/cases/verify/").context["led_trainees"]


def csv_upload():
    text = "date,procedure,role,modality\n2026-01-05,picc,primary,fluoroscopy\n"
    return SimpleUploadedFile("cases.csv", io.BytesIO(text.encode()).read(), "text/csv")


def test_a_director_no_longer_imports_into_the_log_of_a_trainee_who_left(
    client, director, resident
):
    client.force_login(director)
    assert '<option value="resident"' in client.get("/cases/import/").content.decode()
    end_membership(resident)

    assert '<option value="resident"' not in client.get("/cases/import/").content.decode()
    api = client.post("/api/caselog/import", {"file": csv_upload(), "trainee": "resident"})
    assert api.status_code == 404
    assert not CaseEntry.objects.filter(trainee=resident).exists()


@pytest.mark.parametrize("persona", ["director", "coordinator"])
def test_a_trainee_whose_membership_ended_leaves_the_hours_report(
    client, request, persona, resident
):
    client.force_login(request.getfixturevalue(persona))
    assert resident in client.get("/hours/violations/").context["residents"]
    assert client.get("/api/workhours/violations", {"resident": "resident"}).status_code == 200

    end_membership(resident)

    assert resident not in client.get("/hours/violations/").context["residents"]
    assert client.get("/api/workhours/violations", {"resident": "resident"}).status_code == 404


@pytest.mark.parametrize("persona", ["director", "coordinator"])
def test_a_trainee_whose_membership_ended_leaves_the_milestones_and_scholarship_pages(
    client, request, persona, resident
):
    client.force_login(request.getfixturevalue(persona))
    urls = [f"/milestones/residents/{resident.pk}/", f"/scholarship/residents/{resident.pk}/"]
    assert [client.get(url).status_code for url in urls] == [200, 200]
    assert [p["id"] for p in client.get("/api/milestones/residents").json()["items"]] == [
        resident.pk
    ]
    assert [p["id"] for p in client.get("/api/scholarship/residents").json()["items"]] == [
        resident.pk
    ]

    end_membership(resident)

    assert [client.get(url).status_code for url in urls] == [404, 404]
    assert client.get("/api/milestones/residents").json()["items"] == []
    assert client.get("/api/scholarship/residents").json()["items"] == []
