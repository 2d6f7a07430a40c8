"""SAML 2.0 login (djangosaml2 over pysaml2, which signs and checks with Debian's xmlsec1): the
assertion must be signed by the identity provider named in the metadata, and its e-mail maps
to an existing account.

The service provider's configuration is built from ``settings.SSO_SAML`` when a SAML page is
asked for (``SAML_CONFIG_LOADER``), and kept for ``CONFIG_SECONDS``: metadata read from a URL
is not fetched again for every login. With Seldinger's own key and certificate set, its
AuthnRequests and LogoutRequests are signed. A login the identity provider starts (an
unsolicited response) is accepted only where ``allow_idp_initiated`` says so.

Single logout, front channel (HTTP-Redirect first, then HTTP-POST): logging out of Seldinger
after a SAML login sends a LogoutRequest to the identity provider (``SamlLogoutView``), and
a LogoutRequest from the identity provider ends the browser's Seldinger session
(``SamlSingleLogoutServiceView``). The SOAP back channel is not offered: djangosaml2 has none.
"""

from __future__ import annotations

import logging
import shutil
import time
from html.parser import HTMLParser
from typing import Any

import saml2
import saml2.xmldsig
from django.conf import settings
from django.contrib import auth
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View
from djangosaml2.backends import Saml2Backend
from djangosaml2.utils import get_location
from djangosaml2.views import (
    AssertionConsumerServiceView,
    LoginView,
    LogoutView,
    MetadataView,
    SPConfigMixin,
    _get_subject_id,
    _set_subject_id,
)
from saml2.config import SPConfig
from saml2.saml import NAMEID_FORMAT_EMAILADDRESS

from seldinger.accounts import sign_out
from seldinger.environment import SamlProvider
from seldinger.sso import services
from seldinger.sso.services import Protocol, Reason, Refusal
from seldinger.sso.views import refused

logger = logging.getLogger(__name__)

#: How long a loaded configuration (and the identity provider's metadata) is kept.
CONFIG_SECONDS = 3600
#: The attributes an e-mail address may come in (pysaml2 names the standard OID ``mail``),
#: before the NameID when its format is an e-mail address.
EMAIL_ATTRIBUTES = ("email", "mail", "emailAddress", "urn:oid:0.9.2342.19200300.100.1.3")

#: How Seldinger takes part in single logout, in order of preference (no SOAP back channel).
LOGOUT_BINDINGS = [saml2.BINDING_HTTP_REDIRECT, saml2.BINDING_HTTP_POST]

_loaded: dict[tuple[object, ...], tuple[float, SPConfig]] = {}


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


def single_logout_service() -> str:
    return settings.SITE_URL + reverse("sso:saml_sls")


