"""Personal API tokens: made, listed and revoked on the web, shown once, stored hashed, and
accepted by the API beside the session, read-only ones for reads only."""

import datetime as dt
import hashlib
import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from seldinger.accounts.models import ApiToken
from seldinger.accounts.services import create_token
from seldinger.audit.models import AuditEntry
from seldinger.pathways.models import SavedPlan
from seldinger.pathways.services import save_plan

pytestmark = pytest.mark.django_db

PLANS = "/api/pathways/plans"
PLAN = {"stage": "ms1", "stage_start": "2026-08-01", "pathway": "all", "title": "By script"}
UNUSABLE = {"detail": "The API token is unknown, expired or revoked.", "errors": []}


@pytest.fixture
def students_plan(student):
    return save_plan(
        owner=student, stage="ms1", stage_start=dt.date(2026, 8, 1), pathway="all", title="Mine"
    )


def post_plan(client: Client, **headers: str):
    return client.post(PLANS, json.dumps(PLAN), content_type="application/json", **headers)


# The web pages ----------------------------------------------------------------------------


def test_the_token_pages_need_a_login(client):
    response = client.get(reverse("accounts:api_tokens"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_new_token_is_shown_once_and_only_its_digest_is_stored(client, student):
    client.force_login(student)

    response = client.post(
        reverse("accounts:api_token_new"),
        {"name": "Nightly export", "scope": "read", "lifetime_days": "90"},
    )

    assert response.status_code == 201
    assert "no-store" in response["Cache-Control"]
    shown = response.context["shown"]
    assert f'value="{shown}"' in response.content.decode()
    assert "it is shown only this once" in response.content.decode()
    token = ApiToken.objects.get(user=student)
    assert (token.name, token.scope) == ("Nightly export", "read")
    assert token.expires_at == token.created_at + dt.timedelta(days=90)
    key, secret = shown.removeprefix("sld_").split("_", 1)
    assert token.key == key
    assert token.secret_digest == hashlib.sha256(secret.encode()).hexdigest()
    stored = [str(value) for value in ApiToken.objects.values().get()]
    assert not any(secret in value for value in stored)
    listed = client.get(reverse("accounts:api_tokens")).content.decode()
    assert secret not in listed
    assert f"sld_{key}_…" in listed


def test_making_a_token_is_audited_without_its_digest(client, student):
    client.force_login(student)

    client.post(
        reverse("accounts:api_token_new"),
        {"name": "CI", "scope": "read-write", "lifetime_days": "30"},
    )

    token = ApiToken.objects.get(user=student)
    entry = AuditEntry.objects.get(record_type="accounts.ApiToken", record_id=str(token.pk))
    assert (entry.actor, entry.action) == (student, "create")
    assert entry.after["scope"] == "read-write"
    assert "secret_digest" not in entry.after


def test_a_token_must_have_a_name_and_an_offered_expiry(client, student):
    client.force_login(student)

    response = client.post(
        reverse("accounts:api_token_new"), {"name": "", "scope": "read", "lifetime_days": "7"}
    )

    assert response.status_code == 400
    assert response.context["form"].errors == {
        "name": ["This field is required."],
        "lifetime_days": ["Select a valid choice. 7 is not one of the available choices."],
    }
    assert not ApiToken.objects.exists()


def test_the_list_shows_each_token_with_its_dates(client, student, today):
    token, _ = create_token(owner=student, name="Backup script", scope="read", lifetime_days=30)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    create_token(owner=student, name="Old one", scope="read-write", lifetime_days=365)
    client.force_login(student)

    response = client.get(reverse("accounts:api_tokens"))

    rows = [
        (t.name, t.get_scope_display(), t.created_at.date(), t.expires_at.date())
        for t in response.context["tokens"]
    ]
    assert rows == [
        ("Old one", "Read and write", today, dt.date(2027, 3, 2)),
        ("Backup script", "Read only", today, dt.date(2026, 4, 1)),
    ]
    html = response.content.decode()
    assert "<td>Apr 1, 2026</td>" in html
    used = timezone.localtime(timezone.now()).strftime("%b %-d, %Y %H:%M")
    assert f"<td>{used}</td>" in html
    assert "<td>Never</td>" in html


def test_the_owner_revokes_a_token_after_confirming(client, student):
    token, shown = create_token(owner=student, name="CI", scope="read", lifetime_days=30)
    client.force_login(student)
    revoke = reverse("accounts:api_token_revoke", args=[token.pk])

    confirm = client.get(revoke)
    assert confirm.status_code == 200
    assert "Revoke “CI”?" in confirm.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None

    response = client.post(revoke, follow=True)

    assert response.redirect_chain == [(reverse("accounts:api_tokens"), 302)]
    assert "Token “CI” revoked: it no longer works." in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None
    entry = AuditEntry.objects.get(record_type="accounts.ApiToken", action="update")
    assert entry.before["revoked_at"] is None and entry.actor == student
    assert Client().get(PLANS, HTTP_AUTHORIZATION=f"Bearer {shown}").status_code == 401


def test_another_user_cannot_see_or_revoke_your_token(client, student, outsider):
    token, shown = create_token(owner=student, name="Mine", scope="read", lifetime_days=30)
    client.force_login(outsider)
    revoke = reverse("accounts:api_token_revoke", args=[token.pk])

    assert client.get(revoke).status_code == 404
    assert client.post(revoke).status_code == 404
    assert list(client.get(reverse("accounts:api_tokens")).context["tokens"]) == []
    token.refresh_from_db()
    assert token.revoked_at is None
    assert Client().get(PLANS, HTTP_AUTHORIZATION=f"Bearer {shown}").status_code == 200


# The API ----------------------------------------------------------------------------------


def test_a_token_reads_its_users_records_and_notes_its_use(
    token_login, client, student, students_plan
):
    token_login(client, student, scope="read")

    response = client.get(PLANS)

    assert response.status_code == 200
    assert [plan["title"] for plan in response.json()["items"]] == ["Mine"]
    assert ApiToken.objects.get().last_used_at is not None


def test_a_read_token_is_refused_on_a_change(token_login, client, student, students_plan):
    token_login(client, student, scope="read")

    posted = post_plan(client)
    deleted = client.delete(f"{PLANS}/{students_plan.pk}")

    assert posted.status_code == 403
    assert posted.json() == {
        "detail": "This token may only read: make a read-write token to change records.",
        "errors": [],
    }
    assert deleted.status_code == 403
    assert list(SavedPlan.objects.values_list("title", flat=True)) == ["Mine"]


def test_a_read_write_token_changes_records(token_login, client, student):
    token_login(client, student)

    response = post_plan(client)

    assert response.status_code == 201
    assert SavedPlan.objects.get(owner=student).title == "By script"


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda token: setattr(token, "revoked_at", timezone.now()), id="revoked"),
        pytest.param(
            lambda token: setattr(token, "expires_at", timezone.now() - dt.timedelta(seconds=1)),
            id="expired",
        ),
        pytest.param(lambda token: setattr(token.user, "is_active", False), id="user-inactive"),
    ],
)
def test_an_unusable_token_is_401(token_login, client, student, spoil):
    shown = token_login(client, student)
    token = ApiToken.objects.select_related("user").get()
    spoil(token)
    token.save()
    token.user.save()

    response = client.get(PLANS)

    assert response.status_code == 401
    assert response.json() == UNUSABLE
    assert client.get(PLANS, HTTP_AUTHORIZATION=f"Bearer {shown}x").status_code == 401


