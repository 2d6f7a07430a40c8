"""Who sees and rates whose milestones, through the web and the API alike."""

import json

import pytest

from seldinger.accounts.models import Role
from seldinger.audit.models import AuditEntry
from seldinger.milestones.models import Evaluation, EvaluatorAssignment, SelfAssessment
from seldinger.milestones.services import save_evaluation, save_self_assessment

PERIOD = "2025-1"  # July-December 2025, before the `today` fixture (2026-03-02)

pytestmark = pytest.mark.django_db


def _messages(response):
    """The error body's message per field."""
    return {error["field"]: error["message"] for error in response.json()["errors"]}


def _post_json(client, url, body, method="post"):
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


def _web_form(sheet, action="submit", period=PERIOD):
    return {**{key: str(value) for key, value in sheet.items()}, "period": period, "action": action}


@pytest.fixture
def submitted(today, assigned, faculty, resident, full_sheet):
    return save_evaluation(
        actor=faculty, resident=resident, period=PERIOD, ratings=full_sheet, submit=True
    )


# ------------------------------------------------------------ residents


def test_a_resident_sees_their_own_submitted_evaluation(client, resident, submitted):
    client.force_login(resident)
    assert client.get(f"/milestones/evaluations/{submitted.pk}/").status_code == 200
    assert client.get(f"/api/milestones/evaluations/{submitted.pk}").status_code == 200
    page = client.get(f"/milestones/residents/{resident.pk}/")
    assert page.status_code == 200 and b"milestone-data" in page.content


def test_a_resident_does_not_see_a_draft_evaluation(client, today, assigned, faculty, resident):
    draft = save_evaluation(actor=faculty, resident=resident, period=PERIOD, ratings={"pc1": 2})
    client.force_login(resident)
    assert client.get(f"/milestones/evaluations/{draft.pk}/").status_code == 404
    assert client.get(f"/api/milestones/evaluations/{draft.pk}").status_code == 404
    assert client.get("/api/milestones/evaluations").json()["items"] == []


def test_a_resident_cannot_read_another_residents_evaluations(
    client, api_login, other_resident, resident, submitted
):
    client.force_login(other_resident)
    api_login(other_resident)  # the API calls by token in the token run
    assert client.get(f"/milestones/evaluations/{submitted.pk}/").status_code == 404
    assert client.get(f"/milestones/residents/{resident.pk}/").status_code == 404
    assert client.get(f"/api/milestones/evaluations/{submitted.pk}").status_code == 404
    assert client.get(f"/api/milestones/residents/{resident.pk}/summary").status_code == 404
    assert (
        client.get(f"/api/milestones/evaluations?resident_id={resident.pk}").json()["items"] == []
    )


def test_a_resident_cannot_rate_anyone(
    client, api_login, resident, other_resident, today, full_sheet
):
    client.force_login(resident)
    api_login(resident)  # the API calls by token in the token run
    assert client.get(f"/milestones/residents/{resident.pk}/evaluate/").status_code == 403
    body = {"resident_id": resident.pk, "period": PERIOD, "ratings": full_sheet}
    assert _post_json(client, "/api/milestones/evaluations", body).status_code == 403
    body["resident_id"] = other_resident.pk
    assert _post_json(client, "/api/milestones/evaluations", body).status_code == 404
    assert not Evaluation.objects.exists()


def test_self_assessment_is_own_and_hidden_from_others(
    client, resident, other_resident, faculty, director, today, assigned, full_sheet
):
    client.force_login(resident)
    response = client.post("/milestones/self-assessment/", _web_form(full_sheet))
    assert response.status_code == 302
    assessment = SelfAssessment.objects.get(resident=resident)
    assert assessment.is_submitted and assessment.ratings["ics3"] == "nya"
    assert client.get(f"/milestones/self-assessments/{assessment.pk}/").status_code == 200
    for user, expected in ((other_resident, 404), (faculty, 404), (director, 200)):
        client.force_login(user)
        url = f"/milestones/self-assessments/{assessment.pk}/"
        assert client.get(url).status_code == expected, user
        assert client.get(f"/api/milestones/self-assessments/{assessment.pk}").status_code == (
            expected
        )


