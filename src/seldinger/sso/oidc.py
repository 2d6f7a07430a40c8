"""OpenID Connect login (mozilla-django-oidc), its endpoints from the issuer's discovery
document or from the settings, the identity mapped to an existing account by a confirmed e-mail.

Logging out of Seldinger after an OpenID Connect login goes on to the provider's
``end_session_endpoint`` (RP-initiated logout 1.0) with the ID token as its hint, and comes
back to ``sso:oidc_logged_out``. A logout the provider starts does not reach Seldinger:
mozilla-django-oidc implements neither front- nor back-channel logout.

Settings come from ``settings.SSO_OIDC`` (``seldinger.environment.oidc_provider``) when a login
starts or comes back, never when Django starts: a password login never asks the provider.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from seldinger.accounts import sign_out
from seldinger.environment import OidcProvider
from seldinger.sso import services
from seldinger.sso.services import Protocol, Reason, Refusal
from seldinger.sso.views import refused

#: How long a provider's discovery document is trusted before it is read again.
DISCOVERY_SECONDS = 3600
#: Seconds to wait for the provider's answer on each call from the server.
TIMEOUT_SECONDS = 10

_discovered: dict[str, tuple[float, dict[str, Any]]] = {}


class ProviderUnavailable(Exception):
    """The identity provider could not be asked (message: what failed, for the log and page)."""


@dataclass(frozen=True)
class Endpoints:
    authorization: str
    token: str
    userinfo: str
    jwks: str
    end_session: str | None = None


def provider() -> OidcProvider:
    configured: OidcProvider | None = settings.SSO_OIDC
    if configured is None:
        raise Http404("OpenID Connect login is not configured.")
    return configured


def _discovery(issuer: str) -> dict[str, Any]:
    cached = _discovered.get(issuer)
    if cached and time.monotonic() - cached[0] < DISCOVERY_SECONDS:
        return cached[1]
    address = f"{issuer}/.well-known/openid-configuration"
    try:
        response = requests.get(address, timeout=TIMEOUT_SECONDS)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as error:
        raise ProviderUnavailable(
            f"{address} did not answer with its configuration: {error}"
        ) from error
    if not isinstance(document, dict) or document.get("issuer", "").rstrip("/") != issuer:
        raise ProviderUnavailable(f"{address} names another issuer than {issuer}")
    _discovered[issuer] = (time.monotonic(), document)
    return document


def endpoints(of: OidcProvider) -> Endpoints:
    """The provider's endpoints: the settings' own, else its discovery document's."""
    explicit = (of.authorization_endpoint, of.token_endpoint, of.userinfo_endpoint, of.jwks_uri)
    document = {} if all(explicit) or not of.issuer else _discovery(of.issuer)
    try:
        return Endpoints(
            authorization=of.authorization_endpoint or document["authorization_endpoint"],
            token=of.token_endpoint or document["token_endpoint"],
            userinfo=of.userinfo_endpoint or document["userinfo_endpoint"],
            jwks=of.jwks_uri or document["jwks_uri"],
            end_session=of.end_session_endpoint or document.get("end_session_endpoint"),
        )
    except KeyError as missing:
        raise ProviderUnavailable(f"the provider's configuration names no {missing}") from None


def _setting(name: str, *default: Any) -> Any:
    """mozilla-django-oidc's settings, from Seldinger's: only these are ours to choose."""
    of = provider()
    ours: dict[str, Any] = {
        "OIDC_RP_CLIENT_ID": of.client_id,
        "OIDC_RP_CLIENT_SECRET": of.client_secret,
        "OIDC_RP_SIGN_ALGO": of.sign_algorithm,
        "OIDC_RP_IDP_SIGN_KEY": None,
        "OIDC_RP_SCOPES": "openid email",
        "OIDC_AUTHENTICATION_CALLBACK_URL": "sso:oidc_callback",
        "OIDC_USE_PKCE": True,
        "OIDC_TIMEOUT": TIMEOUT_SECONDS,
        "OIDC_CREATE_USER": False,
        "OIDC_STORE_ACCESS_TOKEN": False,
        # The ID token is the hint of the provider's logout (RP-initiated logout).
        "OIDC_STORE_ID_TOKEN": True,
    }
    if name in ("OIDC_OP_AUTHORIZATION_ENDPOINT", "OIDC_OP_TOKEN_ENDPOINT"):
        found = endpoints(of)
        return found.authorization if name == "OIDC_OP_AUTHORIZATION_ENDPOINT" else found.token
    if name == "OIDC_OP_USER_ENDPOINT":
        return endpoints(of).userinfo
    if name == "OIDC_OP_JWKS_ENDPOINT":
        return endpoints(of).jwks
    if name in ours:
        return ours[name]
    return import_from_settings(name, *default)


def _confirmed(value: object) -> bool:
    # Some providers send the claim as a string.
    return value is True or (isinstance(value, str) and value.lower() == "true")


