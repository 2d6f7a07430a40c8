"""Profile, OLA and PQI pages and the navigation entry."""

import pytest

from seldinger.certification.models import DiplomateProfile, OlaRecord, PqiActivity

pytestmark = pytest.mark.django_db


def test_profile_for_a_trainee_shows_exam_parts(client, resident):
    client.force_login(resident)
    response = client.post(
        "/certification/profile/",
        {"pathway": "integrated-ir", "stage": "pgy2", "stage_start": "2025-07-01"},
    )
    assert response.status_code == 302
    body = client.get("/certification/", {"as_of": "2026-06-01"}).content.decode()
    assert 'id="part-core-exam"' in body and 'id="part-certifying-oral"' in body
    assert "Sep 1, 2028" in body and 'id="part-certifying-dr-oral"' in body


def test_profile_refuses_partial_or_unplannable_training(client, resident):
    client.force_login(resident)
    partial = client.post("/certification/profile/", {"pathway": "integrated-ir"})
    assert partial.status_code == 400
    too_late = client.post(
        "/certification/profile/",
        {"pathway": "integrated-ir", "stage": "pgy7", "stage_start": "2025-07-01"},
    )
    assert too_late.status_code == 400
    assert not DiplomateProfile.objects.exists()


def test_lifetime_holder_sees_not_required(client, outsider):
    client.force_login(outsider)
    client.post(
        "/certification/profile/", {"certificate": "DR", "initial_certification": "1999-05-01"}
    )
    body = client.get("/certification/").content.decode()
    assert "Lifetime" in body and "Not required" in body


def test_ola_year_is_saved_once_and_replaced(client, outsider):
    client.force_login(outsider)
    client.post("/certification/ola/", {"year": 2026, "answered": 10, "declined": 0})
    client.post("/certification/ola/", {"year": 2026, "answered": 30, "declined": 2})
    assert OlaRecord.objects.get(owner=outsider).answered == 30
    bad = client.post("/certification/ola/", {"year": 2026, "answered": 3, "correct": 9})
    assert bad.status_code == 400


def test_pqi_add_and_edit(client, outsider):
    client.force_login(outsider)
    client.post(
        "/certification/pqi/", {"title": "QI", "kind": "project", "completed_on": "2025-02-01"}
    )
    activity = PqiActivity.objects.get(owner=outsider)
    client.post(
        f"/certification/pqi/{activity.pk}/",
        {"title": "QI 2", "kind": "participatory", "completed_on": "2025-03-01"},
    )
    activity.refresh_from_db()
    assert activity.title == "QI 2" and activity.kind == "participatory"


def test_api_ola_and_pqi(client, outsider):
    client.force_login(outsider)
    json = "application/json"
    ola = client.post("/api/certification/ola", {"year": 2025, "answered": 52}, content_type=json)
    assert ola.status_code == 201
    changed = client.put(
        f"/api/certification/ola/{ola.json()['id']}",
        {"year": 2025, "answered": 54, "declined": 2},
        content_type=json,
    )
    assert changed.status_code == 200 and changed.json()["answered"] == 54
    pqi = client.post(
        "/api/certification/pqi", {"title": "QI", "completed_on": "2025-01-01"}, content_type=json
    )
    assert pqi.status_code == 201
    bad = client.post(
        "/api/certification/pqi",
        {"title": "QI", "kind": "nonsense", "completed_on": "2025-01-01"},
        content_type=json,
    )
    assert bad.status_code == 400


@pytest.mark.parametrize(
    ("year", "message"),
    [
        (-205, "Input should be greater than or equal to 2000"),
        (99_999_999_999, "Input should be less than or equal to 2100"),
    ],
)
def test_api_refuses_an_ola_year_out_of_range_naming_it(client, outsider, year, message):
    client.force_login(outsider)
    response = client.post(
        "/api/certification/ola", {"year": year, "answered": 1}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "year", "message": message}]


def test_navigation_shows_certification_to_diplomates_and_residents(client, outsider, student):
    def nav_urls():
        return [item["url"] for item in client.get("/").context["nav_items"]]

    client.force_login(outsider)
    assert "/certification/" in nav_urls()
    client.force_login(student)
    assert "/certification/" not in nav_urls()
