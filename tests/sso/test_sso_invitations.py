"""An invitee signs in through the hospital instead of following the invitation's link: the
login accepts the invitation exactly as the link does (account, role, membership, audit),
against the real OpenID Connect provider and SAML identity provider on 127.0.0.1."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.utils import timezone

from seldinger.accounts import selectors as access
from seldinger.accounts.models import Role, User
from seldinger.audit.models import AuditEntry
from seldinger.people import services
from seldinger.people.models import Invitation

pytestmark = pytest.mark.slow

NORA = "nora.quill@hospital.example"


@pytest.fixture
def invite(director, program, django_capture_on_commit_callbacks):
    def make(email=NORA, role="fellow", **more):
        with django_capture_on_commit_callbacks(execute=True):
            return services.invite(
                actor=director,
                program=program,
                email=email,
                first_name="Nora",
                last_name="Quill",
                role=role,
                **more,
            )

    return make


def oidc_sign_in(log_in_at_provider, client, issuer, email=NORA):
    claims = {"email": email, "email_verified": True}
    return log_in_at_provider(client, issuer, subject="nora-at-hospital", claims=claims)


def test_an_invitee_signing_in_with_oidc_gets_the_invited_account_and_membership(
    client, log_in_at_provider, oidc_configured, invite, program
):
    invitation = invite(start_date=dt.date(2026, 7, 1), end_date=dt.date(2027, 6, 30))

    response = oidc_sign_in(
        log_in_at_provider, client, oidc_configured, email="Nora.Quill@Hospital.example"
    )

    assert response.status_code == 302
    user = User.objects.get(email__iexact=NORA)
    assert client.session[SESSION_KEY] == str(user.pk)
    assert user.role == Role.RESIDENT
    assert not user.has_usable_password()
    membership = access.memberships_in(program).get(user=user)
    assert membership.kind == "trainee"
    assert (membership.start_date, membership.end_date) == (
        dt.date(2026, 7, 1),
        dt.date(2027, 6, 30),
    )
    invitation.refresh_from_db()
    assert invitation.accepted_by == user and invitation.accepted_at is not None
    # The same audit entries as accepting through the link: the account made, the invitation
    # accepted (by the invitee), then the hospital login.
    assert AuditEntry.objects.filter(
        record_type="accounts.User", record_id=str(user.pk), action=AuditEntry.Action.CREATE
    ).exists()
    accepted = AuditEntry.objects.get(
        record_type="people.Invitation",
        record_id=str(invitation.pk),
        action=AuditEntry.Action.UPDATE,
    )
    assert accepted.actor == user and accepted.after["accepted_by"] == user.pk


def test_an_invitee_signing_in_with_saml_gets_the_invited_account_and_membership(
    client, saml_idp, log_in_at_idp, invite, program
):
    invitation = invite(role="faculty")

    response = log_in_at_idp(client, saml_idp, person=NORA)

    assert response.status_code == 302
    user = User.objects.get(email__iexact=NORA)
    assert client.session[SESSION_KEY] == str(user.pk)
    assert user.role == Role.FACULTY
    assert user in access.faculty_of(program)
    invitation.refresh_from_db()
    assert invitation.status_at(timezone.now()) == Invitation.Status.ACCEPTED


def test_an_existing_account_joins_the_program_it_was_invited_to(
    client, log_in_at_provider, oidc_configured, invite, program, make_user
):
    nora = make_user("nora", Role.RESIDENT, email=NORA)
    invitation = invite(role="resident")

    oidc_sign_in(log_in_at_provider, client, oidc_configured)

    assert client.session[SESSION_KEY] == str(nora.pk)
    assert User.objects.filter(email__iexact=NORA).count() == 1
    assert nora in access.trainees_of(program)
    invitation.refresh_from_db()
    assert invitation.accepted_by == nora


def test_an_expired_invitation_is_refused_with_its_own_page(
    client, log_in_at_provider, oidc_configured, invite
):
    invite()
    users_before = User.objects.count()

    with time_machine.travel(timezone.now() + dt.timedelta(days=365)):
        response = oidc_sign_in(log_in_at_provider, client, oidc_configured)

    assert response.status_code == 403
    assert f"Your invitation for {NORA} has expired" in response.content.decode()
    assert User.objects.count() == users_before
    assert SESSION_KEY not in client.session


def test_a_revoked_invitation_is_refused_with_its_own_page(
    client, saml_idp, log_in_at_idp, invite, director
):
    services.revoke(actor=director, invitation=invite())
    users_before = User.objects.count()

    response = log_in_at_idp(client, saml_idp, person=NORA)

    assert response.status_code == 403
    assert f"Your invitation for {NORA} was withdrawn" in response.content.decode()
    assert User.objects.count() == users_before
    assert SESSION_KEY not in client.session


def test_an_unconfirmed_email_does_not_accept_an_invitation(
    client, log_in_at_provider, oidc_configured, invite
):
    invitation = invite()

    response = log_in_at_provider(
        client,
        oidc_configured,
        subject="nora-unconfirmed",
        claims={"email": NORA, "email_verified": False},
    )

    assert response.status_code == 403
    assert not User.objects.filter(email__iexact=NORA).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
