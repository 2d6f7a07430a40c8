"""The progress dashboard on the web and the progress API: what it shows, and to whom."""

import datetime as dt
import json
import re

import pytest
from django.utils import timezone

from seldinger.accounts.membership import ProgramMembership
from seldinger.accounts.models import Role
from seldinger.caselog.models import CaseEntry, CaseRequirement

pytestmark = pytest.mark.django_db

MINE = "/cases/progress/"
THEIRS = "/cases/progress/resident/"


def add_cases(trainee, day, count, *, category="embolization", procedure="tace", role="primary"):
    CaseEntry.objects.bulk_create(
        CaseEntry(
            trainee=trainee,
            performed_on=day,
            procedure_key=procedure,
            category_key=category,
            role=role,
            modality="fluoroscopy",
            fluoro_minutes=3,
            dap_gycm2=10,
            fingerprint=f"{trainee.pk}-{day}-{index}",
        )
        for index in range(count)
    )


@pytest.fixture
def logged(resident, program):
    today = timezone.localdate()
    ProgramMembership.objects.filter(user=resident, program=program).update(
        start_date=today - dt.timedelta(days=400),
        end_date=today + dt.timedelta(days=400),
        esir=True,
    )
    add_cases(resident, today - dt.timedelta(days=100), 12)
    add_cases(
        resident, today - dt.timedelta(days=30), 4, category="venous-access", procedure="picc"
    )
    CaseRequirement.objects.create(
        program=program, name="Embolization (primary)", category_key="embolization",
        roles="primary", minimum=10,
    )  # fmt: skip
    return resident


def test_resident_sees_their_dashboard(client, logged):
    client.force_login(logged)

    response = client.get(MINE)
    html = response.content.decode()

    assert response.status_code == 200
    assert re.search(r'<span class="figure" id="total-cases" data-total-cases="16">16</span>', html)
    assert "Total cases" in html
    assert 'data-requirement="esir-procedures"' in html
    assert "ESIR image-guided procedures" in html
    assert 'data-status="met"' in html  # embolization (primary): 12 of 10
    assert "ESIR rotations" in html and "published schedules (the rotations table below)" in html
    assert "at least 8 IR rotations, 1 ICU rotation and up to 3 IR-related rotations" in html
    assert "How the projection works" in html
    for canvas in ("cumulative-chart", "category-chart", "skill-chart", "dose-chart"):
        assert f'id="{canvas}"' in html
    assert "vendor/chartjs/chart.umd.min.js" in html and "caselog/dashboard.js" in html
    charts = json.loads(
        re.search(
            r'<script id="dashboard-data" type="application/json">(.*?)</script>', html, re.S
        ).group(1)
    )
    assert charts["headline"]["key"] == "esir-procedures"
    assert charts["headline"]["required"] == 500
    assert max(value for value in charts["total"] if value is not None) == 16
    assert sum(charts["categories"]["values"]) == 16
    assert sum(charts["skill"]["series"]["advanced"]) == 12
    assert sum(charts["skill"]["series"]["basic"]) == 4
    assert sum(charts["dose"]["fluoro_minutes"]) == 48


def test_the_total_follows_a_newly_logged_case(client, logged):
    client.force_login(logged)
    add_cases(logged, timezone.localdate(), 1, category="venous-access", procedure="picc")

    html = client.get(MINE).content.decode()

    assert 'id="total-cases" data-total-cases="17">17<' in html


def test_a_trainee_with_no_dates_or_requirements(client, resident):
    client.force_login(resident)

    html = client.get(MINE).content.decode()

    assert 'data-total-cases="0"' in html
    assert 'id="no-requirements"' in html
    assert "No expected graduation date is recorded" in html


def test_director_of_the_program_sees_the_residents_dashboard(client, director, logged):
    client.force_login(director)

    response = client.get(THEIRS)

    assert response.status_code == 200
    assert 'data-total-cases="16"' in response.content.decode()
    assert client.get("/api/caselog/progress/resident").json()["total_cases"] == 16


@pytest.mark.parametrize("viewer", ["other_resident", "faculty", "outsider", "student"])
def test_others_cannot_see_someones_progress(client, request, logged, viewer):
    client.force_login(request.getfixturevalue(viewer))

    assert client.get(THEIRS).status_code == 404
    assert client.get("/api/caselog/progress/resident").status_code == 404


def test_another_programs_director_cannot_see_it(client, make_user, other_program, logged):
    client.force_login(
        make_user(
            "rival", Role.DIRECTOR, program=other_program, kind=ProgramMembership.Kind.DIRECTOR
        )
    )

    assert client.get(THEIRS).status_code == 404
    assert client.get("/api/caselog/progress/resident").status_code == 404


def test_unknown_trainee_is_a_404(client, director):
    client.force_login(director)

    assert client.get("/cases/progress/nobody/").status_code == 404
    assert client.get("/api/caselog/progress/nobody").status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, logged):
    response = client.get(MINE)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get(THEIRS).status_code == 302
    assert client.get("/api/caselog/progress").status_code == 401
    assert client.get("/api/caselog/progress/resident").status_code == 401


def test_api_me_returns_my_own_progress(client, other_resident, logged):
    add_cases(other_resident, timezone.localdate(), 3)
    client.force_login(other_resident)

    data = client.get("/api/caselog/progress").json()

    assert (data["trainee"], data["total_cases"]) == ("other_resident", 3)


def test_navigation_shows_progress_to_residents(client, logged):
    client.force_login(logged)

    labels = [item["label"] for item in client.get(MINE).context["nav_items"]]

    assert "Progress" in labels and "Cohort" not in labels


def test_a_new_esir_trainee_with_no_cases_yet(client, resident, program):
    today = timezone.localdate()
    ProgramMembership.objects.filter(user=resident, program=program).update(
        start_date=today, end_date=today + dt.timedelta(days=365 * 4), esir=True
    )
    client.force_login(resident)

    response = client.get(MINE)
    html = response.content.decode()

    assert response.status_code == 200
    assert 'data-total-cases="0"' in html
    assert 'data-requirement="esir-procedures" data-status="shortfall"' in html
    charts = response.context["chart_data"]
    assert charts["months"][0] == f"{today:%Y-%m}" and len(charts["months"]) >= 48
    assert charts["total"][0] == 0
