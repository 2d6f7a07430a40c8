"""Real identity providers on 127.0.0.1 for the single sign-on tests: an OpenID Connect provider
(oidc-provider-mock, a Flask app over authlib) and a SAML 2.0 identity provider (pysaml2's own
``Server``, signing with Debian's xmlsec1 and a key made for the test), each served over HTTP
on a free port in a thread."""

from __future__ import annotations

import base64
import datetime as dt
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import oidc_provider_mock
import pytest
import requests
import saml2
import saml2.response
import saml2.samlp
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from django.urls import reverse
from saml2.config import IdPConfig
from saml2.metadata import create_metadata_string, entity_descriptor
from saml2.saml import NAME_FORMAT_URI
from saml2.server import Server
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from seldinger.environment import OidcProvider, SamlProvider
from seldinger.mfa import session as second_factor
from seldinger.sso import oidc, saml

XMLSEC = "/usr/bin/xmlsec1"


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """``app`` (WSGI) served on 127.0.0.1 at a free port, in a thread; its base address."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


class FormReader(HTMLParser):
    """The first form of a page: its action and its fields (as a browser would post them)."""

    def __init__(self) -> None:
        super().__init__()
        self.action: str | None = None
        self.fields: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "form" and self.action is None:
            self.action = named.get("action") or ""
        elif tag == "input" and named.get("name"):
            self.fields[str(named["name"])] = named.get("value") or ""


def first_form(html: str) -> FormReader:
    reader = FormReader()
    reader.feed(html)
    assert reader.action, f"no form on the page: {html[:500]}"
    return reader


@pytest.fixture
def read_form() -> Any:
    """``read_form(html)``: the page's first form, its action and fields."""
    return first_form


@pytest.fixture(autouse=True)
def _providers_read_afresh() -> Iterator[None]:
    """Each test reads its provider's configuration anew (it is cached across logins)."""
    oidc._discovered.clear()
    saml._loaded.clear()
    yield
    oidc._discovered.clear()
    saml._loaded.clear()


# OpenID Connect ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def oidc_issuer() -> Iterator[str]:
    """A running OpenID Connect provider; any client id and secret are accepted."""
    with serving(oidc_provider_mock.app()) as address:
        yield address


@pytest.fixture
def oidc_configured(settings: Any, oidc_issuer: str) -> str:
    settings.SSO_OIDC = OidcProvider(
        client_id="seldinger-tests", client_secret="a-client-secret", issuer=oidc_issuer
    )
    return oidc_issuer


def _log_in_at_provider(client, issuer, *, subject, claims, start="/sso/oidc/login/"):
    """The person signs in at the hospital's provider as ``subject`` with ``claims``; the
    response of Seldinger's callback."""
    stored = requests.put(f"{issuer}/users/{quote(subject)}", json=claims, timeout=10)
    assert stored.status_code == 204
    started = client.get(start)
    assert started.status_code == 302
    authorize = started["Location"]
    assert authorize.startswith(f"{issuer}/")
    # The provider's login form: the person picks themselves and authorizes.
    answered = requests.post(authorize, data={"sub": subject}, allow_redirects=False, timeout=10)
    assert answered.status_code == 302, answered.text[:500]
    back = urlsplit(answered.headers["Location"])
    assert back.path == reverse("sso:oidc_callback")
    return client.get(f"{back.path}?{back.query}")


@pytest.fixture
def log_in_at_provider() -> Any:
    """``log_in_at_provider(client, issuer, subject=..., claims=...)``: a whole OIDC login."""
    return _log_in_at_provider


# SAML 2.0 ------------------------------------------------------------------------------------


def _self_signed(directory: Path, name: str) -> tuple[Path, Path]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    key_file, cert_file = directory / f"{name}.key", directory / f"{name}.crt"
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return key_file, cert_file


