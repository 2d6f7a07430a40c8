"""Seldinger signs its SAML requests with its own key when the settings name one: the real
pysaml2 identity provider on 127.0.0.1, set to want signed requests, checks each signature
against the certificate in Seldinger's metadata."""

import base64
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from seldinger.accounts.models import Role

pytestmark = pytest.mark.slow


@pytest.fixture
def saml_options(sp_keys):
    key_file, cert_file = sp_keys
    return {"sp_key_file": str(key_file), "sp_cert_file": str(cert_file)}


@pytest.fixture
def idp_options():
    return {"want_authn_requests_signed": True}


@pytest.fixture
def casey(make_user):
    return make_user("casey", Role.COORDINATOR, email="casey@hospital.example")


def test_the_idp_receives_a_signed_authn_request_and_the_login_works(
    client, saml_idp, casey, log_in_at_idp, sp_keys
):
    response = log_in_at_idp(client, saml_idp, person="casey@hospital.example")

    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(casey.pk)
    (received,) = saml_idp.authn_requests
    # pysaml2 checked this signature with the certificate from Seldinger's metadata.
    assert received.signature is not None
    certificate = "".join(sp_keys[1].read_text().splitlines()[1:-1])
    assert certificate in received.signature.to_string().decode()


def test_a_request_changed_on_the_way_is_refused_by_the_idp(db, client, saml_idp, read_form):
    outgoing = read_form(client.get(reverse("sso:saml_login")).content.decode())
    signed = base64.b64decode(outgoing.fields["SAMLRequest"]).decode()
    changed = signed.replace("http://127.0.0.1:8000/sso/saml/acs/", "https://evil.example/acs")
    assert changed != signed
    outgoing.fields["SAMLRequest"] = base64.b64encode(changed.encode()).decode()

    answer = requests.post(outgoing.action, data=outgoing.fields, timeout=10)

    assert answer.status_code == 500
    assert saml_idp.authn_requests == []


def test_the_metadata_publishes_the_signing_certificate(client, saml_idp, sp_keys):
    xml = client.get(reverse("sso:saml_metadata")).content.decode()

    assert 'AuthnRequestsSigned="true"' in xml
    assert 'use="signing"' in xml
    assert "".join(sp_keys[1].read_text().splitlines()[1:-1]) in xml


def test_the_logout_request_is_signed_too(client, saml_idp, casey, log_in_at_idp):
    log_in_at_idp(client, saml_idp, person="casey@hospital.example")
    client.post(reverse("accounts:logout"))

    to_idp = client.get(reverse("sso:saml_logout"))

    query = parse_qs(urlsplit(to_idp["Location"]).query)
    assert query["SigAlg"] == ["http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"]
    assert query["Signature"][0]