def test_self_assessment_through_the_api(client, resident, today, full_sheet):
    client.force_login(resident)
    draft = {"period": PERIOD, "ratings": {"pc1": "2.5"}}
    response = _post_json(client, "/api/milestones/self-assessments", draft)
    assert response.status_code == 201 and response.json()["status"] == "draft"
    final = {"period": PERIOD, "ratings": full_sheet, "submit": True}
    response = _post_json(client, "/api/milestones/self-assessments", final)
    assert response.status_code == 201 and response.json()["ratings"]["pc5"] == 2.5
    again = _post_json(client, "/api/milestones/self-assessments", final)
    assert again.status_code == 400 and "final" in again.json()["detail"]


def test_only_trainees_write_self_assessments(client, faculty, today, full_sheet):
    client.force_login(faculty)
    assert client.get("/milestones/self-assessment/").status_code == 403
    body = {"period": PERIOD, "ratings": full_sheet}
    assert _post_json(client, "/api/milestones/self-assessments", body).status_code == 403


# ------------------------------------------------------------ faculty


def test_faculty_rate_only_assigned_residents(
    client, api_login, faculty, resident, today, full_sheet
):
    client.force_login(faculty)
    api_login(faculty)  # the API calls by token in the token run
    body = {"resident_id": resident.pk, "period": PERIOD, "ratings": full_sheet}
    assert client.get(f"/milestones/residents/{resident.pk}/evaluate/").status_code == 404
    form = _web_form(full_sheet)
    assert client.post(f"/milestones/residents/{resident.pk}/evaluate/", form).status_code == 404
    assert _post_json(client, "/api/milestones/evaluations", body).status_code == 404
    assert not Evaluation.objects.exists()


def test_assigned_faculty_rate_through_the_web(client, faculty, resident, assigned, full_sheet):
    client.force_login(faculty)
    url = f"/milestones/residents/{resident.pk}/evaluate/"
    assert client.get(url, {"period": PERIOD}).status_code == 200
    response = client.post(url, _web_form(full_sheet, action="save"))
    assert response.status_code == 302
    evaluation = Evaluation.objects.get()
    assert evaluation.kind == "faculty" and evaluation.status == "draft"
    assert evaluation.ratings["pc5"] == 2.5
    assert client.post(url, _web_form(full_sheet)).status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.is_submitted
    assert AuditEntry.objects.filter(record_type="milestones.Evaluation").count() == 2


def test_assigned_faculty_rate_through_the_api(client, faculty, resident, assigned, full_sheet):
    client.force_login(faculty)
    body = {"resident_id": resident.pk, "period": PERIOD, "ratings": {"pc1": 2}}
    created = _post_json(client, "/api/milestones/evaluations", body)
    assert created.status_code == 201 and created.json()["kind"] == "faculty"
    url = f"/api/milestones/evaluations/{created.json()['id']}"
    changed = _post_json(client, url, {"ratings": full_sheet, "submit": True}, method="put")
    assert changed.status_code == 200 and changed.json()["status"] == "submitted"
    again = _post_json(client, url, {"ratings": full_sheet}, method="put")
    assert again.status_code == 400


def test_faculty_lose_access_when_unassigned(client, faculty, resident, director, assigned):
    assigned.delete()
    client.force_login(faculty)
    assert client.get(f"/milestones/residents/{resident.pk}/").status_code == 404
    assert client.get("/api/milestones/residents").json()["items"] == []