@dataclass
class IdentityProvider:
    """A pysaml2 identity provider at ``address``, where ``person`` (an e-mail, or None for no
    e-mail attribute) has logged in; ``metadata`` is its metadata file.

    It keeps what it received: ``authn_requests`` (each AuthnRequest, its signature, if any,
    checked by pysaml2 against the certificate in Seldinger's metadata) and
    ``logout_requests``; ``name_ids`` is whom it told Seldinger each person is."""

    address: str
    metadata: Path
    person: str | None = None
    server: Server | None = None
    authn_requests: list[Any] = field(default_factory=list)
    logout_requests: list[Any] = field(default_factory=list)
    logout_responses: list[Any] = field(default_factory=list)
    name_ids: dict[str, Any] = field(default_factory=dict)

    def trust(
        self, service_provider_metadata: str, directory: Path, config: dict[str, Any]
    ) -> None:
        """Learn the service provider from its metadata (as an IdP's administrator would)."""
        path = directory / "sp.xml"
        path.write_text(service_provider_metadata)
        self.server = Server(config=_idp_config({**config, "metadata": {"local": [str(path)]}}))

    def app(self, environ: Any, start_response: Any) -> Any:
        request = Request(environ)
        if self.server is None:
            return Response("not found", status=404)(environ, start_response)
        if request.path == "/sso/post":
            answer = self._answer_login(request)
        elif request.path == "/slo/redirect":
            answer = self._answer_logout(request)
        else:
            answer = Response("not found", status=404)
        return answer(environ, start_response)

    def _answer_login(self, request: Request) -> Response:
        server = self.server
        assert server is not None
        authn = server.parse_authn_request(request.form["SAMLRequest"], saml2.BINDING_HTTP_POST)
        asked = authn.message
        self.authn_requests.append(asked)
        binding, destination = server.pick_binding(
            "assertion_consumer_service", entity_id=asked.issuer.text, request=asked
        )
        posted = self.response_for(
            destination, asked.issuer.text, in_response_to=asked.id, request=asked
        )
        relay_state = request.form.get("RelayState", "")
        page = server.apply_binding(binding, posted, destination, relay_state, response=True)
        return Response(page["data"], content_type="text/html")

    def response_for(
        self, destination: str, sp_entity_id: str, *, in_response_to: str | None, request: Any
    ) -> str:
        """A signed assertion that ``person`` has logged in, for the service provider."""
        server = self.server
        assert server is not None
        person = self.person
        identity = {"mail": [person], "givenName": ["Test"]} if person else {"cn": ["x"]}
        answer = server.create_authn_response(
            identity=identity,
            in_response_to=in_response_to,
            destination=destination,
            sp_entity_id=sp_entity_id,
            name_id_policy=request.name_id_policy if request is not None else None,
            userid=person or "nobody",
            authn={"class_ref": saml2.saml.AUTHN_PASSWORD_PROTECTED},
            sign_assertion=True,
            sign_response=False,
        )
        text = str(answer)
        parsed = saml2.samlp.response_from_string(text)
        self.name_ids[person or "nobody"] = parsed.assertion[0].subject.name_id
        return text

    def unsolicited_login(
        self, sp_entity_id: str, acs: str, relay_state: str = ""
    ) -> dict[str, str]:
        """The fields of the form an IdP-initiated login posts to Seldinger's ACS."""
        text = self.response_for(acs, sp_entity_id, in_response_to=None, request=None)
        fields = {"SAMLResponse": base64.b64encode(text.encode()).decode()}
        if relay_state:
            fields["RelayState"] = relay_state
        return fields

    def _answer_logout(self, request: Request) -> Response:
        server = self.server
        assert server is not None
        if "SAMLResponse" in request.args:
            try:
                answer = server.parse_logout_request_response(
                    request.args["SAMLResponse"], saml2.BINDING_HTTP_REDIRECT
                )
            except saml2.response.StatusError as refusal:  # pysaml2 raises a failed status
                answer = refusal
            self.logout_responses.append(answer)
            return Response("logged out", content_type="text/plain")
        parsed = server.parse_logout_request(
            request.args["SAMLRequest"], saml2.BINDING_HTTP_REDIRECT
        )
        self.logout_requests.append(parsed.message)
        answer = server.create_logout_response(parsed.message, [saml2.BINDING_HTTP_REDIRECT])
        destination = self.sp_single_logout_service(parsed.message.issuer.text)
        sent = server.apply_binding(
            saml2.BINDING_HTTP_REDIRECT,
            str(answer),
            destination,
            request.args.get("RelayState", ""),
            response=True,
        )
        return Response(status=302, headers=dict(sent["headers"]))

    def sp_single_logout_service(self, sp_entity_id: str) -> str:
        assert self.server is not None
        services = self.server.metadata.single_logout_service(
            sp_entity_id, saml2.BINDING_HTTP_REDIRECT, "spsso"
        )
        return str(services[0]["location"])

    def logout_of(self, person: str, sp_entity_id: str, *, name_id: Any = None) -> str:
        """The address of the LogoutRequest the IdP sends through the browser when ``person``
        logs out at the hospital (HTTP-Redirect binding); ``name_id`` to name someone else."""
        server = self.server
        assert server is not None
        destination = self.sp_single_logout_service(sp_entity_id)
        _, asked = server.create_logout_request(
            destination, sp_entity_id, name_id=name_id or self.name_ids[person], sign=False
        )
        sent = server.apply_binding(saml2.BINDING_HTTP_REDIRECT, str(asked), destination, "")
        return str(dict(sent["headers"])["Location"])


