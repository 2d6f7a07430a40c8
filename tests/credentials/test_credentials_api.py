"""The credentials API: own licences only; reminders; the feed URL."""

import json

import pytest

from seldinger.credentials.models import Credential

pytestmark = pytest.mark.django_db

NEW = {"kind": "dea", "state": "MN", "number": "AB1234563", "expires_on": "2027-05-31"}


def _send(client, method, url, body=None):
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


def test_api_needs_an_account(client):
    assert client.get("/api/credentials/").status_code == 401
    assert client.get("/api/credentials/feed").status_code == 401


def test_crud_on_own_licences(client, outsider, today):
    client.force_login(outsider)
    created = _send(client, "post", "/api/credentials/", NEW)
    assert created.status_code == 201
    body = created.json()
    assert body["title"] == "DEA registration (MN)" and body["status"] == "current"
    url = f"/api/credentials/{body['id']}"
    assert [item["id"] for item in client.get("/api/credentials/").json()["items"]] == [body["id"]]
    changed = _send(client, "put", url, {**NEW, "expires_on": "2026-03-20"})
    assert changed.status_code == 200 and changed.json()["status"] == "expiring"
    assert client.get(url).json()["expires_on"] == "2026-03-20"
    assert client.delete(url).status_code == 204
    assert not Credential.objects.exists()


def test_invalid_licence_is_a_400_naming_the_field(client, outsider):
    client.force_login(outsider)
    response = _send(client, "post", "/api/credentials/", {**NEW, "kind": "hospital-privileges"})
    assert response.status_code == 400
    body = response.json()
    assert body["errors"] == [{"field": "institution", "message": body["detail"]}]


def test_reminders(client, outsider, licence, today):
    client.force_login(outsider)
    (reminder,) = client.get("/api/credentials/reminders").json()["items"]
    assert reminder["credential_id"] == licence.pk
    assert (reminder["days_left"], reminder["days_before"], reminder["status"]) == (
        21,
        30,
        "expiring",
    )


def test_another_user_cannot_read_or_change_them(client, resident, licence):
    client.force_login(resident)
    assert client.get("/api/credentials/").json()["items"] == []
    assert client.get("/api/credentials/reminders").json()["items"] == []
    url = f"/api/credentials/{licence.pk}"
    assert client.get(url).status_code == 404
    assert _send(client, "put", url, NEW).status_code == 404
    assert client.delete(url).status_code == 404
    licence.refresh_from_db()
    assert licence.kind == "state-licence"


def test_feed_url_and_regenerate(client, outsider):
    client.force_login(outsider)
    url = client.get("/api/credentials/feed").json()["url"]
    assert url == client.get("/api/credentials/feed").json()["url"]
    assert url.startswith("http://testserver/credentials/feed/") and url.endswith(".ics")
    new = client.post("/api/credentials/feed/regenerate").json()["url"]
    assert new != url
    assert client.get(url.removeprefix("http://testserver")).status_code == 404
    assert client.get(new.removeprefix("http://testserver")).status_code == 200


def test_listed_in_openapi(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert "/api/credentials/feed/regenerate" in paths
