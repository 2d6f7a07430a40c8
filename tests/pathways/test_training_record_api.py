"""The training record over the API: GET/PUT /api/pathways/training and its time off."""

import datetime as dt

import pytest

from seldinger.audit.models import AuditEntry
from seldinger.pathways.models import TimeOff, TrainingRecord

pytestmark = pytest.mark.django_db

API = "/api/pathways/training"
# Integrated IR, PGY-2 from 2025-07-01: PGY-1 started 2024-07-01, six years, ends 2030-06-30.
RECORD = {"pathway": "integrated-ir", "stage": "pgy2", "stage_start": "2025-07-01"}
# One year of parental leave: 261 workdays, 61 beyond the 5 x 40 allowed over the residency.
YEAR_OFF = {"kind": "parental", "start": "2025-07-01", "end": "2026-06-30"}


def put(client, body):
    return client.put(API, body, content_type="application/json")


def post_time_off(client, body):
    return client.post(f"{API}/time-off", body, content_type="application/json")


def test_get_without_a_record_is_404_with_a_hint(client, resident):
    client.force_login(resident)
    response = client.get(API)
    assert response.status_code == 404
    assert response.json() == {
        "detail": "No training record: enter your pathway and stage.",
        "errors": [],
    }


def test_get_needs_a_login(client):
    assert client.get(API).status_code == 401


def test_put_needs_a_login(client):
    assert put(client, RECORD).status_code == 401
    assert not TrainingRecord.objects.exists()


def test_put_creates_the_record_and_returns_its_plan(client, resident):
    client.force_login(resident)
    response = put(client, RECORD)
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["pathway"], body["stage"], body["stage_start"]) == (
        "integrated-ir",
        "pgy2",
        "2025-07-01",
    )
    assert body["time_off"] == [] and body["extension_workdays"] == 0
    plan = body["plan"]
    assert plan["training_start"] == "2024-07-01"
    assert plan["training_end"] == "2030-06-30"
    assert plan["class_year"] == 2029
    events = {event["key"]: event for event in plan["events"]}
    assert {"training-start", "core-exam", "training-end", "certifying-oral"} <= set(events)
    assert events["training-end"]["date"] == "2030-06-30"
    saved = TrainingRecord.objects.get(user=resident)
    assert saved.stage_start == dt.date(2025, 7, 1)


def test_put_is_audited(client, resident):
    client.force_login(resident)
    put(client, RECORD)
    saved = TrainingRecord.objects.get(user=resident)
    entry = AuditEntry.objects.get(record_type="pathways.TrainingRecord", record_id=str(saved.pk))
    assert entry.actor == resident and entry.action == "create"


def test_a_second_put_changes_the_one_record(client, resident):
    client.force_login(resident)
    put(client, RECORD)
    response = put(client, {**RECORD, "stage": "pgy3", "stage_start": "2026-07-01"})
    assert response.status_code == 200
    assert TrainingRecord.objects.filter(user=resident).count() == 1
    assert response.json()["plan"]["training_start"] == "2024-07-01"
    assert client.get(API).json()["stage"] == "pgy3"
    saved = TrainingRecord.objects.get(user=resident)
    entry = AuditEntry.objects.get(
        record_type="pathways.TrainingRecord", record_id=str(saved.pk), action="update"
    )
    assert entry.before["stage"] == "pgy2" and entry.after["stage"] == "pgy3"


def test_get_returns_what_put_stored(client, resident):
    client.force_login(resident)
    stored = put(client, RECORD).json()
    response = client.get(API)
    assert response.status_code == 200
    assert response.json() == stored


def test_put_with_a_pathway_that_cannot_be_planned_is_400_with_the_field(client, resident):
    client.force_login(resident)
    response = put(
        client, {"pathway": "integrated-ir", "stage": "pgy1", "stage_start": "2014-07-01"}
    )
    assert response.status_code == 400
    body = response.json()
    assert body["errors"] == [{"field": "pathway", "message": body["detail"]}]
    assert "not open to residents starting on 2014-07-01" in body["detail"]
    assert not TrainingRecord.objects.exists()


