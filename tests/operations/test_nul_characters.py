"""Text holding the NUL character is refused once, for every input, before any view reads it.

PostgreSQL cannot store or compare such text: each of these requests was a 500 there.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from seldinger.caselog.models import CaseEntry

pytestmark = pytest.mark.django_db

MESSAGE = "may not contain the NUL character (\\u0000)"


def refused(field):
    return {
        "detail": f"Invalid request: {field}: {MESSAGE}",
        "errors": [{"field": field, "message": MESSAGE}],
    }


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/programs/?q=%00", "q"),
        ("/api/programs/%00", "acgme_id"),
        ("/api/careers/jobs?text=a%00b", "text"),
    ],
)
def test_anonymous_queries_and_paths_are_refused_naming_the_input(client, url, field):
    response = client.get(url)
    assert response.status_code == 422
    assert response.json() == refused(field)


def test_a_logged_in_query_is_refused(client, resident):
    client.force_login(resident)
    response = client.get("/api/caselog/cases?category=%00")
    assert response.status_code == 422
    assert response.json() == refused("category")


@pytest.mark.parametrize(
    ("url", "payload", "field"),
    [
        ("/api/caselog/cases", {"notes": "a\u0000b"}, "notes"),
        ("/api/workhours/shifts", {"kind": "\u0000"}, "kind"),
        ("/api/scholarship/publications", {"title": "x\u0000"}, "title"),
        ("/api/scholarship/presentations", {"title": "\u0000"}, "title"),
        ("/api/credentials/", {"number": "\u0000"}, "number"),
        ("/api/caselog/cases", {"cases": [{"ok": "x"}, {"notes": "\u0000"}]}, "cases.1.notes"),
    ],
)
def test_json_text_is_refused_naming_the_field(client, resident, url, payload, field):
    client.force_login(resident)
    response = client.post(url, payload, content_type="application/json")
    assert response.status_code == 422
    assert response.json() == refused(field)


def test_an_escaped_backslash_before_u0000_is_plain_text(client, resident):
    client.force_login(resident)
    response = client.post(
        "/api/credentials/", '{"number": "\\\\u0000"}', content_type="application/json"
    )
    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == ["kind", "expires_on"]


def test_a_form_field_is_refused_naming_it(client, resident):
    client.force_login(resident)
    upload = SimpleUploadedFile("cases.csv", b"date\n")
    response = client.post("/api/caselog/import", {"file": upload, "trainee": "\x00"})
    assert response.status_code == 422
    assert response.json() == refused("trainee")


def test_a_web_page_refuses_a_query_with_400(client):
    response = client.get("/careers/jobs/?text=%00")
    assert response.status_code == 400


def test_a_web_form_refuses_the_text_and_saves_nothing(client, resident):
    client.force_login(resident)
    response = client.post("/cases/", {"date": "2026-03-01", "notes": "a\x00b"})
    assert response.status_code == 400
    assert not CaseEntry.objects.exists()
