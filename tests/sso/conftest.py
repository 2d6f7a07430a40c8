"""Real identity providers on 127.0.0.1 for the single sign-on tests: an OpenID Connect provider
(oidc-provider-mock, a Flask app over authlib) and a SAML 2.0 identity provider (pysaml2's own
``Server``, signing with Debian's xmlsec1 and a key made for the test), each served over HTTP
on a free port in a thread."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import oidc_provider_mock
import pytest
import saml2
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
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
    e-mail attribute) has logged in; ``metadata`` is its metadata file."""

    address: str
    metadata: Path
    person: str | None = None
    server: Server | None = None

    def trust(
        self, service_provider_metadata: str, directory: Path, config: dict[str, Any]
    ) -> None:
        """Learn the service provider from its metadata (as an IdP's administrator would)."""
        path = directory / "sp.xml"
        path.write_text(service_provider_metadata)
        self.server = Server(config=_idp_config({**config, "metadata": {"local": [str(path)]}}))

    def app(self, environ: Any, start_response: Any) -> Any:
        request = Request(environ)
        if request.path != "/sso/post" or self.server is None:
            return Response("not found", status=404)(environ, start_response)
        server = self.server
        authn = server.parse_authn_request(request.form["SAMLRequest"], saml2.BINDING_HTTP_POST)
        asked = authn.message
        binding, destination = server.pick_binding(
            "assertion_consumer_service", entity_id=asked.issuer.text, request=asked
        )
        identity = {"mail": [self.person], "givenName": ["Test"]} if self.person else {"cn": ["x"]}
        answer = server.create_authn_response(
            identity=identity,
            in_response_to=asked.id,
            destination=destination,
            sp_entity_id=asked.issuer.text,
            name_id_policy=asked.name_id_policy,
            userid=self.person or "nobody",
            authn={"class_ref": saml2.saml.AUTHN_PASSWORD_PROTECTED},
            sign_assertion=True,
            sign_response=False,
        )
        posted = server.apply_binding(
            binding, str(answer), destination, request.form.get("RelayState", ""), response=True
        )
        return Response(posted["data"], content_type="text/html")(environ, start_response)


def _idp_config(config: dict[str, Any]) -> IdPConfig:
    loaded = IdPConfig()
    loaded.load(config)
    return loaded


@pytest.fixture(scope="module")
def saml_keys(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    directory = tmp_path_factory.mktemp("saml")
    return directory, *_self_signed(directory, "idp")


@pytest.fixture
def saml_idp(settings: Any, saml_keys: tuple[Path, Path, Path]) -> Iterator[IdentityProvider]:
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
                        "single_sign_on_service": [(f"{address}/sso/post", saml2.BINDING_HTTP_POST)]
                    },
                    "policy": {
                        "default": {"lifetime": {"minutes": 15}, "name_form": NAME_FORMAT_URI}
                    },
                }
            },
        }
        idp.metadata.write_text(
            create_metadata_string(None, config=_idp_config(dict(config))).decode()
        )
        settings.SSO_SAML = SamlProvider(idp_metadata=str(idp.metadata), entity_id=None)
        idp.trust(str(entity_descriptor(saml.service_provider_config())), directory, config)
        yield idp


@pytest.fixture
def passed_through_identity_provider() -> Any:
    """Whether a test client's session passed its second step through the identity provider
    (the record is seldinger.mfa.session's)."""

    def passed(client: Any) -> bool:
        record = client.session.get(second_factor.SESSION_KEY)
        return isinstance(record, dict) and record["how"] == "identity-provider"

    return passed
