"""Nobody reads or changes a case they may not see, through the web or the API.

A trainee sees their own cases; faculty only cases naming them; a director
their program's residents' cases (read-only); an outsider none.
"""

import json

import pytest
from django.utils import timezone

from seldinger.accounts.models import Role
from seldinger.caselog import selectors, services
from seldinger.caselog.entries import validate_case
from seldinger.caselog.models import CaseEntry

pytestmark = pytest.mark.django_db

API = "/api/caselog/cases"
EDIT = {"procedure": "tace", "date": "2026-01-06", "role": "observer", "modality": "ct"}


def log(trainee, supervisor=None, procedure="picc"):
    raw = {
        "date": "2026-01-05",
        "procedure": procedure,
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


@pytest.fixture
def residents_case(resident, faculty):
    return log(resident, faculty)


@pytest.fixture
def other_faculty(make_user, other_program):
    return make_user("other_faculty", Role.FACULTY, program=other_program, kind="faculty")


@pytest.fixture
def other_director(make_user, other_program):
    return make_user("other_director", Role.DIRECTOR, program=other_program, kind="director")


def assert_unchanged(case):
    fresh = CaseEntry.objects.get(pk=case.pk)
    assert (fresh.procedure_key, fresh.role, fresh.status) == (
        case.procedure_key,
        case.role,
        case.status,
    )


def test_other_resident_cannot_read_or_change_the_case_on_the_web(
    client, other_resident, residents_case
):
    client.force_login(other_resident)
    pk = residents_case.pk
    assert client.get(f"/cases/{pk}/").status_code == 404
    assert client.get(f"/cases/{pk}/edit/").status_code == 404
    assert client.post(f"/cases/{pk}/edit/", EDIT).status_code == 404
    assert client.get(f"/cases/{pk}/delete/").status_code == 404
    assert client.post(f"/cases/{pk}/delete/").status_code == 404
    assert client.post(f"/cases/{pk}/verify/").status_code == 404
    assert client.post(f"/cases/{pk}/return/", {"comment": "x"}).status_code == 404
    assert client.get("/cases/trainee/resident/").status_code == 404
    mine = client.get("/cases/mine/")
    assert mine.context["page"].paginator.count == 0
    assert_unchanged(residents_case)


def test_other_resident_cannot_read_or_change_the_case_through_the_api(
    api_login, other_resident, residents_case
):
    client = api_login(other_resident)
    pk = residents_case.pk
    body = json.dumps({**EDIT, "date": "2026-01-06"})
    assert client.get(API).json()["items"] == []
    assert client.get(API, {"trainee": "resident"}).status_code == 404
    assert client.get(f"{API}/{pk}").status_code == 404
    assert client.put(f"{API}/{pk}", body, content_type="application/json").status_code == 404
    assert client.delete(f"{API}/{pk}").status_code == 404
    verify = client.post(
        f"{API}/verify", json.dumps({"case_ids": [pk]}), content_type="application/json"
    )
    assert verify.json() == {"verified": 0}
    returned = client.post(
        f"{API}/{pk}/return", json.dumps({"comment": "x"}), content_type="application/json"
    )
    assert returned.status_code == 404
    assert_unchanged(residents_case)


def test_faculty_cannot_see_cases_not_naming_them(
    client, api_login, resident, faculty, residents_case
):
    unsupervised = log(resident)
    client.force_login(faculty)
    api_login(faculty)  # the API calls by token in the token run
    assert client.get(f"/cases/{residents_case.pk}/").status_code == 200
    assert client.get(f"/cases/{unsupervised.pk}/").status_code == 404
    assert client.get(f"{API}/{unsupervised.pk}").status_code == 404
    assert client.post(f"/cases/{unsupervised.pk}/verify/").status_code == 404
    # Faculty may not browse a resident's whole log, nor change a case they supervise.
    assert client.get("/cases/trainee/resident/").status_code == 404
    assert client.get(API, {"trainee": "resident"}).status_code == 404
    assert client.post(f"/cases/{residents_case.pk}/edit/", EDIT).status_code == 404
    assert client.delete(f"{API}/{residents_case.pk}").status_code == 404
    assert_unchanged(residents_case)


def test_faculty_of_another_program_sees_nothing(client, other_faculty, residents_case):
    client.force_login(other_faculty)
    assert client.get(f"/cases/{residents_case.pk}/").status_code == 404
    assert client.get("/cases/verify/").context["rows"] == []
    assert client.get("/api/caselog/verification-queue").json()["items"] == []


def test_director_sees_own_programs_residents_read_only(
    client, api_login, director, resident, other_resident, faculty, residents_case
):
    others_case = log(other_resident)
    client.force_login(director)
    api_login(director)  # the API calls by token in the token run
    page = client.get("/cases/trainee/resident/")
    assert page.status_code == 200
    html = page.content.decode()
    assert [row.pk for row in page.context["rows"]] == [residents_case.pk]
    assert "Read-only" in html and "/edit/" not in html
    detail = client.get(f"/cases/{residents_case.pk}/").content.decode()
    assert "Edit case" not in detail and "Delete case" not in detail and "History" in detail
    assert client.post(f"/cases/{residents_case.pk}/edit/", EDIT).status_code == 404
    assert client.post(f"/cases/{residents_case.pk}/delete/").status_code == 404
    assert client.post(f"/cases/{residents_case.pk}/return/", {"comment": "x"}).status_code == 403
    # Not the other program's resident.
    assert client.get("/cases/trainee/other_resident/").status_code == 404
    assert client.get(f"/cases/{others_case.pk}/").status_code == 404
    assert client.get(API, {"trainee": "other_resident"}).status_code == 404
    assert client.get(f"{API}/{others_case.pk}").status_code == 404
    assert_unchanged(residents_case)


def test_other_programs_director_sees_only_their_resident(
    client, other_director, other_resident, residents_case
):
    others_case = log(other_resident)
    client.force_login(other_director)
    assert client.get("/cases/trainee/resident/").status_code == 404
    assert client.get(f"/cases/{residents_case.pk}/").status_code == 404
    listed = client.get(API, {"trainee": "other_resident"}).json()["items"]
    assert [item["id"] for item in listed] == [others_case.pk]


@pytest.mark.parametrize("persona", ["outsider", "student", "coordinator_elsewhere"])
def test_outsiders_see_no_cases(client, api_login, request, persona, residents_case, make_user):
    if persona == "coordinator_elsewhere":
        user = make_user("lonely_coordinator", Role.COORDINATOR)
    else:
        user = request.getfixturevalue(persona)
    client.force_login(user)
    api_login(user)  # the API calls by token in the token run
    pk = residents_case.pk
    assert client.get(f"/cases/{pk}/").status_code == 404
    assert client.get("/cases/trainee/resident/").status_code == 404
    assert client.get(f"{API}/{pk}").status_code == 404
    assert client.get(API, {"trainee": "resident"}).status_code == 404
    assert client.get(API).json()["items"] == []
    assert client.get("/api/caselog/verification-queue").json()["items"] == []
    assert client.get("/cases/verify/").context["rows"] == []
    assert client.delete(f"{API}/{pk}").status_code == 404
    assert_unchanged(residents_case)


def test_admin_sees_every_case_but_cannot_change_it(client, admin_user, residents_case):
    client.force_login(admin_user)
    assert client.get(f"/cases/{residents_case.pk}/").status_code == 200
    assert client.get("/cases/trainee/resident/").status_code == 200
    assert client.post(f"/cases/{residents_case.pk}/edit/", EDIT).status_code == 404
    assert_unchanged(residents_case)


def test_anonymous_users_are_sent_to_log_in(client, residents_case):
    for url in ("/cases/", "/cases/mine/", f"/cases/{residents_case.pk}/", "/cases/verify/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get(f"{API}/{residents_case.pk}").status_code == 401
