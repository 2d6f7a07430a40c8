"""Importing on the web: upload, preview every problem, confirm; and the same through the API."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from seldinger.audit.models import AuditEntry
from seldinger.caselog.importer import COLUMNS
from seldinger.caselog.models import CaseEntry

pytestmark = pytest.mark.django_db

HEADER = ",".join(COLUMNS)
GOOD = [
    "2025-01-02,picc,primary,faculty,ultrasound,,0.5,,,none,",
    "2025-01-03,36558,assistant,faculty,fluoroscopy,,2.5,10,20,mild,",
]
BAD = "2025-01-04,picc,lead,faculty,ultrasound,,,,,none,"


def upload(name, *rows, header=HEADER, content_type="text/csv"):
    text = "\n".join([header, *rows]) + "\n"
    return SimpleUploadedFile(name, text.encode(), content_type=content_type)


@pytest.fixture(autouse=True)
def _upload_dir(settings, tmp_path):
    settings.CASELOG_IMPORT_DIR = tmp_path / "imports"


@pytest.fixture
def as_resident(client, resident, faculty):
    client.force_login(resident)
    return client


def stored_files(settings):
    return (
        list(settings.CASELOG_IMPORT_DIR.glob("*")) if settings.CASELOG_IMPORT_DIR.exists() else []
    )


def test_upload_preview_confirm(as_resident, resident, settings):
    page = as_resident.get("/cases/import/")
    assert page.status_code == 200 and 'enctype="multipart/form-data"' in page.content.decode()

    response = as_resident.post("/cases/import/", {"file": upload("mine.csv", *GOOD)})
    assert response.status_code == 302
    preview_url = response["Location"]
    assert preview_url.startswith("/cases/import/")
    assert not CaseEntry.objects.exists()

    preview = as_resident.get(preview_url).content.decode()
    assert "mine.csv into your log" in preview
    assert 'id="count-new">2<' in preview and 'id="count-invalid">0<' in preview
    assert "Confirm: import 2 cases" in preview
    assert not CaseEntry.objects.exists()

    done = as_resident.post(preview_url + "confirm/", follow=True)
    assert "Imported 2 cases into your log (0 already there)." in done.content.decode()
    assert CaseEntry.objects.filter(trainee=resident, source="import").count() == 2
    assert AuditEntry.objects.filter(actor=resident, action="create").count() == 2
    assert stored_files(settings) == []

    # The same token cannot be imported twice.
    again = as_resident.post(preview_url + "confirm/", follow=True)
    assert "already been imported" in again.content.decode()
    assert CaseEntry.objects.count() == 2


def test_preview_lists_every_invalid_row_and_confirming_without_skipping_saves_nothing(
    as_resident,
):
    response = as_resident.post(
        "/cases/import/",
        {"file": upload("mine.csv", GOOD[0], BAD, "2025-01-05,nope,primary,,ct,,,,,none,")},
    )
    preview_url = response["Location"]
    preview = as_resident.get(preview_url).content.decode()
    assert 'id="count-invalid">2<' in preview and 'id="count-new">1<' in preview
    assert (
        "<td>3</td><td>role</td><td>&#x27;lead&#x27; is not one of primary, assistant, observer"
        in (preview)
    )
    assert "<td>4</td><td>procedure</td>" in preview
    assert "Import the 1 valid new case, skip 2 invalid rows" in preview

    refused = as_resident.post(preview_url + "confirm/", follow=True)
    assert "Nothing imported: 2 rows are invalid" in refused.content.decode()
    assert not CaseEntry.objects.exists()

    done = as_resident.post(preview_url + "confirm/", {"skip_invalid": "1"}, follow=True)
    assert "Imported 1 case into your log (0 already there, 2 invalid skipped)." in (
        done.content.decode()
    )
    assert CaseEntry.objects.count() == 1


def test_xlsx_upload(as_resident):
    workbook = Workbook()
    workbook.active.append(["date", "procedure", "role", "modality"])
    workbook.active.append(["2025-01-02", "picc", "primary", "ultrasound"])
    content = io.BytesIO()
    workbook.save(content)
    file = SimpleUploadedFile("mine.xlsx", content.getvalue())
    response = as_resident.post("/cases/import/", {"file": file})
    assert response.status_code == 302
    as_resident.post(response["Location"] + "confirm/")
    assert CaseEntry.objects.get().procedure_key == "picc"


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("notes.txt", b"date,procedure\n", "is not a CSV or XLSX file"),
        ("scan.pdf", b"%PDF-1.4", "is not a CSV or XLSX file"),
        ("fake.xlsx", b"date,procedure,role,modality\n", "not readable as an XLSX workbook"),
        ("cases.csv", b"PK\x03\x04zip", "not CSV text"),
        ("cases.csv", b"\n\n", "the file is empty"),
    ],
)
def test_a_wrong_file_is_refused_with_a_message(as_resident, settings, name, content, words):
    response = as_resident.post("/cases/import/", {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 400
    assert words in response.content.decode()
    assert stored_files(settings) == []


def test_a_file_over_the_size_limit_is_refused(as_resident, settings):
    settings.CASELOG_MAX_UPLOAD_BYTES = 100
    response = as_resident.post("/cases/import/", {"file": upload("big.csv", *GOOD, *GOOD)})
    assert response.status_code == 400
    assert "The file is larger than 100 bytes." in response.content.decode()


def test_cancel_deletes_the_stored_upload(as_resident, settings):
    preview_url = as_resident.post("/cases/import/", {"file": upload("x.csv", *GOOD)})["Location"]
    assert len(stored_files(settings)) == 1
    response = as_resident.post(preview_url + "cancel/", follow=True)
    assert "Import cancelled" in response.content.decode()
    assert stored_files(settings) == []
    assert "already been imported" in as_resident.get(preview_url, follow=True).content.decode()


def test_a_director_imports_for_a_resident_of_their_program(client, director, resident, faculty):
    client.force_login(director)
    page = client.get("/cases/import/").content.decode()
    assert '<option value="resident">' in page
    response = client.post(
        "/cases/import/", {"file": upload("r.csv", *GOOD), "trainee": "resident"}
    )
    preview = client.get(response["Location"]).content.decode()
    assert "into the log of" in preview and "(resident)" in preview
    client.post(response["Location"] + "confirm/")
    assert CaseEntry.objects.filter(trainee=resident).count() == 2
    assert set(AuditEntry.objects.values_list("actor__username", flat=True)) == {"director"}


def test_the_import_page_needs_a_login(client):
    response = client.get("/cases/import/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# API -----------------------------------------------------------------------------------------


def test_api_dry_run_then_import(as_resident, resident):
    dry = as_resident.post(
        "/api/caselog/import", {"file": upload("a.csv", *GOOD, BAD), "dry_run": "true"}
    )
    assert dry.status_code == 200
    body = dry.json()
    assert (body["rows"], body["new"], body["invalid"], body["saved"]) == (3, 2, 1, 0)
    assert body["errors"] == [
        {"line": 4, "field": "role", "message": "'lead' is not one of primary, assistant, observer"}
    ]

    refused = as_resident.post("/api/caselog/import", {"file": upload("a.csv", *GOOD, BAD)})
    assert refused.status_code == 422
    assert refused.json() == {
        "detail": "Nothing imported: 1 row is invalid.",
        "errors": [
            {
                "line": 4,
                "field": "role",
                "message": "'lead' is not one of primary, assistant, observer",
            }
        ],
    }
    assert not CaseEntry.objects.exists()

    saved = as_resident.post(
        "/api/caselog/import", {"file": upload("a.csv", *GOOD, BAD), "skip_invalid": "true"}
    )
    assert saved.status_code == 200 and saved.json()["saved"] == 2
    again = as_resident.post("/api/caselog/import", {"file": upload("a.csv", *GOOD)})
    assert again.json()["saved"] == 0 and again.json()["duplicate"] == 2
    assert CaseEntry.objects.filter(trainee=resident).count() == 2


def test_api_refuses_a_wrong_file(as_resident):
    response = as_resident.post(
        "/api/caselog/import", {"file": SimpleUploadedFile("x.txt", b"hello")}
    )
    assert response.status_code == 400
    assert "is not a CSV or XLSX file" in response.json()["detail"]
    response = as_resident.post(
        "/api/caselog/import", {"file": upload("a.csv", "picc", header="procedure")}
    )
    assert response.status_code == 400
    assert "a.csv:1: missing columns 'date', 'role', 'modality'" in response.json()["detail"]


def test_api_import_needs_a_login(client):
    response = client.post("/api/caselog/import", {"file": upload("a.csv", *GOOD)})
    assert response.status_code == 401
