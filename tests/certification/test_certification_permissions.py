"""Certification records are private: nobody reads or changes another person's
CME activities, certificate files, OLA and PQI records or status, through the
web or the API."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from seldinger.certification import services
from seldinger.certification.models import CmeActivity, OlaRecord, PqiActivity

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def owners_records(outsider):
    services.save_profile(
        user=outsider, certificate="IR/DR", initial_certification=dt.date(2015, 10, 1)
    )
    cme = services.create_cme(
        owner=outsider,
        title="Secret course",
        date=dt.date(2026, 1, 5),
        credits=Decimal("70"),
        certificate=SimpleUploadedFile("mine.pdf", PDF),
    )
    ola = services.save_ola(owner=outsider, year=2026, answered=33)
    pqi = services.save_pqi(owner=outsider, title="Secret QI", completed_on=dt.date(2025, 1, 1))
    return {"cme": cme, "ola": ola, "pqi": pqi}


@pytest.fixture
def intruder(make_user):
    return make_user("intruder", "diplomate")


def test_web_pages_do_not_show_or_change_anothers_records(client, owners_records, intruder):
    cme, ola, pqi = owners_records["cme"], owners_records["ola"], owners_records["pqi"]
    client.force_login(intruder)
    for url in (
        "/certification/",
        "/certification/cme/",
        "/certification/ola/",
        "/certification/pqi/",
    ):
        body = client.get(url, {"as_of": "2026-06-01"}).content.decode()
        assert "Secret" not in body and "mine.pdf" not in body and "IR/DR" not in body
    assert client.get(f"/certification/cme/{cme.pk}/").status_code == 404
    assert client.get(f"/certification/cme/{cme.pk}/certificate/").status_code == 404
    assert client.post(f"/certification/cme/{cme.pk}/", {"title": "x"}).status_code == 404
    assert client.post(f"/certification/cme/{cme.pk}/delete/").status_code == 404
    assert client.get(f"/certification/pqi/{pqi.pk}/").status_code == 404
    assert client.post(f"/certification/pqi/{pqi.pk}/delete/").status_code == 404
    assert client.post(f"/certification/ola/{ola.pk}/delete/").status_code == 404
    csv = client.get("/certification/cme/export.csv", {"year": "2026"}).content.decode()
    assert "Secret" not in csv
    # Saving the intruder's own OLA year does not touch the owner's record of that year.
    client.post("/certification/ola/", {"year": 2026, "answered": 1, "declined": 0})
    ola.refresh_from_db()
    assert ola.answered == 33
    assert CmeActivity.objects.get(pk=cme.pk).title == "Secret course"
    assert PqiActivity.objects.filter(pk=pqi.pk).exists()


def test_api_does_not_show_or_change_anothers_records(api_login, owners_records, intruder):
    cme, ola, pqi = owners_records["cme"], owners_records["ola"], owners_records["pqi"]
    client = api_login(intruder)
    assert client.get("/api/certification/cme").json()["items"] == []
    assert client.get("/api/certification/ola").json()["items"] == []
    assert client.get("/api/certification/pqi").json()["items"] == []
    json = "application/json"
    checks = [
        client.get(f"/api/certification/cme/{cme.pk}"),
        client.put(
            f"/api/certification/cme/{cme.pk}",
            {"title": "x", "date": "2026-01-01", "credits": "1"},
            content_type=json,
        ),
        client.delete(f"/api/certification/cme/{cme.pk}"),
        client.get(f"/api/certification/cme/{cme.pk}/certificate"),
        client.post(
            f"/api/certification/cme/{cme.pk}/certificate",
            {"file": SimpleUploadedFile("evil.pdf", PDF)},
        ),
        client.get(f"/api/certification/ola/{ola.pk}"),
        client.put(
            f"/api/certification/ola/{ola.pk}",
            {"year": 2026, "answered": 0},
            content_type=json,
        ),
        client.delete(f"/api/certification/ola/{ola.pk}"),
        client.get(f"/api/certification/pqi/{pqi.pk}"),
        client.put(
            f"/api/certification/pqi/{pqi.pk}",
            {"title": "x", "completed_on": "2020-01-01"},
            content_type=json,
        ),
        client.delete(f"/api/certification/pqi/{pqi.pk}"),
    ]
    assert [response.status_code for response in checks] == [404] * len(checks)
    status = client.get("/api/certification/status", {"as_of": "2026-06-01", "user": "outsider"})
    data = status.json()
    assert data["certificate"]["name"] == "" and data["cme_windows"][0]["category_1"] == "0"
    cme.refresh_from_db()
    ola.refresh_from_db()
    assert cme.title == "Secret course" and cme.certificate_name == "mine.pdf"
    assert ola.answered == 33 and OlaRecord.objects.count() == 1
    assert PqiActivity.objects.get(pk=pqi.pk).title == "Secret QI"


def test_owner_can_do_all_of_it(client, owners_records, outsider):
    cme, ola, pqi = owners_records["cme"], owners_records["ola"], owners_records["pqi"]
    client.force_login(outsider)
    assert client.get(f"/certification/cme/{cme.pk}/certificate/").status_code == 200
    assert client.get(f"/api/certification/ola/{ola.pk}").json()["answered"] == 33
    assert client.get(f"/api/certification/pqi/{pqi.pk}").status_code == 200
    assert client.post(f"/certification/pqi/{pqi.pk}/delete/").status_code == 302
    assert client.post(f"/certification/ola/{ola.pk}/delete/").status_code == 302
    assert client.post(f"/certification/cme/{cme.pk}/delete/").status_code == 302
    assert not CmeActivity.objects.exists()


def test_anonymous_is_sent_to_login_or_refused(client, owners_records):
    cme = owners_records["cme"]
    response = client.get(f"/certification/cme/{cme.pk}/certificate/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get("/certification/").status_code == 302
    assert client.get(f"/api/certification/cme/{cme.pk}/certificate").status_code == 401
    assert client.get("/api/certification/cme").status_code == 401