def test_put_with_an_unknown_pathway_is_400(client, resident):
    client.force_login(resident)
    response = put(client, {**RECORD, "pathway": "surgery"})
    assert response.status_code == 400
    body = response.json()
    assert body["errors"] == [{"field": "pathway", "message": body["detail"]}]
    assert "unknown pathway 'surgery'" in body["detail"]
    assert not TrainingRecord.objects.exists()


def test_time_off_is_created_with_201(client, resident, enter_record):
    enter_record(resident)
    client.force_login(resident)
    response = post_time_off(client, YEAR_OFF)
    assert response.status_code == 201, response.content
    body = response.json()
    assert {key: body[key] for key in ("kind", "start", "end")} == YEAR_OFF
    assert TimeOff.objects.get(pk=body["id"]).record.user == resident


def test_time_off_beyond_the_allowance_moves_the_training_end(client, resident, enter_record):
    enter_record(resident)
    client.force_login(resident)
    post_time_off(client, YEAR_OFF)
    plan = client.get(API).json()["plan"]
    assert plan["planned_training_end"] == "2030-06-30"
    assert plan["extension_workdays"] == 61
    assert plan["training_end"] == "2030-09-23"
    ends = [event["date"] for event in plan["events"] if event["key"] == "training-end"]
    assert ends == ["2030-09-23"]


def test_time_off_within_the_allowance_keeps_the_training_end(client, resident, enter_record):
    enter_record(resident)
    client.force_login(resident)
    response = post_time_off(client, {**YEAR_OFF, "end": "2025-07-31"})
    assert response.status_code == 201
    body = client.get(API).json()
    assert len(body["time_off"]) == 1
    assert body["plan"]["training_end"] == "2030-06-30"
    assert body["plan"]["extension_workdays"] == 0


def test_time_off_ending_before_it_starts_is_400_on_end(client, resident, enter_record):
    enter_record(resident)
    client.force_login(resident)
    response = post_time_off(client, {**YEAR_OFF, "start": "2026-01-10", "end": "2026-01-05"})
    assert response.status_code == 400
    message = "the last day is before the first day"
    assert response.json() == {"detail": message, "errors": [{"field": "end", "message": message}]}
    assert not TimeOff.objects.exists()


def test_time_off_before_any_record_is_400(client, resident):
    client.force_login(resident)
    response = post_time_off(client, YEAR_OFF)
    assert response.status_code == 400
    message = "enter the training record before its time off"
    assert response.json() == {
        "detail": message,
        "errors": [{"field": "pathway", "message": message}],
    }
    assert not TimeOff.objects.exists()


def test_deleting_my_time_off_is_204_and_ends_the_extension(client, resident, enter_record):
    enter_record(resident)
    client.force_login(resident)
    time_off_id = post_time_off(client, YEAR_OFF).json()["id"]
    response = client.delete(f"{API}/time-off/{time_off_id}")
    assert response.status_code == 204
    assert not TimeOff.objects.exists()
    assert client.get(API).json()["plan"]["training_end"] == "2030-06-30"


def test_deleting_someone_elses_time_off_is_404_and_it_stays(
    client, resident, other_resident, enter_record, week_of_vacation
):
    enter_record(resident)
    item = week_of_vacation(resident)
    enter_record(other_resident)
    client.force_login(other_resident)
    response = client.delete(f"{API}/time-off/{item.pk}")
    assert response.status_code == 404
    assert TimeOff.objects.filter(pk=item.pk).exists()


def test_overlapping_time_off_counts_the_shared_days_once(client, resident, enter_record):
    enter_record(resident)
    client.force_login(resident)
    post_time_off(client, YEAR_OFF)
    # A week of vacation entered inside the parental leave adds no day off.
    response = post_time_off(
        client, {"kind": "vacation", "start": "2025-08-04", "end": "2025-08-08"}
    )
    assert response.status_code == 201
    plan = client.get(API).json()["plan"]
    assert plan["extension_workdays"] == 61
    assert plan["training_end"] == "2030-09-23"


def test_the_same_time_off_entered_twice_counts_once(client, resident, enter_record):
    enter_record(resident)
    client.force_login(resident)
    post_time_off(client, YEAR_OFF)
    post_time_off(client, YEAR_OFF)
    assert TimeOff.objects.filter(record__user=resident).count() == 2
    assert client.get(API).json()["plan"]["extension_workdays"] == 61
