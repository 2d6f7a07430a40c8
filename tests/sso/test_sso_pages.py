"""Single sign-on without a provider running: the login page's buttons, the pages while it is
not configured, the settings, and which account an e-mail names."""

import socket

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from seldinger import environment
from seldinger.accounts.models import Role
from seldinger.environment import OidcProvider, SamlProvider, SsoSettingError
from seldinger.sso import services
from seldinger.sso.services import Reason, Refusal

HOSPITAL_BUTTON = "Sign in with your hospital"


def test_the_login_page_offers_the_hospital_only_when_configured(client, db, settings):
    plain = client.get(reverse("accounts:login")).content.decode()
    settings.SSO_OIDC = OidcProvider(client_id="c", client_secret="s", issuer="https://idp.example")
    one = client.get(reverse("accounts:login") + "?next=/cases/").content.decode()
    settings.SSO_SAML = SamlProvider(idp_metadata="/nowhere.xml", entity_id=None)
    both = client.get(reverse("accounts:login")).content.decode()

    assert HOSPITAL_BUTTON not in plain
    assert f">{HOSPITAL_BUTTON}</a>" in one
    assert 'href="/sso/oidc/login/?next=/cases/"' in one
    assert f"{HOSPITAL_BUTTON} (OpenID Connect)" in both
    assert f"{HOSPITAL_BUTTON} (SAML)" in both


@pytest.mark.parametrize(
    "method, page",
    [
        ("get", "sso:oidc_login"),
        ("get", "sso:oidc_callback"),
        ("get", "sso:saml_login"),
        ("post", "sso:saml_acs"),
        ("get", "sso:saml_metadata"),
    ],
)
def test_the_pages_of_an_unconfigured_protocol_are_not_found(client, db, method, page):
    assert getattr(client, method)(reverse(page)).status_code == 404


def test_a_provider_that_does_not_answer_gets_a_page_not_a_500(client, db, settings):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    settings.SSO_OIDC = OidcProvider(
        client_id="c", client_secret="s", issuer=f"http://127.0.0.1:{port}"
    )

    response = client.get(reverse("sso:oidc_login"))

    assert response.status_code == 502
    assert "Your hospital's sign-in is not answering" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_an_email_names_one_active_account_whatever_its_case(make_user):
    ann = make_user("ann", Role.RESIDENT, email="Ann.Resident@Hospital.example")
    make_user("twin1", Role.RESIDENT, email="twin@hospital.example")
    make_user("twin2", Role.FACULTY, email="TWIN@hospital.example")
    make_user("gone", Role.RESIDENT, email="gone@hospital.example", is_active=False)

    assert services.account_for(email=" ann.resident@HOSPITAL.example ", verified=True) == ann
    assert services.account_for(email="ann.resident@hospital.example", verified=False) == Refusal(
        Reason.UNVERIFIED_EMAIL, "ann.resident@hospital.example"
    )
    assert services.account_for(email="twin@hospital.example", verified=True).reason == (
        Reason.AMBIGUOUS
    )
    assert services.account_for(email="gone@hospital.example", verified=True).reason == (
        Reason.INACTIVE
    )
    assert services.account_for(email="", verified=True).reason == Reason.NO_EMAIL
    assert services.account_for(email="x@y.example", verified=True).reason == Reason.NO_ACCOUNT


def test_settings_are_off_unless_set_and_a_half_configuration_is_named(monkeypatch):
    for name in (
        "SELDINGER_OIDC_ISSUER",
        "SELDINGER_OIDC_CLIENT_ID",
        "SELDINGER_OIDC_CLIENT_SECRET",
        "SELDINGER_SAML_IDP_METADATA",
        "SELDINGER_SAML_ENTITY_ID",
        "SELDINGER_SSO_COUNTS_AS_SECOND_FACTOR",
    ):
        monkeypatch.delenv(name, raising=False)
    assert environment.oidc_provider() is None
    assert environment.saml_provider() is None
    assert environment.sso_counts_as_second_factor() is False

    monkeypatch.setenv("SELDINGER_OIDC_CLIENT_ID", "seldinger")
    with pytest.raises(SsoSettingError, match="SELDINGER_OIDC_CLIENT_SECRET"):
        environment.oidc_provider()
    monkeypatch.setenv("SELDINGER_OIDC_CLIENT_SECRET", "secret")
    with pytest.raises(SsoSettingError, match="SELDINGER_OIDC_TOKEN_ENDPOINT"):
        environment.oidc_provider()
    monkeypatch.setenv("SELDINGER_OIDC_ISSUER", "https://login.hospital.example/")
    assert environment.oidc_provider() == OidcProvider(
        client_id="seldinger", client_secret="secret", issuer="https://login.hospital.example"
    )

    monkeypatch.setenv("SELDINGER_SAML_ENTITY_ID", "https://seldinger.example/saml")
    with pytest.raises(SsoSettingError, match="SELDINGER_SAML_IDP_METADATA"):
        environment.saml_provider()
    monkeypatch.setenv("SELDINGER_SAML_IDP_METADATA", "https://idp.hospital.example/metadata")
    assert environment.saml_provider() == SamlProvider(
        idp_metadata="https://idp.hospital.example/metadata",
        entity_id="https://seldinger.example/saml",
    )

    monkeypatch.setenv("SELDINGER_SSO_COUNTS_AS_SECOND_FACTOR", "yes please")
    with pytest.raises(SsoSettingError, match="must be 1 or 0"):
        environment.sso_counts_as_second_factor()
    monkeypatch.setenv("SELDINGER_SSO_COUNTS_AS_SECOND_FACTOR", "1")
    assert environment.sso_counts_as_second_factor() is True


def test_the_saml_signing_key_and_idp_initiated_login_are_read_and_checked(monkeypatch):
    for name in (
        "SELDINGER_SAML_ENTITY_ID",
        "SELDINGER_SAML_SP_KEY_FILE",
        "SELDINGER_SAML_SP_CERT_FILE",
        "SELDINGER_SAML_ALLOW_IDP_INITIATED",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("SELDINGER_SAML_IDP_METADATA", raising=False)
    monkeypatch.setenv("SELDINGER_SAML_SP_KEY_FILE", "/etc/seldinger/saml.key")
    with pytest.raises(SsoSettingError, match="SELDINGER_SAML_SP_KEY_FILE is set but"):
        environment.saml_provider()

    monkeypatch.setenv("SELDINGER_SAML_IDP_METADATA", "/etc/seldinger/idp.xml")
    with pytest.raises(SsoSettingError, match="SELDINGER_SAML_SP_CERT_FILE"):
        environment.saml_provider()
    monkeypatch.setenv("SELDINGER_SAML_SP_CERT_FILE", "/etc/seldinger/saml.crt")
    monkeypatch.setenv("SELDINGER_SAML_ALLOW_IDP_INITIATED", "maybe")
    with pytest.raises(SsoSettingError, match="SELDINGER_SAML_ALLOW_IDP_INITIATED must be 1 or 0"):
        environment.saml_provider()

    monkeypatch.delenv("SELDINGER_SAML_ALLOW_IDP_INITIATED")
    assert environment.saml_provider() == SamlProvider(
        idp_metadata="/etc/seldinger/idp.xml",
        entity_id=None,
        sp_key_file="/etc/seldinger/saml.key",
        sp_cert_file="/etc/seldinger/saml.crt",
        allow_idp_initiated=False,
    )
    monkeypatch.setenv("SELDINGER_SAML_ALLOW_IDP_INITIATED", "1")
    assert environment.saml_provider().allow_idp_initiated is True
