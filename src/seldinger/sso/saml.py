"""SAML 2.0 login (djangosaml2 over pysaml2, which signs and checks with Debian's xmlsec1): the
assertion must be signed by the identity provider named in the metadata, and its e-mail maps
to an existing account.

The service provider's configuration is built from ``settings.SSO_SAML`` when a SAML page is
asked for (``SAML_CONFIG_LOADER``), and kept for ``CONFIG_SECONDS``: metadata read from a URL
is not fetched again for every login.
"""

from __future__ import annotations

import shutil
import time
from typing import Any

import saml2
from django.conf import settings
from django.contrib import auth
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from djangosaml2.backends import Saml2Backend
from djangosaml2.views import AssertionConsumerServiceView, LoginView, MetadataView
from saml2.config import SPConfig
from saml2.saml import NAMEID_FORMAT_EMAILADDRESS

from seldinger.environment import SamlProvider
from seldinger.sso import services
from seldinger.sso.services import Protocol, Reason, Refusal
from seldinger.sso.views import refused

#: How long a loaded configuration (and the identity provider's metadata) is kept.
CONFIG_SECONDS = 3600
#: The attributes an e-mail address may come in (pysaml2 names the standard OID ``mail``),
#: before the NameID when its format is an e-mail address.
EMAIL_ATTRIBUTES = ("email", "mail", "emailAddress", "urn:oid:0.9.2342.19200300.100.1.3")

_loaded: dict[tuple[str, str, str], tuple[float, SPConfig]] = {}


def provider() -> SamlProvider:
    configured: SamlProvider | None = settings.SSO_SAML
    if configured is None:
        raise Http404("SAML login is not configured.")
    return configured


def entity_id(of: SamlProvider) -> str:
    """Seldinger's entity id: the setting, else the address of its metadata."""
    return of.entity_id or settings.SITE_URL + reverse("sso:saml_metadata")


def assertion_consumer_service() -> str:
    return settings.SITE_URL + reverse("sso:saml_acs")


def service_provider_config(request: HttpRequest | None = None) -> SPConfig:
    """pysaml2's configuration of Seldinger as a service provider (djangosaml2's loader)."""
    of = provider()
    key = (of.idp_metadata, entity_id(of), assertion_consumer_service())
    cached = _loaded.get(key)
    if cached and time.monotonic() - cached[0] < CONFIG_SECONDS:
        return cached[1]
    source = of.idp_metadata
    metadata = (
        {"remote": [{"url": source}]}
        if source.startswith(("https://", "http://"))
        else {"local": [source]}
    )
    config = SPConfig()
    config.load(
        {
            "xmlsec_binary": shutil.which("xmlsec1") or "/usr/bin/xmlsec1",
            "entityid": key[1],
            "allow_unknown_attributes": True,
            "service": {
                "sp": {
                    "name": "Seldinger",
                    "endpoints": {
                        "assertion_consumer_service": [(key[2], saml2.BINDING_HTTP_POST)],
                    },
                    # Only answers to a login Seldinger asked for (no IdP-initiated login).
                    "allow_unsolicited": False,
                    "authn_requests_signed": False,
                    "want_assertions_signed": True,
                    "want_response_signed": False,
                },
            },
            "metadata": metadata,
        }
    )
    _loaded[key] = (time.monotonic(), config)
    return config


def email_of(session_info: dict[str, Any]) -> str | None:
    """The e-mail address a signed assertion gives: an e-mail attribute, else the NameID when
    its format is an e-mail address."""
    attributes = session_info.get("ava") or {}
    for name in EMAIL_ATTRIBUTES:
        values = attributes.get(name)
        if values:
            return str(values[0])
    name_id = session_info.get("name_id")
    if name_id is not None and getattr(name_id, "format", None) == NAMEID_FORMAT_EMAILADDRESS:
        return str(name_id.text)
    return None


class HospitalSamlBackend(Saml2Backend):
    """Logs in the one active account the assertion's e-mail names; creates none."""

    def authenticate(
        self,
        request: HttpRequest | None,
        session_info: dict[str, Any] | None = None,
        attribute_mapping: dict[str, Any] | None = None,
        create_unknown_user: bool = False,
        assertion_info: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> Any:
        if request is None or session_info is None or settings.SSO_SAML is None:
            return None
        # The identity provider signed the assertion: its e-mail is as confirmed as it gets.
        outcome = services.account_for(email=email_of(session_info), verified=True)
        if isinstance(outcome, Refusal):
            services.refuse(request, outcome, protocol=Protocol.SAML)
            return None
        return outcome


class SamlLoginView(LoginView):
    """Sends the browser to the identity provider with an AuthnRequest (POST binding: a form
    that a static script submits, as the site's content security policy allows no inline one)."""

    post_binding_form_template = "sso/saml_post_binding_form.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        provider()
        try:
            response: HttpResponse = super().get(request, *args, **kwargs)
        except Exception as error:  # pysaml2 raises many kinds for unreadable metadata
            refusal = Refusal(Reason.PROVIDER, detail=f"{type(error).__name__}: {error}")
            services.refuse(request, refusal, protocol=Protocol.SAML)
            return refused(request, refusal)
        return response


class SamlAcsView(AssertionConsumerServiceView):
    """Where the identity provider posts its response: log in, or say why not."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        provider()
        response: HttpResponse = super().post(request)
        return response

    def handle_acs_failure(
        self,
        request: HttpRequest,
        exception: Exception | None = None,
        status: int = 403,
        **kwargs: Any,
    ) -> HttpResponse:
        refusal = services.refusal_of(request) or Refusal(
            Reason.NOT_COMPLETED, detail=type(exception).__name__ if exception else ""
        )
        return refused(request, refusal)

    def authenticate_user(
        self,
        request: HttpRequest,
        session_info: dict[str, Any],
        attribute_mapping: dict[str, Any],
        create_unknown_user: bool,
        assertion_info: dict[str, Any],
    ) -> Any:
        user = auth.authenticate(
            request=request,
            session_info=session_info,
            attribute_mapping=attribute_mapping,
            create_unknown_user=False,
            assertion_info=assertion_info,
        )
        if user is None:
            raise PermissionDenied("No Seldinger account for this login.")
        services.log_in(
            request, user, protocol=Protocol.SAML, identity_provider=str(session_info["issuer"])
        )
        return user


class SamlMetadataView(MetadataView):
    """Seldinger's own metadata, for the identity provider's administrators."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        provider()
        response: HttpResponse = super().get(request, *args, **kwargs)
        return response