class HospitalOidcBackend(OIDCAuthenticationBackend):
    """Logs in the one active account whose e-mail the provider confirms; creates none."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Django makes every backend for every login: the provider is read only in authenticate.
        self.UserModel = get_user_model()

    def get_settings(self, attr: str, *args: Any) -> Any:
        return _setting(attr, *args)

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> Any:
        # Only the callback view passes a nonce: a password login never reaches the provider.
        if request is None or "nonce" not in kwargs or settings.SSO_OIDC is None:
            return None
        try:
            super().__init__()
            return super().authenticate(request, **kwargs)
        except (ProviderUnavailable, requests.RequestException) as error:
            refusal = Refusal(Reason.PROVIDER, detail=str(error))
            services.refuse(request, refusal, protocol=Protocol.OIDC)
            return None

    def verify_token(self, token: str, **kwargs: Any) -> Any:
        payload = super().verify_token(token, **kwargs)
        of = provider()
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if of.client_id not in audiences:
            raise SuspiciousOperation("The ID token is not meant for this client.")
        if of.issuer and str(payload.get("iss", "")).rstrip("/") != of.issuer:
            raise SuspiciousOperation("The ID token comes from another issuer.")
        return payload

    def retrieve_matching_jwk(self, token: str) -> Any:
        # A provider with one signing key may leave the key id out of its tokens.
        header = jwt.get_unverified_header(token)
        if "kid" in header:
            return super().retrieve_matching_jwk(token)
        answer = requests.get(self.OIDC_OP_JWKS_ENDPOINT, timeout=TIMEOUT_SECONDS)
        answer.raise_for_status()
        keys = [
            key
            for key in answer.json().get("keys", [])
            if key.get("alg", header.get("alg")) == header.get("alg")
            and key.get("use", "sig") == "sig"
        ]
        if len(keys) != 1:
            raise SuspiciousOperation("The ID token names no key, and the provider has several.")
        return jwt.PyJWK(keys[0])

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> Any:
        claims = {**payload, **self.get_userinfo(access_token, id_token, payload)}
        outcome = services.account_signing_in(
            email=claims.get("email"), verified=_confirmed(claims.get("email_verified"))
        )
        if isinstance(outcome, Refusal):
            services.refuse(self.request, outcome, protocol=Protocol.OIDC)
            return None
        return outcome


class OidcLoginView(OIDCAuthenticationRequestView):
    """Sends the browser to the provider's login, with state, nonce and PKCE kept in the session."""

    def __init__(self, **kwargs: Any) -> None:
        View.__init__(self, **kwargs)

    def get_settings(self, attr: str, *args: Any) -> Any:
        return _setting(attr, *args)

    def get(self, request: HttpRequest) -> HttpResponse:
        of = provider()
        try:
            self.OIDC_OP_AUTH_ENDPOINT = endpoints(of).authorization
        except ProviderUnavailable as error:
            refusal = Refusal(Reason.PROVIDER, detail=str(error))
            services.refuse(request, refusal, protocol=Protocol.OIDC)
            return refused(request, refusal)
        self.OIDC_RP_CLIENT_ID = of.client_id
        response: HttpResponse = super().get(request)
        return response


class OidcCallbackView(OIDCAuthenticationCallbackView):
    """Where the provider sends the browser back: log in, or say why not."""

    def get_settings(self, attr: str, *args: Any) -> Any:
        return _setting(attr, *args)

    def get(self, request: HttpRequest) -> HttpResponse:
        of = provider()
        self.issuer = of.issuer or of.authorization_endpoint or ""
        response: HttpResponse = super().get(request)
        return response

    def login_failure(self) -> HttpResponse:
        error = self.request.GET.get("error", "")
        refusal = services.refusal_of(self.request) or Refusal(Reason.NOT_COMPLETED, detail=error)
        return refused(self.request, refusal)

    def login_success(self) -> HttpResponse:
        next_page = self.success_url
        services.log_in(
            self.request, self.user, protocol=Protocol.OIDC, identity_provider=self.issuer
        )
        id_token = self.request.session.pop("oidc_id_token", None)
        sign_out.remember(self.request, page=reverse("sso:oidc_logout"), id_token=id_token)
        return HttpResponseRedirect(next_page)


#: Where the provider's logout sends the browser back, with the state Seldinger sent.
_LOGOUT_STATE = "seldinger_oidc_logout_state"


class OidcLogoutView(View):
    """Where logging out of Seldinger goes on after an OpenID Connect login: the provider's
    end-session endpoint, when it has one; else Seldinger's logout alone."""

    def get(self, request: HttpRequest) -> HttpResponse:
        of = provider()
        note = sign_out.take(request)
        if note is None:
            return redirect(settings.LOGOUT_REDIRECT_URL)
        try:
            end_session = endpoints(of).end_session
        except ProviderUnavailable:
            end_session = None
        if not end_session:
            return render(request, "sso/logged_out.html", {"hospital_ended": False})
        state = secrets.token_urlsafe(24)
        request.session[_LOGOUT_STATE] = state
        query = {
            "client_id": of.client_id,
            "post_logout_redirect_uri": settings.SITE_URL + reverse("sso:oidc_logged_out"),
            "state": state,
        }
        if note.get("id_token"):
            query["id_token_hint"] = str(note["id_token"])
        joiner = "&" if "?" in end_session else "?"
        return HttpResponseRedirect(f"{end_session}{joiner}{urlencode(query)}")


class OidcLoggedOutView(View):
    """The provider's logout sends the browser back here, with the state Seldinger sent."""

    def get(self, request: HttpRequest) -> HttpResponse:
        provider()
        expected = request.session.pop(_LOGOUT_STATE, None)
        ended = bool(expected) and secrets.compare_digest(
            str(expected), request.GET.get("state", "")
        )
        return render(request, "sso/logged_out.html", {"hospital_ended": ended})
