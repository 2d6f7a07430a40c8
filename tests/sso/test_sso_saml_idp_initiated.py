"""A login the hospital's identity provider starts (an unsolicited SAML response), accepted
only where ``SELDINGER_SAML_ALLOW_IDP_INITIATED`` says so, then mapped and audited like any
other, against the real pysaml2 identity provider on 127.0.0.1."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from seldinger.accounts.models import Role
from seldinger.audit.models import AuditEntry

pytestmark = pytest.mark.slow

SELDINGER = "http://127.0.0.1:8000/sso/saml/metadata/"
ACS = "http://127.0.0.1:8000/sso/saml/acs/"


@pytest.fixture
def saml_options():
    return {"allow_idp_initiated": True}


@pytest.fixture
def casey(make_user):
    return make_user("casey", Role.COORDINATOR, email="casey@hospital.example")


def test_an_unsolicited_response_logs_in_the_account_of_its_email(
    client, saml_idp, casey, passed_through_identity_provider
):
    saml_idp.person = "casey@hospital.example"

    response = client.post(reverse("sso:saml_acs"), saml_idp.unsolicited_login(SELDINGER, ACS))

    assert response.status_code == 302
    assert response["Location"] == reverse("home:index")
    assert client.session[SESSION_KEY] == str(casey.pk)
    entry = AuditEntry.objects.get(record_type="accounts.User", record_id=str(casey.pk))
    assert entry.after["signed_in_with"] == "saml"
    assert not passed_through_identity_provider(client)


def test_it_counts_as_a_second_factor_only_where_that_setting_says_so(
    client, saml_idp, casey, settings, passed_through_identity_provider
):
    settings.SSO_COUNTS_AS_SECOND_FACTOR = True
    saml_idp.person = "casey@hospital.example"

    client.post(reverse("sso:saml_acs"), saml_idp.unsolicited_login(SELDINGER, ACS))

    assert client.session[SESSION_KEY] == str(casey.pk)
    assert passed_through_identity_provider(client)


def test_an_unknown_email_is_refused_and_a_foreign_relay_state_is_not_followed(
    client, saml_idp, casey
):
    saml_idp.person = "stranger@hospital.example"
    refused = client.post(reverse("sso:saml_acs"), saml_idp.unsolicited_login(SELDINGER, ACS))
    saml_idp.person = "casey@hospital.example"
    sent_elsewhere = client.post(
        reverse("sso:saml_acs"),
        saml_idp.unsolicited_login(SELDINGER, ACS, relay_state="https://evil.example/"),
    )

    assert refused.status_code == 403
    assert "No Seldinger account for stranger@hospital.example" in refused.content.decode()
    assert sent_elsewhere.status_code == 302
    assert sent_elsewhere["Location"] == reverse("home:index")
