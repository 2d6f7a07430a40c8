"""A student tracks programs, dates and notes, keeps a checklist and sees the season's dates."""

import pytest

from seldinger.applications.models import Application
from seldinger.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

API = "/api/applications/"


def test_student_tracks_a_program_on_the_web(client, student, ir):
    client.force_login(student)
    response = client.post(
        "/applications/new/",
        {
            "program": ir.pk,
            "status": "interview_invited",
            "signal": "on",
            "applied_on": "2026-09-20",
            "interview_invited_on": "2026-10-10",
            "interview_date": "2026-11-14",
            "notes": "Great IR exposure.",
        },
    )
    assert response.status_code == 302
    application = Application.objects.get(applicant=student)
    assert (application.program, application.status, application.signal) == (
        ir,
        "interview_invited",
        True,
    )
    page = client.get("/applications/").content.decode()
    assert ir.name in page and "Interview invited" in page and "Nov 14, 2026" in page
    assert "Program signals sent: 1" in page
    # The season of the student's match year (2027 by default on Dec 1, 2026).
    assert "Your 2027 match season" in page
    assert "Mar 19, 2027" in page and "Feb 15, 2027 \u2013 Mar 10, 2027" in page
    entry = AuditEntry.objects.get(record_type="applications.Application")
    assert entry.action == "create" and entry.after["status"] == "interview_invited"


def test_editing_and_deleting_are_audited(client, student, ir):
    client.force_login(student)
    client.post("/applications/new/", {"program": ir.pk, "status": "interested"})
    application = Application.objects.get()
    response = client.post(
        f"/applications/{application.pk}/", {"status": "interviewed", "notes": "Went well"}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "interviewed" and application.notes == "Went well"
    assert client.get(f"/applications/{application.pk}/delete/").status_code == 200
    assert client.post(f"/applications/{application.pk}/delete/").status_code == 302
    assert not Application.objects.exists()
    actions = list(
        AuditEntry.objects.filter(record_type="applications.Application")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["create", "update", "delete"]


def test_a_program_is_tracked_once(client, student, ir):
    client.force_login(student)
    client.post("/applications/new/", {"program": ir.pk, "status": "interested"})
    response = client.post("/applications/new/", {"program": ir.pk, "status": "applied"})
    assert response.status_code == 400
    assert Application.objects.count() == 1


def test_checklist_and_match_year(client, student, ir):
    client.force_login(student)
    response = client.post(
        "/applications/checklist/",
        {
            "match_year": 2028,
            "eras_application": "on",
            "letters_count": 4,
            "letters_ir_count": 2,
            "usmle_step1_passed": "on",
            "usmle_step2_score": 251,
            "signals_available": 5,
        },
    )
    assert response.status_code == 302
    page = client.get("/applications/").content.decode()
    assert "Letters of recommendation: 4 (2 from IR faculty)" in page
    assert "Your 2028 match season" in page
    bad = client.post(
        "/applications/checklist/", {"match_year": 2028, "letters_count": 1, "letters_ir_count": 3}
    )
    assert bad.status_code == 400


def test_only_applicants_keep_a_tracker(client, director, resident):
    client.force_login(director)
    assert client.get("/applications/").status_code == 403
    refused = client.get(API)
    assert refused.status_code == 403
    assert refused.json() == {
        "detail": "Only students and residents who apply keep a tracker and a rank order list.",
        "errors": [],
    }
    client.force_login(resident)  # residents apply again (e.g. for R positions)
    assert client.get("/applications/").status_code == 200


def test_login_is_required(client):
    assert client.get("/applications/").status_code == 302
    refused = client.get(API)
    assert refused.status_code == 401
    assert refused.json() == {"detail": "Unauthorized", "errors": []}


def test_api_crud(client, student, ir):
    client.force_login(student)
    created = client.post(
        API,
        {"program": ir.acgme_id, "status": "applied", "applied_on": "2026-09-18"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["program"] == ir.acgme_id and body["status"] == "applied"
    url = f"{API}{body['id']}"
    assert client.get(url).json()["applied_on"] == "2026-09-18"
    updated = client.put(
        url,
        {"status": "interview_invited", "interview_date": "2027-01-08", "notes": "virtual"},
        content_type="application/json",
    )
    assert updated.status_code == 200 and updated.json()["interview_date"] == "2027-01-08"
    bad = client.put(url, {"status": "matched"}, content_type="application/json")
    assert bad.status_code == 400
    assert bad.json() == {
        "detail": "Unknown status 'matched'; choose one of interested, applied, "
        "interview_invited, interviewed, ranked, withdrawn",
        "errors": [],
    }
    assert [item["id"] for item in client.get(API).json()["items"]] == [body["id"]]
    unknown = client.post(API, {"program": "NOPE"}, content_type="application/json")
    assert unknown.status_code == 400
    message = "No program with ACGME ID 'NOPE'."
    assert unknown.json() == {
        "detail": message,
        "errors": [{"field": "program", "message": message}],
    }
    assert client.delete(url).status_code == 204
    gone = client.get(url)
    assert gone.status_code == 404
    assert gone.json() == {"detail": "Not Found", "errors": []}


def test_api_checklist_and_season(client, student):
    client.force_login(student)
    checklist = client.get(f"{API}checklist").json()
    assert checklist["match_year"] == 2027 and checklist["signals_used"] == 0
    updated = client.put(
        f"{API}checklist",
        {"mspe": True, "letters_count": 3, "letters_ir_count": 1},
        content_type="application/json",
    )
    assert updated.status_code == 200
    assert updated.json()["mspe"] is True and updated.json()["letters_count"] == 3
    season = client.get(f"{API}season").json()
    assert season["match_year"] == 2027
    assert season["certification_deadline"] == "2027-03-10"
    assert season["match_day"] == "2027-03-19"