def _idp_config(config: dict[str, Any]) -> IdPConfig:
    loaded = IdPConfig()
    loaded.load(config)
    return loaded


@pytest.fixture(scope="module")
def saml_keys(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    directory = tmp_path_factory.mktemp("saml")
    return directory, *_self_signed(directory, "idp")


@pytest.fixture(scope="module")
def sp_keys(saml_keys: tuple[Path, Path, Path]) -> tuple[Path, Path]:
    """Seldinger's own key and certificate, for signing its requests."""
    return _self_signed(saml_keys[0], "seldinger")


@pytest.fixture
def saml_options() -> dict[str, Any]:
    """More of Seldinger's SAML settings (``SamlProvider`` fields); a module may override."""
    return {}


@pytest.fixture
def idp_options() -> dict[str, Any]:
    """More of the identity provider's ``idp`` service settings; a module may override."""
    return {}


@pytest.fixture
def saml_idp(
    settings: Any,
    saml_keys: tuple[Path, Path, Path],
    saml_options: dict[str, Any],
    idp_options: dict[str, Any],
) -> Iterator[IdentityProvider]:
    """A running SAML identity provider, and Seldinger configured to trust it (and it Seldinger)."""
    if not Path(XMLSEC).exists():
        pytest.skip("Debian's xmlsec1 is not installed (CI installs it)")
    directory, key_file, cert_file = saml_keys
    idp = IdentityProvider(address="", metadata=directory / "idp.xml")
    with serving(idp.app) as address:
        idp.address = address
        config = {
            "entityid": f"{address}/metadata",
            "xmlsec_binary": XMLSEC,
            "key_file": str(key_file),
            "cert_file": str(cert_file),
            "service": {
                "idp": {
                    "endpoints": {
                        "single_sign_on_service": [
                            (f"{address}/sso/post", saml2.BINDING_HTTP_POST)
                        ],
                        "single_logout_service": [
                            (f"{address}/slo/redirect", saml2.BINDING_HTTP_REDIRECT)
                        ],
                    },
                    "policy": {
                        "default": {"lifetime": {"minutes": 15}, "name_form": NAME_FORMAT_URI}
                    },
                    **idp_options,
                }
            },
        }
        idp.metadata.write_text(
            create_metadata_string(None, config=_idp_config(dict(config))).decode()
        )
        settings.SSO_SAML = SamlProvider(
            idp_metadata=str(idp.metadata), entity_id=None, **saml_options
        )
        idp.trust(str(entity_descriptor(saml.service_provider_config())), directory, config)
        yield idp


@pytest.fixture
def log_in_at_idp(read_form):
    return lambda client, idp, **kwargs: _log_in_at_idp(read_form, client, idp, **kwargs)


def _log_in_at_idp(read_form, client, idp, *, person, start="/sso/saml/login/"):
    """``person`` (an e-mail) signs in at the identity provider; Seldinger's answer to the
    provider's response, posted as the browser would."""
    idp.person = person
    page = client.get(start)
    assert page.status_code == 200
    # Seldinger's page holds the AuthnRequest in a form that a static script submits.
    outgoing = read_form(page.content.decode())
    assert outgoing.action == f"{idp.address}/sso/post"
    assert "<script>" not in page.content.decode()
    answer = requests.post(outgoing.action, data=outgoing.fields, timeout=10)
    assert answer.status_code == 200, answer.text[:500]
    incoming = read_form(answer.text)
    assert incoming.action.endswith(reverse("sso:saml_acs"))
    return client.post(reverse("sso:saml_acs"), incoming.fields)


@pytest.fixture
def passed_through_identity_provider() -> Any:
    """Whether a test client's session passed its second step through the identity provider
    (the record is seldinger.mfa.session's)."""

    def passed(client: Any) -> bool:
        record = client.session.get(second_factor.SESSION_KEY)
        return isinstance(record, dict) and record["how"] == "identity-provider"

    return passed
