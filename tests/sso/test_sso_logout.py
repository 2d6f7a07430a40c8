"""Single logout against the real identity providers on 127.0.0.1: logging out of Seldinger
after a hospital login ends the provider's session too (SAML LogoutRequest; OpenID Connect
RP-initiated logout), and the SAML identity provider's own LogoutRequest ends Seldinger's."""

from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
import requests
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from saml2.response import StatusUnknownPrincipal
from saml2.saml import NAMEID_FORMAT_TRANSIENT, NameID

from seldinger.accounts.models import Role

pytestmark = pytest.mark.slow

SELDINGER = "http://127.0.0.1:8000/sso/saml/metadata/"
CASEY = "casey@hospital.example"


@pytest.fixture
def casey(make_user):
    return make_user("casey", Role.COORDINATOR, email=CASEY)


def local(url):
    """The path and query of one of Seldinger's addresses, for the test client."""
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}" == "http://127.0.0.1:8000", url
    return f"{parts.path}?{parts.query}"


def test_logging_out_after_a_saml_login_sends_a_logout_request_to_the_idp(
    client, saml_idp, casey, log_in_at_idp
):
    log_in_at_idp(client, saml_idp, person=CASEY)
    assert client.session[SESSION_KEY] == str(casey.pk)

    logged_out = client.post(reverse("accounts:logout"))
    assert SESSION_KEY not in client.session
    assert logged_out["Location"] == reverse("sso:saml_logout")
    to_idp = client.get(reverse("sso:saml_logout"))
    assert to_idp.status_code == 302
    assert to_idp["Location"].startswith(f"{saml_idp.address}/slo/redirect?SAMLRequest=")
    idp_answer = requests.get(to_idp["Location"], allow_redirects=False, timeout=10)
    back = client.get(local(idp_answer.headers["Location"]))

    # The IdP was asked to end the session of the person it had logged in.
    (asked,) = saml_idp.logout_requests
    assert asked.name_id.text == saml_idp.name_ids[CASEY].text
    assert asked.issuer.text == SELDINGER
    assert back.status_code == 200
    assert "Your hospital's sign-in has ended your session there too" in (back.content.decode())
    assert client.get(reverse("home:index"))["Location"].startswith(reverse("accounts:login"))
    # The page that starts it does nothing on a link alone.
    assert client.get(reverse("sso:saml_logout"))["Location"] == "/"
    assert len(saml_idp.logout_requests) == 1


def test_the_idps_logout_request_ends_the_seldinger_session(client, saml_idp, casey, log_in_at_idp):
    log_in_at_idp(client, saml_idp, person=CASEY)
    assert client.get(reverse("home:index")).status_code == 200

    answered = client.get(local(saml_idp.logout_of(CASEY, SELDINGER)))

    assert SESSION_KEY not in client.session
    assert client.get(reverse("home:index"))["Location"].startswith(reverse("accounts:login"))
    # Seldinger answers the IdP that the session is over.
    assert answered.status_code == 302
    assert answered["Location"].startswith(f"{saml_idp.address}/slo/redirect?SAMLResponse=")
    requests.get(answered["Location"], allow_redirects=False, timeout=10)
    (confirmed,) = saml_idp.logout_responses
    assert confirmed.status_ok()


def test_a_logout_request_for_someone_else_leaves_the_session_alone(
    client, saml_idp, casey, log_in_at_idp
):
    log_in_at_idp(client, saml_idp, person=CASEY)
    someone_else = NameID(
        text="someone-else", format=NAMEID_FORMAT_TRANSIENT, name_qualifier=saml_idp.address
    )

    answered = client.get(local(saml_idp.logout_of(CASEY, SELDINGER, name_id=someone_else)))

    assert client.session[SESSION_KEY] == str(casey.pk)
    assert client.get(reverse("home:index")).status_code == 200
    requests.get(answered["Location"], allow_redirects=False, timeout=10)
    (answer,) = saml_idp.logout_responses
    assert isinstance(answer, StatusUnknownPrincipal)


def test_a_password_login_logs_out_of_seldinger_only(client, saml_idp, casey, password):
    client.post(reverse("accounts:login"), {"username": "casey", "password": password})
    assert client.session[SESSION_KEY] == str(casey.pk)

    logged_out = client.post(reverse("accounts:logout"))

    assert logged_out["Location"] == "/"
    assert saml_idp.logout_requests == []


def test_logging_out_after_an_oidc_login_ends_the_providers_session(
    client, log_in_at_provider, oidc_configured, casey
):
    log_in_at_provider(
        client,
        oidc_configured,
        subject="casey-at-hospital",
        claims={"email": CASEY, "email_verified": True},
    )
    assert client.session[SESSION_KEY] == str(casey.pk)

    client.post(reverse("accounts:logout"))
    assert SESSION_KEY not in client.session
    to_provider = client.get(reverse("sso:oidc_logout"))

    # The provider's end-session endpoint, from its discovery document, with the ID token
    # it issued for this login as the hint.
    assert to_provider.status_code == 302
    address = urlsplit(to_provider["Location"])
    assert f"{address.scheme}://{address.netloc}{address.path}" == (
        f"{oidc_configured}/oauth2/end_session"
    )
    query = {name: values[0] for name, values in parse_qs(address.query).items()}
    hint = jwt.decode(query["id_token_hint"], options={"verify_signature": False})
    assert hint["iss"] == oidc_configured and hint["aud"] == ["seldinger-tests"]
    assert query["post_logout_redirect_uri"] == "http://127.0.0.1:8000/sso/oidc/logged-out/"
    # The provider's own page ends its session and sends the browser back, with the state.
    form = requests.get(to_provider["Location"], timeout=10)
    confirm = requests.post(
        f"{oidc_configured}/oauth2/end_session/confirm",
        data={"redirect_uri": _form_redirect(form.text)},
        allow_redirects=False,
        timeout=10,
    )
    back = client.get(local(confirm.headers["Location"]))
    assert back.status_code == 200
    assert "Your hospital's sign-in has ended your session there too" in (back.content.decode())
    # A return with no logout behind it claims nothing.
    again = client.get(local(confirm.headers["Location"]))
    assert "did not confirm" in again.content.decode()


def _form_redirect(html):
    marker = 'name="redirect_uri" value="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)].replace("&amp;", "&")
