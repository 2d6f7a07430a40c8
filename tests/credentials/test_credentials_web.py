"""Licence pages: own licences only, notices and the banner count, audited changes."""

import pytest

from seldinger.audit.models import AuditEntry
from seldinger.credentials.context_processors import credential_notices
from seldinger.credentials.models import Credential
from seldinger.credentials.services import add_credential

pytestmark = pytest.mark.django_db

NEW = {
    "kind": "state-licence",
    "state": "OR",
    "institution": "",
    "number": "OR-1",
    "issued_on": "2025-01-01",
    "expires_on": "2027-01-01",
    "cme_rules": "60 credits",
}


def test_pages_need_an_account(client):
    for url in ("/credentials/", "/credentials/new/", "/credentials/calendar/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_overview_lists_licences_and_reminder_notices(client, outsider, licence, today):
    client.force_login(outsider)
    page = client.get("/credentials/").content.decode()
    assert "Minnesota medical licence" in page and "MN-12345" in page
    assert 'id="notices"' in page
    assert "expires in 21 days (Mar 23, 2026)" in page
    assert "1 licence needs attention" in page  # the banner in the base layout


def test_nav_shows_licences_to_diplomates_and_residents(client, outsider, resident, student):
    for user, shown in ((outsider, True), (resident, True), (student, False)):
        client.force_login(user)
        page = client.get("/credentials/").content.decode()
        assert ('href="/credentials/"' in page.split("</nav>")[0]) is shown


def test_banner_count(rf, outsider, licence, today, make_user):
    add_credential(owner=outsider, kind="dea", expires_on=today.replace(year=2030))
    request = rf.get("/")
    request.user = outsider
    assert credential_notices(request) == {"credential_notice_count": 1}


def test_add_edit_and_delete_are_audited(client, outsider, today):
    client.force_login(outsider)
    response = client.post("/credentials/new/", NEW)
    assert response.status_code == 302
    credential = Credential.objects.get(owner=outsider)
    assert credential.title == "Oregon medical licence"
    response = client.post(f"/credentials/{credential.pk}/", {**NEW, "number": "OR-2"})
    assert response.status_code == 302
    credential.refresh_from_db()
    assert credential.number == "OR-2"
    assert client.post(f"/credentials/{credential.pk}/delete/").status_code == 302
    assert not Credential.objects.exists()
    actions = list(
        AuditEntry.objects.filter(record_type="credentials.Credential")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["create", "update", "delete"]
    change = AuditEntry.objects.get(record_type="credentials.Credential", action="update")
    assert (change.before["number"], change.after["number"]) == (NEW["number"], "OR-2")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"state": ""}, "a state licence needs its state"),
        ({"kind": "hospital-privileges", "state": ""}, "hospital privileges need the institution"),
        ({"issued_on": "2028-01-01"}, "the expiry date is before the issue date"),
        ({"expires_on": ""}, "This field is required."),
    ],
)
def test_invalid_input_is_shown_on_the_form(client, outsider, change, message):
    client.force_login(outsider)
    response = client.post("/credentials/new/", {**NEW, **change})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Credential.objects.exists()


def test_another_user_cannot_read_or_change_them(client, resident, licence):
    client.force_login(resident)
    assert "MN-12345" not in client.get("/credentials/").content.decode()
    assert client.get(f"/credentials/{licence.pk}/").status_code == 404
    assert client.post(f"/credentials/{licence.pk}/", {**NEW, "number": "x"}).status_code == 404
    assert client.post(f"/credentials/{licence.pk}/delete/").status_code == 404
    licence.refresh_from_db()
    assert licence.number == "MN-12345"
