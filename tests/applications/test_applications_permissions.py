"""Nobody reads or changes another applicant's applications or rank order list, through
the web or the API: the answer is 404, as if it did not exist."""

import pytest

from seldinger.applications import selectors, services
from seldinger.applications.models import Application, RankOrderList

pytestmark = pytest.mark.django_db

MATCH_YEAR = 2027


@pytest.fixture
def students_records(student, ir, prelim):
    application = services.create_application(
        applicant=student, program=ir, status="applied", notes="secret note"
    )
    rank_list = services.replace_rank_list(
        applicant=student,
        match_year=MATCH_YEAR,
        tracks=[f"{ir.acgme_id}:advanced", f"{ir.acgme_id}:categorical"],
        supplemental={f"{ir.acgme_id}:advanced": [f"{prelim.acgme_id}:preliminary"]},
    )
    entry = rank_list.entries.first()
    return application, rank_list, entry, entry.supplemental.first()


def snapshot(student):
    application = Application.objects.get(applicant=student)
    return (application.status, application.notes, RankOrderList.objects.get().as_record())


def test_another_student_gets_404_on_the_web(client, student, student2, students_records):
    application, _, entry, item = students_records
    before = snapshot(student)
    client.force_login(student2)
    pk = application.pk
    assert client.get(f"/applications/{pk}/").status_code == 404
    assert client.post(f"/applications/{pk}/", {"status": "withdrawn"}).status_code == 404
    assert client.get(f"/applications/{pk}/delete/").status_code == 404
    assert client.post(f"/applications/{pk}/delete/").status_code == 404
    assert (
        client.post(f"/applications/rank-list/{entry.pk}/move/", {"direction": "down"}).status_code
        == 404
    )
    assert client.post(f"/applications/rank-list/{entry.pk}/remove/").status_code == 404
    assert (
        client.post(
            f"/applications/rank-list/{entry.pk}/supplemental/order/", {"order": [item.pk]}
        ).status_code
        == 404
    )
    assert (
        client.post(
            f"/applications/rank-list/supplemental/{item.pk}/move/", {"direction": "up"}
        ).status_code
        == 404
    )
    assert client.post(f"/applications/rank-list/supplemental/{item.pk}/remove/").status_code == 404
    # Their own pages show nothing of the other student's.
    tracker = client.get("/applications/").content.decode()
    assert "secret note" not in tracker and "No programs tracked yet" in tracker
    assert "Your list is empty" in client.get("/applications/rank-list/").content.decode()
    # Reordering "their" list with someone else's entry ids changes nothing.
    response = client.post("/applications/rank-list/order/", {"order": [entry.pk]})
    assert response.status_code == 400
    assert response.json() == {"detail": "Your list is empty.", "errors": []}
    assert snapshot(student) == before


def test_another_student_gets_404_through_the_api(api_login, student, student2, students_records):
    application, *_ = students_records
    before = snapshot(student)
    client = api_login(student2)
    url = f"/api/applications/{application.pk}"
    assert client.get(url).status_code == 404
    assert (
        client.put(url, {"status": "withdrawn"}, content_type="application/json").status_code == 404
    )
    assert client.delete(url).status_code == 404
    assert client.get("/api/applications/").json()["items"] == []
    assert client.get("/api/applications/rank-list").json()["tracks"] == []
    assert snapshot(student) == before


@pytest.mark.parametrize("persona", ["director", "faculty", "outsider", "admin_user"])
def test_staff_and_others_do_not_see_a_students_records(
    client, request, persona, student, students_records
):
    application, _, entry, _ = students_records
    user = request.getfixturevalue(persona)
    client.force_login(user)
    assert client.get(f"/applications/{application.pk}/").status_code == 404
    assert (
        client.post(f"/applications/rank-list/{entry.pk}/move/", {"direction": "down"}).status_code
        == 404
    )


@pytest.mark.parametrize("persona", ["director", "faculty", "outsider", "admin_user"])
def test_staff_and_others_do_not_see_a_students_records_through_the_api(
    api_login, request, persona, students_records
):
    application, *_ = students_records
    client = api_login(request.getfixturevalue(persona))
    assert client.get(f"/api/applications/{application.pk}").status_code == 404


def test_the_director_sees_only_that_a_student_applied_never_the_notes(
    client, director, students_records
):
    client.force_login(director)
    page = client.get(
        f"/applications/programs/{students_records[0].program.acgme_id}/advanced/"
    ).content.decode()
    assert "student" in page and "secret note" not in page
    assert selectors.candidates_for(students_records[0].program).count() == 1


def test_the_director_reads_no_notes_through_the_api(api_login, director, students_records):
    client = api_login(director)
    body = client.get(
        f"/api/applications/programs/{students_records[0].program.acgme_id}/advanced/rank-list"
    ).json()
    assert body["candidates"] == ["student"]
    assert "notes" not in str(body)