@pytest.mark.parametrize(
    "given",
    [
        pytest.param(
            lambda shown: shown[:-1] + ("A" if shown[-1] != "A" else "B"), id="wrong-secret"
        ),
        pytest.param(lambda shown: "sld_0123456789ab_" + shown.split("_", 2)[2], id="unknown-key"),
        pytest.param(lambda shown: "not-a-token", id="not-a-token"),
    ],
)
def test_an_unknown_token_is_401_even_beside_a_session(client, student, given):
    client.force_login(student)
    _, shown = create_token(owner=student, name="CI", scope="read", lifetime_days=30)

    response = client.get(PLANS, HTTP_AUTHORIZATION=f"Bearer {given(shown)}")

    assert response.status_code == 401
    assert response.json() == UNUSABLE


def test_a_token_needs_no_csrf_token(token_login, student):
    strict = Client(enforce_csrf_checks=True)
    token_login(strict, student)

    assert post_plan(strict).status_code == 201


def test_the_session_still_needs_its_csrf_token(student):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(student)

    response = post_plan(strict)

    assert response.status_code == 403
    assert response.json() == {"detail": "CSRF check Failed", "errors": []}
    assert not SavedPlan.objects.exists()


def test_the_openapi_document_declares_the_bearer_scheme(client):
    schema = client.get("/api/openapi.json").json()

    assert schema["components"]["securitySchemes"]["PersonalToken"] == {
        "type": "http",
        "scheme": "bearer",
    }
    operation = schema["paths"][PLANS]["get"]
    assert operation["security"] == [{"PersonalToken": []}, {"SessionAuth": []}]


OPTIONAL = ["PersonalToken", "SessionIfAny", None]


def test_every_endpoint_behind_a_session_login_takes_a_token_too(client):
    schema = client.get("/api/openapi.json").json()
    behind_a_login = {
        (method, path): [next(iter(scheme), None) for scheme in operation["security"]]
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if operation.get("security")
    }

    assert len(behind_a_login) > 100
    assert {
        where: schemes
        for where, schemes in behind_a_login.items()
        if schemes not in (["PersonalToken", "SessionAuth"], OPTIONAL)
    } == {}
    # The public endpoints whose answer depends on who asks take either login, or none.
    optional = {where for where, schemes in behind_a_login.items() if schemes == OPTIONAL}
    assert optional == {
        ("get", "/api/applications/season"),
        ("post", "/api/match/odds/applicant"),
        ("post", "/api/match/odds/program"),
    }
