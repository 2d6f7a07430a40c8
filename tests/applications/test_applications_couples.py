"""Two applicants form a couple by invitation and acceptance and rank pairs of tracks."""

import pytest

from seldinger.accounts.models import Role
from seldinger.applications import selectors
from seldinger.applications.models import Couple
from seldinger.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

API = "/api/applications/couple"


@pytest.fixture
def couple(client, student, student2):
    client.force_login(student)
    client.post("/applications/couple/invite/", {"username": "student2"})
    invitation = Couple.objects.get()
    client.force_login(student2)
    client.post(f"/applications/couple/{invitation.pk}/accept/")
    invitation.refresh_from_db()
    return invitation


def test_invitation_and_acceptance_on_the_web(client, student, student2):
    client.force_login(student)
    assert client.post("/applications/couple/invite/", {"username": "student2"}).status_code == 302
    couple = Couple.objects.get()
    assert (couple.first, couple.second, couple.status) == (student, student2, "pending")
    assert "waiting for them to accept" in client.get("/applications/couple/").content.decode()
    # The inviter cannot accept their own invitation.
    client.post(f"/applications/couple/{couple.pk}/accept/")
    assert Couple.objects.get().status == "pending"
    client.force_login(student2)
    page = client.get("/applications/couple/").content.decode()
    assert "invites you to match as a couple in 2027" in page
    client.post(f"/applications/couple/{couple.pk}/accept/")
    assert Couple.objects.get().status == "accepted"
    assert AuditEntry.objects.filter(record_type="applications.Couple").count() == 2


def test_decline(client, student, student2):
    client.force_login(student)
    client.post("/applications/couple/invite/", {"username": "student2"})
    couple = Couple.objects.get()
    client.force_login(student2)
    client.post(f"/applications/couple/{couple.pk}/leave/")
    assert not Couple.objects.exists()


def test_invitations_that_make_no_sense_are_refused(client, student, student2, director):
    client.force_login(student)
    for username in ("student", "director", "nobody"):
        client.post("/applications/couple/invite/", {"username": username})
    assert not Couple.objects.exists()
    client.post("/applications/couple/invite/", {"username": "student2"})
    client.post("/applications/couple/invite/", {"username": "student2"})
    assert Couple.objects.count() == 1


def test_paired_list_with_no_match(client, couple, student, ir, other_ir):
    client.force_login(student)
    first, second = f"{ir.acgme_id}:advanced", f"{other_ir.acgme_id}:advanced"
    client.post("/applications/couple/pairs/add/", {"first": first, "second": second})
    client.post("/applications/couple/pairs/add/", {"first": first, "second": "none"})
    client.post("/applications/couple/pairs/add/", {"first": "none", "second": "none"})  # refused
    entries = selectors.couple_entries(couple)
    assert [entry.pair for entry in entries] == [[first, second], [first, None]]
    client.post(f"/applications/couple/pairs/{entries[1].pk}/move/", {"direction": "up"})
    assert [entry.pair for entry in selectors.couple_entries(couple)] == [
        [first, None],
        [first, second],
    ]
    response = client.post(
        "/applications/couple/pairs/order/", {"order": [entries[0].pk, entries[1].pk]}
    )
    assert response.status_code == 200
    page = client.get("/applications/couple/").content.decode()
    assert "No match" in page and 'data-reorder-url="/applications/couple/pairs/order/"' in page
    client.post("/applications/couple/certify/")
    couple.refresh_from_db()
    assert couple.certified
    # The partner sees the same certified list.
    rank_page = client.get("/applications/rank-list/").content.decode()
    assert "paired list" in rank_page and "is used in the match instead" in rank_page


def test_api_couple(client, student, student2, ir, other_ir):
    client.force_login(student)
    alone = client.get(API)
    assert alone.status_code == 404
    assert alone.json() == {"detail": "You are not in a couple.", "errors": []}
    invited = client.post(
        f"{API}/invite", {"username": "student2"}, content_type="application/json"
    )
    assert invited.status_code == 201 and invited.json()["status"] == "pending"
    couple_id = invited.json()["id"]
    # Not formed yet: the list cannot change.
    pairs = {"pairs": [[f"{ir.acgme_id}:advanced", None]]}
    refused = client.put(f"{API}/rank-list", pairs, content_type="application/json")
    assert refused.status_code == 409
    assert refused.json() == {
        "detail": "The couple is not formed yet: your partner has to accept first.",
        "errors": [],
    }
    client.force_login(student2)
    assert [item["id"] for item in client.get(f"{API}/invitations").json()["items"]] == [couple_id]
    assert client.post(f"{API}/{couple_id}/accept").json()["status"] == "accepted"
    pairs = {
        "pairs": [
            [f"{ir.acgme_id}:advanced", f"{other_ir.acgme_id}:advanced"],
            [None, f"{ir.acgme_id}:categorical"],
        ]
    }
    response = client.put(f"{API}/rank-list", pairs, content_type="application/json")
    assert response.status_code == 200 and response.json()["pairs"] == pairs["pairs"]
    bad = {"pairs": [[None, None]]}
    refused = client.put(f"{API}/rank-list", bad, content_type="application/json")
    assert refused.status_code == 400
    assert refused.json() == {
        "detail": 'A pair needs at least one program: "no match" for both.',
        "errors": [],
    }
    assert client.post(f"{API}/rank-list/certify").json()["certified"] is True
    assert client.post(f"{API}/rank-list/uncertify").json()["certified"] is False
    assert client.delete(f"{API}/{couple_id}").status_code == 204
    assert not Couple.objects.exists()


def test_outsiders_cannot_touch_a_couple(client, couple, make_user, ir):
    third = make_user("student3", "student")
    assert third.role == Role.STUDENT
    client.force_login(third)
    assert client.post(f"/applications/couple/{couple.pk}/accept/").status_code == 404
    assert client.post(f"/applications/couple/{couple.pk}/leave/").status_code == 404
    assert client.delete(f"{API}/{couple.pk}").status_code == 404
    assert client.post(f"{API}/{couple.pk}/accept").status_code == 404
    entry_pairs = {"first": f"{ir.acgme_id}:advanced", "second": "none"}
    client.force_login(couple.first)
    client.post("/applications/couple/pairs/add/", entry_pairs)
    entry = selectors.couple_entries(couple)[0]
    client.force_login(third)
    assert (
        client.post(f"/applications/couple/pairs/{entry.pk}/move/", {"direction": "up"}).status_code
        == 404
    )
    assert client.post(f"/applications/couple/pairs/{entry.pk}/remove/").status_code == 404
    assert len(selectors.couple_entries(couple)) == 1
    assert "invites you" not in client.get("/applications/couple/").content.decode()
