"""SAML 2.0 login against a real pysaml2 identity provider on 127.0.0.1: Seldinger's
AuthnRequest goes out through the POST-binding form, the provider answers with an assertion it
signs (xmlsec1), and the browser posts it to Seldinger's assertion consumer service."""

import base64

import pytest
import requests
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from seldinger.accounts.models import Role, User
from seldinger.audit.models import AuditEntry

pytestmark = pytest.mark.slow


@pytest.fixture
def casey(make_user):
    return make_user("casey", Role.COORDINATOR, email="Casey.Coordinator@Hospital.example")


def test_a_known_email_logs_in_with_a_signed_assertion(
    client, saml_idp, casey, log_in_at_idp, passed_through_identity_provider
):
    response = log_in_at_idp(client, saml_idp, person="casey.coordinator@hospital.example")

    assert response.status_code == 302
    assert response["Location"] == reverse("home:index")
    assert client.session[SESSION_KEY] == str(casey.pk)
    entry = AuditEntry.objects.get(record_type="accounts.User", record_id=str(casey.pk))
    assert entry.after["signed_in_with"] == "saml"
    assert entry.after["identity_provider"] == f"{saml_idp.address}/metadata"
    assert not passed_through_identity_provider(client)


def test_the_login_counts_as_a_second_factor_where_the_setting_says_so(
    client, saml_idp, casey, log_in_at_idp, settings, passed_through_identity_provider
):
    settings.SSO_COUNTS_AS_SECOND_FACTOR = True

    log_in_at_idp(client, saml_idp, person="casey.coordinator@hospital.example")

    assert client.session[SESSION_KEY] == str(casey.pk)
    assert passed_through_identity_provider(client)


def test_an_unknown_email_is_refused_with_a_page_and_no_account_is_made(
    client, saml_idp, casey, log_in_at_idp, settings
):
    settings.SSO_CONTACT = "ir-office@hospital.example"
    users_before = User.objects.count()

    response = log_in_at_idp(client, saml_idp, person="new.resident@hospital.example")

    assert response.status_code == 403
    html = response.content.decode()
    assert "No Seldinger account for new.resident@hospital.example" in html
    assert "ir-office@hospital.example" in html
    assert SESSION_KEY not in client.session
    assert User.objects.count() == users_before


def test_an_assertion_without_an_email_or_a_tampered_one_logs_no_one_in(
    client, saml_idp, casey, log_in_at_idp, read_form
):
    no_email = log_in_at_idp(client, saml_idp, person=None)

    saml_idp.person = "casey.coordinator@hospital.example"
    outgoing = read_form(client.get("/sso/saml/login/").content.decode())
    incoming = read_form(requests.post(outgoing.action, data=outgoing.fields, timeout=10).text)
    signed = base64.b64decode(incoming.fields["SAMLResponse"]).decode()
    forged = signed.replace("casey.coordinator@hospital.example", "admin@hospital.example")
    assert forged != signed
    incoming.fields["SAMLResponse"] = base64.b64encode(forged.encode()).decode()
    tampered = client.post(reverse("sso:saml_acs"), incoming.fields)

    assert no_email.status_code == 403
    assert "Your hospital sent no e-mail address" in no_email.content.decode()
    assert tampered.status_code == 403
    assert "did not finish" in tampered.content.decode()
    assert SESSION_KEY not in client.session


def test_seldingers_metadata_names_its_entity_id_and_assertion_consumer_service(client, saml_idp):
    response = client.get(reverse("sso:saml_metadata"))

    assert response.status_code == 200
    xml = response.content.decode()
    assert 'entityID="http://127.0.0.1:8000/sso/saml/metadata/"' in xml
    assert 'Location="http://127.0.0.1:8000/sso/saml/acs/"' in xml
    assert 'WantAssertionsSigned="true"' in xml


def test_a_login_the_identity_provider_starts_is_refused_by_default(client, saml_idp, casey):
    saml_idp.person = "casey.coordinator@hospital.example"
    unsolicited = saml_idp.unsolicited_login(
        "http://127.0.0.1:8000/sso/saml/metadata/", "http://127.0.0.1:8000/sso/saml/acs/"
    )

    response = client.post(reverse("sso:saml_acs"), unsolicited)

    assert response.status_code == 403
    assert "did not finish" in response.content.decode()
    assert SESSION_KEY not in client.session
