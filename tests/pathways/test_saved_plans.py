"""Saved plans are private: only their owner reads or deletes them, through web and API."""

import datetime as dt
import json

import pytest

from seldinger.audit.models import AuditEntry
from seldinger.pathways.models import SavedPlan
from seldinger.pathways.services import save_plan

pytestmark = pytest.mark.django_db

PLAN = {"stage": "ms1", "date": "2026-08-01", "pathway": "integrated-ir"}


@pytest.fixture
def students_plan(student):
    return save_plan(
        owner=student, stage="ms1", stage_start=dt.date(2026, 8, 1), pathway="all", title="Mine"
    )


def test_saving_needs_an_account(client):
    response = client.post("/plan/save/", {**PLAN, "title": "x"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not SavedPlan.objects.exists()


def test_student_saves_a_plan_and_the_change_is_audited(client, student):
    client.force_login(student)
    response = client.post("/plan/save/", {**PLAN, "title": "My IR plan"}, follow=True)
    assert "Plan saved." in response.content.decode()
    saved = SavedPlan.objects.get(owner=student)
    assert saved.title == "My IR plan" and saved.pathway == "integrated-ir"
    entry = AuditEntry.objects.get(record_type="pathways.SavedPlan", record_id=str(saved.pk))
    assert entry.actor == student and entry.action == "create"
    assert entry.after["pathway"] == "integrated-ir"


def test_invalid_plan_is_not_saved(client, student):
    client.force_login(student)
    response = client.post("/plan/save/", {**PLAN, "stage": "pgy7"}, follow=True)
    assert "Not saved" in response.content.decode()
    assert not SavedPlan.objects.exists()


def test_owner_sees_the_saved_plan_recomputed(client, student, students_plan):
    client.force_login(student)
    assert "Mine" in client.get("/plan/mine/").content.decode()
    page = client.get(f"/plan/mine/{students_plan.pk}/")
    assert page.status_code == 200 and 'id="comparison-table"' in page.content.decode()


def test_another_user_cannot_read_or_delete_it_on_the_web(client, outsider, students_plan):
    client.force_login(outsider)
    assert "Mine" not in client.get("/plan/mine/").content.decode()
    assert client.get(f"/plan/mine/{students_plan.pk}/").status_code == 404
    assert client.post(f"/plan/mine/{students_plan.pk}/delete/").status_code == 404
    assert SavedPlan.objects.filter(pk=students_plan.pk).exists()


def test_another_user_cannot_read_or_delete_it_through_the_api(api_login, outsider, students_plan):
    client = api_login(outsider)
    assert client.get("/api/pathways/plans").json()["items"] == []
    assert client.get(f"/api/pathways/plans/{students_plan.pk}").status_code == 404
    assert client.delete(f"/api/pathways/plans/{students_plan.pk}").status_code == 404
    assert SavedPlan.objects.filter(pk=students_plan.pk).exists()


def test_api_needs_a_login(client, students_plan):
    assert client.get("/api/pathways/plans").status_code == 401
    assert client.get(f"/api/pathways/plans/{students_plan.pk}").status_code == 401


def test_api_save_list_and_delete_own_plan(client, student):
    client.force_login(student)
    created = client.post(
        "/api/pathways/plans",
        json.dumps({"stage": "ms2", "stage_start": "2026-08-01", "pathway": "dr-only"}),
        content_type="application/json",
    )
    assert created.status_code == 201
    plan_id = created.json()["id"]
    assert [p["id"] for p in client.get("/api/pathways/plans").json()["items"]] == [plan_id]
    assert client.delete(f"/api/pathways/plans/{plan_id}").status_code == 204
    assert not SavedPlan.objects.exists()
    assert AuditEntry.objects.filter(action="delete", record_id=str(plan_id)).exists()


def test_api_refuses_an_unplannable_plan(client, student):
    client.force_login(student)
    response = client.post(
        "/api/pathways/plans",
        json.dumps({"stage": "ms1", "stage_start": "2026-08-01", "pathway": "nope"}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == ["pathway"]


def test_owner_deletes_on_the_web(client, student, students_plan):
    client.force_login(student)
    response = client.post(f"/plan/mine/{students_plan.pk}/delete/", follow=True)
    assert "Plan deleted." in response.content.decode()
    assert not SavedPlan.objects.exists()
