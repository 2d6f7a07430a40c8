"""CME activities with certificates: upload checks, private storage, download, exports."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from seldinger.audit.models import AuditEntry
from seldinger.certification import services
from seldinger.certification.models import CmeActivity

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MAX_UPLOAD_BYTES = 1024
    return settings.PRIVATE_MEDIA_ROOT


def form(upload=None, **fields):
    data = {
        "title": "Embolization course",
        "provider": "Demo Academy",
        "date": "2026-03-01",
        "credits": "12.5",
        "credit_type": "AMA PRA Category 1",
        **fields,
    }
    if upload is not None:
        data["upload"] = upload
    return data


def test_diplomate_adds_activity_with_pdf_certificate(client, outsider, private_media):
    client.force_login(outsider)
    upload = SimpleUploadedFile("cert.pdf", PDF, content_type="application/pdf")
    response = client.post("/certification/cme/", form(upload))
    assert response.status_code == 302
    activity = CmeActivity.objects.get(owner=outsider)
    assert activity.credits == Decimal("12.5")
    assert activity.certificate_content_type == "application/pdf"
    assert activity.certificate_size == len(PDF)
    assert activity.certificate_name == "cert.pdf"
    stored = private_media / activity.certificate.name
    assert stored.read_bytes() == PDF
    assert "cert" not in activity.certificate.name.rsplit("/", 1)[1]  # random stored name
    assert AuditEntry.objects.filter(record_type="certification.CmeActivity").exists()

    download = client.get(f"/certification/cme/{activity.pk}/certificate/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == PDF


@pytest.mark.parametrize(
    ("name", "content"), [("scan.png", PNG), ("photo.jpg", JPEG), ("photo.JPEG", JPEG)]
)
def test_png_and_jpeg_are_accepted(client, outsider, name, content):
    client.force_login(outsider)
    response = client.post("/certification/cme/", form(SimpleUploadedFile(name, content)))
    assert response.status_code == 302
    assert CmeActivity.objects.get(owner=outsider).certificate


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("cert.pdf", b"MZ\x90\x00 not a pdf at all", "Only PDF, PNG or JPEG"),
        ("cert.exe", b"MZ\x90\x00", "Only PDF, PNG or JPEG"),
        ("cert.html", b"<html><script>alert(1)</script>", "Only PDF, PNG or JPEG"),
        ("cert.png", PDF, "content is PDF but its name ends in .png"),
        ("cert.pdf", PDF + b"x" * 2048, "too large"),
        ("cert.pdf", b"", "empty"),
    ],
)
def test_wrong_type_or_oversize_is_a_form_error_and_nothing_is_saved(
    client, outsider, private_media, name, content, message
):
    client.force_login(outsider)
    response = client.post("/certification/cme/", form(SimpleUploadedFile(name, content)))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not CmeActivity.objects.exists()
    assert not private_media.exists()


def test_replacing_the_certificate_on_edit(client, outsider):
    client.force_login(outsider)
    client.post("/certification/cme/", form(SimpleUploadedFile("a.pdf", PDF)))
    activity = CmeActivity.objects.get()
    response = client.post(
        f"/certification/cme/{activity.pk}/", form(SimpleUploadedFile("b.png", PNG), title="New")
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "New" and activity.certificate_content_type == "image/png"


def test_api_upload_is_checked_by_content(client, outsider):
    client.force_login(outsider)
    created = client.post(
        "/api/certification/cme",
        {"title": "Course", "date": "2026-02-01", "credits": "5"},
        content_type="application/json",
    )
    assert created.status_code == 201
    activity_id = created.json()["id"]
    bad = client.post(
        f"/api/certification/cme/{activity_id}/certificate",
        {"file": SimpleUploadedFile("x.pdf", b"GIF89a....")},
    )
    assert bad.status_code == 400 and "Only PDF" in bad.json()["detail"]
    assert bad.json()["errors"] == [{"field": "certificate", "message": bad.json()["detail"]}]
    good = client.post(
        f"/api/certification/cme/{activity_id}/certificate",
        {"file": SimpleUploadedFile("x.pdf", PDF)},
    )
    assert good.status_code == 200 and good.json()["has_certificate"] is True
    download = client.get(f"/api/certification/cme/{activity_id}/certificate")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF


def test_api_crud(client, outsider):
    client.force_login(outsider)
    created = client.post(
        "/api/certification/cme",
        {"title": "Course", "date": "2026-02-01", "credits": "5"},
        content_type="application/json",
    ).json()
    changed = client.put(
        f"/api/certification/cme/{created['id']}",
        {"title": "Course 2", "date": "2026-02-02", "credits": "6", "credit_type": "other"},
        content_type="application/json",
    )
    assert changed.status_code == 200 and changed.json()["credit_type"] == "other"
    invalid = client.post(
        "/api/certification/cme",
        {"title": "X", "date": "2026-02-01", "credits": "5", "credit_type": "made-up"},
        content_type="application/json",
    )
    assert invalid.status_code == 400
    assert client.delete(f"/api/certification/cme/{created['id']}").status_code == 204
    assert client.get("/api/certification/cme").json()["items"] == []


def make_activities(owner):
    for date, credits, kind in (
        (dt.date(2023, 12, 31), "40", "AMA PRA Category 1"),
        (dt.date(2024, 1, 1), "10", "AMA PRA Category 1"),
        (dt.date(2026, 12, 31), "5.5", "AMA PRA Category 1"),
        (dt.date(2025, 5, 1), "7", "other"),
    ):
        services.create_cme(
            owner=owner,
            title=f"=HYPERLINK {date}",
            date=date,
            credits=Decimal(credits),
            credit_type=kind,
        )


def test_csv_export_lists_the_window_and_the_total(client, outsider):
    make_activities(outsider)
    client.force_login(outsider)
    response = client.get("/certification/cme/export.csv", {"year": "2026"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = response.content.decode()
    assert "2023-12-31" not in text  # outside the window
    assert "2024-01-01" in text and "2026-12-31" in text
    assert "'=HYPERLINK" in text  # no formulas
    assert text.strip().splitlines()[-1].endswith("AMA PRA Category 1,15.5")


def test_pdf_export(client, outsider):
    make_activities(outsider)
    client.force_login(outsider)
    response = client.get("/certification/cme/export.pdf", {"year": "2026"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_dashboard_shows_cme_total(client, outsider):
    services.save_profile(
        user=outsider, certificate="IR/DR", initial_certification=dt.date(2015, 10, 1)
    )
    make_activities(outsider)
    client.force_login(outsider)
    response = client.get("/certification/", {"as_of": "2026-12-31"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Continuous" in body and 'id="cme-total">15.5 of 75' in body
    assert 'id="part-cme-status"' in body


LONG_NAME = "scan of my certificate " * 43 + ".pdf"  # 993 characters
#: 100 characters, the extension kept.
SHORTENED = LONG_NAME[:95] + "….pdf"


def test_a_long_file_name_is_kept_shortened_on_the_web(client, outsider, private_media):
    client.force_login(outsider)
    response = client.post("/certification/cme/", form(SimpleUploadedFile(LONG_NAME, PDF)))
    assert response.status_code == 302
    activity = CmeActivity.objects.get(owner=outsider)
    assert activity.certificate_name == SHORTENED
    assert (private_media / activity.certificate.name).read_bytes() == PDF


def test_a_long_file_name_is_kept_shortened_through_the_api(client, outsider, private_media):
    client.force_login(outsider)
    created = client.post(
        "/api/certification/cme",
        {"title": "Course", "date": "2026-02-01", "credits": "5"},
        content_type="application/json",
    )
    response = client.post(
        f"/api/certification/cme/{created.json()['id']}/certificate",
        {"file": SimpleUploadedFile(LONG_NAME, PDF)},
    )
    assert response.status_code == 200
    activity = CmeActivity.objects.get(owner=outsider)
    assert activity.certificate_name == SHORTENED
    assert (private_media / activity.certificate.name).read_bytes() == PDF