def service_provider_config(request: HttpRequest | None = None) -> SPConfig:
    """pysaml2's configuration of Seldinger as a service provider (djangosaml2's loader)."""
    of = provider()
    key = (of, entity_id(of), assertion_consumer_service(), single_logout_service())
    cached = _loaded.get(key)
    if cached and time.monotonic() - cached[0] < CONFIG_SECONDS:
        return cached[1]
    source = of.idp_metadata
    metadata = (
        {"remote": [{"url": source}]}
        if source.startswith(("https://", "http://"))
        else {"local": [source]}
    )
    signing = bool(of.sp_key_file and of.sp_cert_file)
    keys = {"key_file": of.sp_key_file, "cert_file": of.sp_cert_file} if signing else {}
    config = SPConfig()
    config.load(
        {
            "xmlsec_binary": shutil.which("xmlsec1") or "/usr/bin/xmlsec1",
            "entityid": key[1],
            "allow_unknown_attributes": True,
            **keys,
            "preferred_binding": {"single_logout_service": LOGOUT_BINDINGS},
            "service": {
                "sp": {
                    "name": "Seldinger",
                    "endpoints": {
                        "assertion_consumer_service": [(key[2], saml2.BINDING_HTTP_POST)],
                        "single_logout_service": [(key[3], binding) for binding in LOGOUT_BINDINGS],
                    },
                    # Answers only to a login Seldinger asked for, unless the setting allows
                    # a login the identity provider starts.
                    "allow_unsolicited": of.allow_idp_initiated,
                    "authn_requests_signed": signing,
                    "signing_algorithm": saml2.xmldsig.SIG_RSA_SHA256,
                    "digest_algorithm": saml2.xmldsig.DIGEST_SHA256,
                    "logout_requests_signed": signing,
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
        outcome = services.account_signing_in(email=email_of(session_info), verified=True)
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
        # Whom the identity provider knows this session as, for single logout either way.
        _set_subject_id(request.saml_session, session_info["name_id"])  # type: ignore[attr-defined]
        sign_out.remember(request, page=reverse("sso:saml_logout"))
        return user


class SamlMetadataView(MetadataView):
    """Seldinger's own metadata, for the identity provider's administrators."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        provider()
        response: HttpResponse = super().get(request, *args, **kwargs)
        return response


class _PostedForm(HTMLParser):
    """pysaml2's HTTP-POST page: its form's action and fields, for Seldinger's own page
    (pysaml2's submits itself with an inline script the content security policy forbids)."""

    def __init__(self) -> None:
        super().__init__()
        self.action = ""
        self.fields: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "form":
            self.action = named.get("action") or ""
        elif tag == "input" and named.get("name"):
            self.fields[str(named["name"])] = named.get("value") or ""


def _send(request: HttpRequest, binding: str, http_info: dict[str, Any]) -> HttpResponse:
    """Send the browser on with a SAML message, as ``binding`` says."""
    if binding == saml2.BINDING_HTTP_REDIRECT:
        return HttpResponseRedirect(get_location(http_info))
    form = _PostedForm()
    form.feed("".join(http_info["data"]))
    context = {"target_url": form.action, "params": form.fields}
    return render(request, SamlLoginView.post_binding_form_template, context)


class SamlLogoutView(SPConfigMixin, View):
    """Where logging out of Seldinger goes on after a SAML login (``accounts.sign_out``): a
    LogoutRequest to the identity provider, which answers at the single logout service."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        provider()
        if sign_out.take(request) is None:
            return redirect(settings.LOGOUT_REDIRECT_URL)
        state, client = self.get_state_client(request)
        subject_id = _get_subject_id(request.saml_session)  # type: ignore[attr-defined]
        try:
            sent = client.global_logout(subject_id) if subject_id is not None else {}
        except Exception as error:  # pysaml2 raises many kinds for an IdP without SLO
            logger.warning("SAML single logout could not start: %s", error)
            sent = {}
        state.sync()
        for answer in sent.values():
            if isinstance(answer, tuple):
                binding, http_info = answer
                return _send(request, binding, http_info)
        return _logged_out_of_seldinger_only(request)


def _logged_out_of_seldinger_only(request: HttpRequest) -> HttpResponse:
    return render(request, "sso/logged_out.html", {"hospital_ended": False})


class SamlSingleLogoutServiceView(LogoutView):
    """The identity provider's side of single logout: its answer to Seldinger's
    LogoutRequest, or its own LogoutRequest, which ends the browser's Seldinger session."""

    logout_error_template = "sso/logged_out.html"

    def do_logout_service(
        self, request: HttpRequest, data: Any, binding: str, *args: Any, **kwargs: Any
    ) -> HttpResponse:
        provider()
        if "SAMLResponse" in data:
            state, client = self.get_state_client(request)
            try:
                answer = client.parse_logout_request_response(data["SAMLResponse"], binding)
            except Exception as error:  # an unreadable or unsigned answer
                logger.warning("SAML logout response refused: %s", error)
                answer = None
            state.sync()
            auth.logout(request)
            ended = answer is not None and answer.status_ok()
            return render(request, "sso/logged_out.html", {"hospital_ended": ended})
        if "SAMLRequest" in data:
            subject_id = _get_subject_id(request.saml_session)  # type: ignore[attr-defined]
            if subject_id is None:
                # Not a SAML session of this browser: nothing of Seldinger's to end.
                auth.logout(request)
                return render(request, "sso/logged_out.html", {"hospital_ended": True})
            state, client = self.get_state_client(request)
            # A query-string signature (HTTP-Redirect) is checked when the request carries one.
            signed = {"sigalg": data.get("SigAlg"), "signature": data.get("Signature")}
            relay_state = data.get("RelayState", "")
            try:
                asked = client.parse_logout_request(
                    data["SAMLRequest"], binding, relay_state=relay_state, **signed
                )
                http_info = client.handle_logout_request(
                    data["SAMLRequest"], subject_id, binding, relay_state=relay_state, **signed
                )
            except Exception as error:  # unreadable, or a signature that does not check
                logger.warning("SAML logout request refused: %s", error)
                return render(request, "sso/logged_out.html", {"hospital_ended": False}, status=400)
            state.sync()
            # Only a request for whom this session is logs it out; pysaml2 answers any
            # other "unknown principal".
            if asked.message.name_id == subject_id:
                auth.logout(request)
            answer_binding = (
                saml2.BINDING_HTTP_POST
                if http_info.get("method", "GET") == "POST"
                else saml2.BINDING_HTTP_REDIRECT
            )
            return _send(request, answer_binding, http_info)
        return render(request, "sso/logged_out.html", {"hospital_ended": False}, status=400)
