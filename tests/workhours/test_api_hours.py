"""The work-hours API: shifts CRUD (own), violations and justifications."""

import datetime as dt

import pytest
from django.utils import timezone

from seldinger.audit.models import AuditEntry
from seldinger.workhours.models import ShiftEntry, ViolationJustification

pytestmark = pytest.mark.django_db

API = "/api/workhours"


def post(client, path, body):
    return client.post(f"{API}{path}", body, content_type="application/json")


def test_shift_crud(client, resident):
    client.force_login(resident)
    response = post(
        client,
        "/shifts",
        {"start": "2025-01-06T07:00", "end": "2025-01-06T17:00", "kind": "clinical", "note": "IR"},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["resident"] == "resident" and body["hours"] == 10
    assert body["start"].startswith("2025-01-06T07:00:00-05:00")  # the site's time zone
    shift_id = body["id"]

    assert client.get(f"{API}/shifts/{shift_id}").json()["note"] == "IR"
    listed = client.get(f"{API}/shifts", {"date_from": "2025-01-06", "date_to": "2025-01-06"})
    assert [item["id"] for item in listed.json()["items"]] == [shift_id]
    assert client.get(f"{API}/shifts", {"date_from": "2025-01-07"}).json()["items"] == []

    response = client.put(
        f"{API}/shifts/{shift_id}",
        {"start": "2025-01-06T12:00:00Z", "end": "2025-01-06T23:00:00Z", "kind": "call"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["start"].startswith("2025-01-06T07:00:00-05:00")
    assert response.json()["hours"] == 11 and response.json()["kind"] == "call"

    assert client.delete(f"{API}/shifts/{shift_id}").status_code == 204
    assert not ShiftEntry.objects.exists()
    actions = set(
        AuditEntry.objects.filter(record_type="workhours.ShiftEntry").values_list(
            "action", flat=True
        )
    )
    assert actions == {"create", "update", "delete"}


def test_invalid_shifts_get_400(client, resident):
    client.force_login(resident)
    bad = [
        {"start": "2025-01-06T17:00", "end": "2025-01-06T07:00"},
        {"start": "2025-01-06T07:00", "end": "2025-01-06T17:00", "kind": "nap"},
        {"start": "2025-01-06T07:00", "end": "2025-01-09T17:00"},
    ]
    for body in bad:
        assert post(client, "/shifts", body).status_code == 400, body
    post(client, "/shifts", {"start": "2025-01-06T07:00", "end": "2025-01-06T17:00"})
    response = post(client, "/shifts", {"start": "2025-01-06T16:00", "end": "2025-01-06T18:00"})
    assert response.status_code == 400 and "overlaps" in response.json()["detail"]
    assert response.json()["errors"] == []


def test_only_residents_log_shifts_and_anonymous_users_get_401(client, faculty):
    body = {"start": "2025-01-06T07:00", "end": "2025-01-06T17:00"}
    assert post(client, "/shifts", body).status_code == 401
    assert client.get(f"{API}/violations").status_code == 401
    client.force_login(faculty)
    refused = post(client, "/shifts", body)
    assert refused.status_code == 403
    assert refused.json() == {"detail": "Only residents and fellows log work hours.", "errors": []}


def test_violations_are_explained_and_justified(client, resident):
    client.force_login(resident)
    post(
        client, "/shifts", {"start": "2025-01-06T07:00", "end": "2025-01-07T13:00", "kind": "call"}
    )
    [violation] = client.get(f"{API}/violations").json()["items"]
    assert violation["rule"] == "24+4" and violation["resident"] == "resident"
    assert violation["rule_title"] == "24 hours plus 4"
    assert "must not exceed 24 hours" in violation["rule_text"]
    assert "30 h" in violation["detail"]
    assert violation["justified"] is False and violation["justification"] is None

    key = {"rule": "24+4", "start": violation["start"], "end": violation["end"]}
    assert post(client, "/violations/justify", {**key, "text": " "}).status_code == 400
    response = post(client, "/violations/justify", {**key, "text": "Handover ran late."})
    assert response.status_code == 200
    assert response.json()["justified"] is True
    assert response.json()["justification"] == "Handover ran late."
    response = post(client, "/violations/justify", {**key, "text": "Handover ran very late."})
    assert response.json()["justification"] == "Handover ran very late."
    assert ViolationJustification.objects.count() == 1
    assert AuditEntry.objects.filter(
        record_type="workhours.ViolationJustification", action="update"
    ).exists()
    assert client.get(f"{API}/violations", {"rule": "80-hour"}).json()["items"] == []

    wrong = {**key, "start": "2025-01-06T08:00:00-05:00", "text": "x"}
    assert post(client, "/violations/justify", wrong).status_code == 404


def test_directors_see_their_residents_violations(client, resident, director):
    start = timezone.make_aware(dt.datetime(2025, 1, 6, 7))
    ShiftEntry.objects.create(
        resident=resident, start=start, end=start + dt.timedelta(hours=30), kind="call"
    )
    client.force_login(director)
    [violation] = client.get(f"{API}/violations").json()["items"]
    assert violation["resident"] == "resident"
    assert len(client.get(f"{API}/violations", {"resident": "resident"}).json()["items"]) == 1
    assert client.get(f"{API}/shifts").json()["items"] == []  # shifts stay the resident's own