def test_faculty_see_only_their_own_evaluations(
    client, make_user, program, faculty, resident, director, submitted, full_sheet
):
    from seldinger.accounts.membership import ProgramMembership

    colleague = make_user(
        "colleague", Role.FACULTY, program=program, kind=ProgramMembership.Kind.FACULTY
    )
    EvaluatorAssignment.objects.create(
        program=program, evaluator=colleague, resident=resident, assigned_by=director
    )
    client.force_login(colleague)
    assert client.get(f"/milestones/evaluations/{submitted.pk}/").status_code == 404
    assert client.get(f"/api/milestones/evaluations/{submitted.pk}").status_code == 404


# ------------------------------------------------------------ director / coordinator (CCC)


def test_the_director_rates_and_sees_their_programs_residents(
    client, director, resident, submitted, full_sheet
):
    client.force_login(director)
    assert client.get(f"/milestones/evaluations/{submitted.pk}/").status_code == 200
    body = {"resident_id": resident.pk, "period": PERIOD, "ratings": full_sheet, "submit": True}
    created = _post_json(client, "/api/milestones/evaluations", body)
    assert created.status_code == 201 and created.json()["kind"] == "ccc"
    summary = client.get(f"/api/milestones/residents/{resident.pk}/summary").json()
    pc5 = next(row for row in summary["subcompetencies"] if row["key"] == "pc5")
    assert pc5["points"] == [
        {
            "period": PERIOD,
            "ccc": 2.5,
            "faculty": 2.5,
            "faculty_count": 1,
            "self_assessment": None,
        }
    ]


def test_a_director_sees_only_their_program(
    client, api_login, director, other_resident, today, full_sheet, make_user, other_program
):
    from seldinger.accounts.membership import ProgramMembership

    other_director = make_user(
        "other_director",
        Role.DIRECTOR,
        program=other_program,
        kind=ProgramMembership.Kind.DIRECTOR,
    )
    theirs = save_evaluation(
        actor=other_director,
        resident=other_resident,
        period=PERIOD,
        ratings=full_sheet,
        submit=True,
    )
    mine = save_self_assessment(resident=other_resident, period=PERIOD, ratings={}, submit=False)
    client.force_login(director)
    api_login(director)  # the API calls by token in the token run
    assert client.get(f"/milestones/residents/{other_resident.pk}/").status_code == 404
    assert client.get(f"/milestones/evaluations/{theirs.pk}/").status_code == 404
    assert client.get(f"/api/milestones/evaluations/{theirs.pk}").status_code == 404
    assert client.get(f"/api/milestones/self-assessments/{mine.pk}").status_code == 404
    assert client.get("/api/milestones/evaluations").json()["items"] == []
    body = {"resident_id": other_resident.pk, "period": PERIOD, "ratings": full_sheet}
    assert _post_json(client, "/api/milestones/evaluations", body).status_code == 404
    assert client.get("/api/milestones/residents").json()["items"] == []


def test_the_coordinator_acts_as_ccc(client, coordinator, resident, today, full_sheet):
    client.force_login(coordinator)
    url = f"/milestones/residents/{resident.pk}/evaluate/"
    assert client.post(url, _web_form(full_sheet)).status_code == 302
    assert Evaluation.objects.get().kind == "ccc"


def test_outsiders_see_nothing(client, api_login, outsider, resident, submitted):
    client.force_login(outsider)
    api_login(outsider)  # the API calls by token in the token run
    assert client.get(f"/milestones/residents/{resident.pk}/").status_code == 404
    assert client.get(f"/api/milestones/evaluations/{submitted.pk}").status_code == 404
    assert client.get("/api/milestones/residents").json()["items"] == []


def test_the_api_needs_an_account(client):
    assert client.get("/api/milestones/residents").status_code == 401


