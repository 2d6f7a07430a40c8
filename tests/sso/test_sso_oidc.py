"""OpenID Connect login against a real provider on 127.0.0.1: the whole redirect flow, from the
login page's button through the provider's own form to the callback, which asks the provider's
token and userinfo endpoints over HTTP."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from seldinger.accounts.models import Role, User
from seldinger.audit.models import AuditEntry

pytestmark = pytest.mark.slow


@pytest.fixture
def dana(make_user):
    return make_user("dana", Role.FACULTY, email="Dana.Faculty@Hospital.example")


def test_a_known_email_logs_in_and_is_audited(
    client, log_in_at_provider, oidc_configured, dana, passed_through_identity_provider
):
    response = log_in_at_provider(
        client,
        oidc_configured,
        subject="dana-at-hospital",
        claims={"email": "dana.faculty@hospital.example", "email_verified": True},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("home:index")
    assert client.session[SESSION_KEY] == str(dana.pk)
    assert client.get(reverse("home:index")).status_code == 200
    entry = AuditEntry.objects.get(record_type="accounts.User", record_id=str(dana.pk))
    assert entry.actor == dana
    assert entry.after["signed_in_with"] == "oidc"
    assert entry.after["identity_provider"] == oidc_configured
    # The provider's login is not a second factor unless the setting says so.
    assert not passed_through_identity_provider(client)


def test_the_login_counts_as_a_second_factor_where_the_setting_says_so(
    client, log_in_at_provider, oidc_configured, dana, settings, passed_through_identity_provider
):
    settings.SSO_COUNTS_AS_SECOND_FACTOR = True

    log_in_at_provider(
        client,
        oidc_configured,
        subject="dana-at-hospital",
        claims={"email": "dana.faculty@hospital.example", "email_verified": True},
    )

    assert client.session[SESSION_KEY] == str(dana.pk)
    assert passed_through_identity_provider(client)


def test_an_unknown_email_is_refused_with_a_page_and_no_account_is_made(
    client, log_in_at_provider, oidc_configured, dana, settings
):
    settings.SSO_CONTACT = "the IR program office, ir-office@hospital.example"
    users_before = User.objects.count()

    response = log_in_at_provider(
        client,
        oidc_configured,
        subject="stranger",
        claims={"email": "stranger@hospital.example", "email_verified": True},
    )

    assert response.status_code == 403
    html = response.content.decode()
    assert "No Seldinger account for stranger@hospital.example" in html
    assert "Ask your program coordinator" in html
    assert "the IR program office, ir-office@hospital.example" in html
    assert 'href="/accounts/login/"' in html  # in the site's layout, with a way back
    assert SESSION_KEY not in client.session
    assert User.objects.count() == users_before


def test_an_unconfirmed_email_and_a_deactivated_account_are_refused(
    client, log_in_at_provider, oidc_configured, dana
):
    unconfirmed = log_in_at_provider(
        client,
        oidc_configured,
        subject="dana-unconfirmed",
        claims={"email": "dana.faculty@hospital.example", "email_verified": False},
    )
    dana.is_active = False
    dana.save()
    deactivated = log_in_at_provider(
        client,
        oidc_configured,
        subject="dana-at-hospital",
        claims={"email": "dana.faculty@hospital.example", "email_verified": True},
    )

    assert unconfirmed.status_code == 403
    assert "Your hospital has not confirmed dana.faculty@hospital.example" in (
        unconfirmed.content.decode()
    )
    assert deactivated.status_code == 403
    assert "is deactivated" in deactivated.content.decode()
    assert SESSION_KEY not in client.session


def test_the_login_goes_on_to_the_page_asked_for(client, log_in_at_provider, oidc_configured, dana):
    response = log_in_at_provider(
        client,
        oidc_configured,
        subject="dana-at-hospital",
        claims={"email": "dana.faculty@hospital.example", "email_verified": True},
        start="/sso/oidc/login/?next=/cases/verify/",
    )

    assert response["Location"] == "/cases/verify/"