# ------------------------------------------------------------ invalid levels


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0.7", "0.7 is outside the milestone levels"),
        ("6", "6 is outside the milestone levels"),
        ("4.25", "4.25 is not a whole or half level"),
    ],
)
def test_invalid_levels_are_rejected_on_the_web(
    client, faculty, resident, assigned, full_sheet, value, message
):
    client.force_login(faculty)
    form = _web_form({**full_sheet, "pc1": value})
    response = client.post(f"/milestones/residents/{resident.pk}/evaluate/", form)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Evaluation.objects.exists()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (0.7, "0.7 is outside the milestone levels"),
        (6, "6 is outside the milestone levels"),
        (4.25, "4.25 is not a whole or half level"),
    ],
)
def test_invalid_levels_are_rejected_by_the_api(
    client, resident, director, today, full_sheet, value, message
):
    client.force_login(director)
    body = {"resident_id": resident.pk, "period": PERIOD, "ratings": {**full_sheet, "pc1": value}}
    response = _post_json(client, "/api/milestones/evaluations", body)
    assert response.status_code == 400
    assert message in _messages(response)["pc1"]
    client.force_login(resident)
    response = _post_json(
        client, "/api/milestones/self-assessments", {"period": PERIOD, "ratings": {"pc1": value}}
    )
    assert response.status_code == 400 and message in response.json()["detail"]


def test_submitting_needs_every_subcompetency(client, director, resident, today):
    client.force_login(director)
    body = {"resident_id": resident.pk, "period": PERIOD, "ratings": {"pc1": 3}, "submit": True}
    response = _post_json(client, "/api/milestones/evaluations", body)
    assert response.status_code == 400 and "before submitting" in _messages(response)["mk1"]


def test_future_periods_are_refused(client, director, resident, today, full_sheet):
    client.force_login(director)
    body = {"resident_id": resident.pk, "period": "2026-1", "ratings": full_sheet}
    response = _post_json(client, "/api/milestones/evaluations", body)
    assert response.status_code == 400 and "has not started" in _messages(response)["period"]


# ------------------------------------------------------------ assignments


def test_the_director_assigns_faculty(client, director, faculty, resident, coordinator):
    client.force_login(director)
    assert client.get("/milestones/assignments/").status_code == 200
    response = client.post(
        "/milestones/assignments/", {"resident": resident.pk, "evaluator": faculty.pk}
    )
    assert response.status_code == 302
    assignment = EvaluatorAssignment.objects.get()
    assert (assignment.resident, assignment.evaluator) == (resident, faculty)
    assert [a["id"] for a in client.get("/api/milestones/assignments").json()["items"]] == [
        assignment.pk
    ]
    client.force_login(faculty)
    assert [r["id"] for r in client.get("/api/milestones/residents").json()["items"]] == [
        resident.pk
    ]
    assert [a["id"] for a in client.get("/api/milestones/assignments").json()["items"]] == [
        assignment.pk
    ]
    client.force_login(coordinator)
    assert len(client.get("/api/milestones/assignments").json()["items"]) == 1
    client.force_login(faculty)
    assert client.get("/milestones/assignments/").status_code == 403
    assert client.post(f"/milestones/assignments/{assignment.pk}/remove/").status_code == 404
    client.force_login(director)
    assert client.delete(f"/api/milestones/assignments/{assignment.pk}").status_code == 204
    assert not EvaluatorAssignment.objects.exists()


def test_assignments_stay_within_the_program(
    client, director, other_resident, resident, make_user, other_program
):
    from seldinger.accounts.membership import ProgramMembership

    stranger = make_user(
        "stranger", Role.FACULTY, program=other_program, kind=ProgramMembership.Kind.FACULTY
    )
    client.force_login(director)
    body = {"resident_id": other_resident.pk, "evaluator_id": stranger.pk}
    assert _post_json(client, "/api/milestones/assignments", body).status_code == 404
    body = {"resident_id": resident.pk, "evaluator_id": stranger.pk}
    response = _post_json(client, "/api/milestones/assignments", body)
    assert response.status_code == 400 and "Not current faculty" in response.json()["detail"]
