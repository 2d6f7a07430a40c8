"""What the environment configures that the commands running without Django read too.

``seldinger.settings`` takes these values from here, so ``seldinger hours check`` (which
sets up no Django) and the web stack read the same variables with the same defaults.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from seldinger.tabular import Limits


def time_zone() -> str:
    """``SELDINGER_TIME_ZONE``: the zone whose day is "today" (default America/New_York)."""
    return os.environ.get("SELDINGER_TIME_ZONE", "America/New_York")


def use_time_zone() -> None:
    """Local time in ``time_zone()``, as Django's settings make it: ``date.today()`` is its day."""
    os.environ["TZ"] = time_zone()
    time.tzset()


def import_limits() -> Limits:
    """``SELDINGER_MAX_IMPORT_ROWS`` data rows per imported file (default 200,000); an XLSX
    workbook may unpack to ``SELDINGER_MAX_XLSX_BYTES`` (default 256 MB)."""
    # Imported here: every standalone command sets the time zone, few read files.
    from seldinger.tabular import MAX_ROWS, MAX_XLSX_BYTES, Limits

    return Limits(
        max_rows=int(os.environ.get("SELDINGER_MAX_IMPORT_ROWS", MAX_ROWS)),
        max_xlsx_bytes=int(os.environ.get("SELDINGER_MAX_XLSX_BYTES", MAX_XLSX_BYTES)),
    )


def redis_url() -> str | None:
    """``SELDINGER_REDIS_URL`` (``redis://127.0.0.1:6379/0``): the shared cache and the job
    queue's broker. Unset, each process keeps its own cache and jobs run in the process that
    starts them, so a development server needs nothing else."""
    return os.environ.get("SELDINGER_REDIS_URL") or None


class SsoSettingError(ValueError):
    """A single sign-on variable that is missing or malformed (the message names it)."""


@dataclass(frozen=True)
class OidcProvider:
    """The hospital's OpenID Connect provider: its issuer (whose discovery document names the
    endpoints) or the endpoints themselves; explicit endpoints win over discovered ones."""

    client_id: str
    client_secret: str
    issuer: str | None
    authorization_endpoint: str | None = None
    token_endpoint: str | None = None
    userinfo_endpoint: str | None = None
    jwks_uri: str | None = None
    sign_algorithm: str = "RS256"
    #: Where logging out of Seldinger sends the browser to end the provider's session too
    #: (RP-initiated logout); unset, the discovery document's, if it names one.
    end_session_endpoint: str | None = None


@dataclass(frozen=True)
class SamlProvider:
    """The hospital's SAML 2.0 identity provider, by its metadata (a file or an https URL), and
    the entity id Seldinger goes by (unset: the address of Seldinger's own metadata)."""

    idp_metadata: str
    entity_id: str | None
    #: Seldinger's own key and certificate (PEM files): with them, its AuthnRequests and
    #: LogoutRequests are signed, and its metadata publishes the certificate.
    sp_key_file: str | None = None
    sp_cert_file: str | None = None
    #: Whether a login the identity provider starts (an unsolicited response) is accepted.
    allow_idp_initiated: bool = False


_OIDC_ENDPOINTS = ("authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri")


def _variable(name: str) -> str:
    return os.environ.get(name, "").strip()


def oidc_provider() -> OidcProvider | None:
    """``SELDINGER_OIDC_ISSUER``, ``SELDINGER_OIDC_CLIENT_ID``, ``SELDINGER_OIDC_CLIENT_SECRET``
    (or, without an issuer, ``SELDINGER_OIDC_AUTHORIZATION_ENDPOINT``, ``..._TOKEN_ENDPOINT``,
    ``..._USERINFO_ENDPOINT`` and ``..._JWKS_URI``); ``SELDINGER_OIDC_SIGN_ALGORITHM`` (RS256).
    None of them set: no OpenID Connect login."""
    issuer = _variable("SELDINGER_OIDC_ISSUER").rstrip("/") or None
    client_id = _variable("SELDINGER_OIDC_CLIENT_ID")
    client_secret = _variable("SELDINGER_OIDC_CLIENT_SECRET")
    endpoints = {
        name: _variable(f"SELDINGER_OIDC_{name.upper()}") or None for name in _OIDC_ENDPOINTS
    }
    if not (issuer or client_id or client_secret or any(endpoints.values())):
        return None
    missing = [
        variable
        for variable, value in (
            ("SELDINGER_OIDC_CLIENT_ID", client_id),
            ("SELDINGER_OIDC_CLIENT_SECRET", client_secret),
        )
        if not value
    ]
    if not issuer:
        missing += [f"SELDINGER_OIDC_{name.upper()}" for name, url in endpoints.items() if not url]
    if missing:
        raise SsoSettingError(
            f"OpenID Connect login is half configured: set {', '.join(missing)} "
            "(or SELDINGER_OIDC_ISSUER for the endpoints), or unset every SELDINGER_OIDC_ variable."
        )
    return OidcProvider(
        client_id=client_id,
        client_secret=client_secret,
        issuer=issuer,
        sign_algorithm=_variable("SELDINGER_OIDC_SIGN_ALGORITHM") or "RS256",
        end_session_endpoint=_variable("SELDINGER_OIDC_END_SESSION_ENDPOINT") or None,
        **endpoints,
    )


def saml_provider() -> SamlProvider | None:
    """``SELDINGER_SAML_IDP_METADATA`` (a file, or an https URL) and ``SELDINGER_SAML_ENTITY_ID``;
    ``SELDINGER_SAML_SP_KEY_FILE`` and ``SELDINGER_SAML_SP_CERT_FILE`` (both or neither: sign
    Seldinger's requests); ``SELDINGER_SAML_ALLOW_IDP_INITIATED`` (``1`` to accept a login the
    identity provider starts; default ``0``). No metadata: no SAML login."""
    metadata = _variable("SELDINGER_SAML_IDP_METADATA")
    entity_id = _variable("SELDINGER_SAML_ENTITY_ID") or None
    key_file = _variable("SELDINGER_SAML_SP_KEY_FILE") or None
    cert_file = _variable("SELDINGER_SAML_SP_CERT_FILE") or None
    allow_idp_initiated = _flag("SELDINGER_SAML_ALLOW_IDP_INITIATED")
    if not metadata:
        set_without = [
            name
            for name, value in (
                ("SELDINGER_SAML_ENTITY_ID", entity_id),
                ("SELDINGER_SAML_SP_KEY_FILE", key_file),
                ("SELDINGER_SAML_SP_CERT_FILE", cert_file),
            )
            if value
        ]
        if set_without or allow_idp_initiated:
            raise SsoSettingError(
                f"{', '.join(set_without) or 'SELDINGER_SAML_ALLOW_IDP_INITIATED'} is set but "
                "SELDINGER_SAML_IDP_METADATA is not: set the identity provider's metadata "
                "(a file or an https URL)."
            )
        return None
    if bool(key_file) != bool(cert_file):
        raise SsoSettingError(
            "Set both SELDINGER_SAML_SP_KEY_FILE and SELDINGER_SAML_SP_CERT_FILE (Seldinger's "
            "private key and its certificate, PEM files) to sign its requests, or neither."
        )
    return SamlProvider(
        idp_metadata=metadata,
        entity_id=entity_id,
        sp_key_file=key_file,
        sp_cert_file=cert_file,
        allow_idp_initiated=allow_idp_initiated,
    )


def sso_contact() -> str:
    """``SELDINGER_SSO_CONTACT``: whom to ask for an account, shown when a hospital login finds
    none (for example "the IR program office, ir-office@hospital.org")."""
    return _variable("SELDINGER_SSO_CONTACT")


def _flag(name: str) -> bool:
    """A yes/no variable: ``1`` or ``true`` for yes; unset, ``0`` or ``false`` for no."""
    value = _variable(name).lower() or "0"
    if value not in ("0", "1", "true", "false"):
        raise SsoSettingError(f"{name} must be 1 or 0, not {value!r}.")
    return value in ("1", "true")


def sso_counts_as_second_factor() -> bool:
    """``SELDINGER_SSO_COUNTS_AS_SECOND_FACTOR``: ``1`` when the identity provider itself asks
    for a second factor, so that a hospital login counts as one (default ``0``)."""
    return _flag("SELDINGER_SSO_COUNTS_AS_SECOND_FACTOR")


def acgme_case_categories() -> dict[str, str]:
    """``SELDINGER_ACGME_CASE_CATEGORIES``: the program's ACGME Case Log category for each
    catalogue category, as ``catalogue-key=Category name`` pairs separated by ``;`` (none by
    default: the IR Case Log's categories are not public in our sources, docs/acgme.md)."""
    mapping: dict[str, str] = {}
    for number, pair in enumerate(_variable("SELDINGER_ACGME_CASE_CATEGORIES").split(";"), 1):
        if not pair.strip():
            continue
        key, sign, name = pair.partition("=")
        if not sign or not key.strip() or not name.strip():
            raise ValueError(
                f"SELDINGER_ACGME_CASE_CATEGORIES, pair {number} ({pair.strip()!r}): "
                "write catalogue-key=ACGME category name"
            )
        mapping[key.strip().lower()] = name.strip()
    return mapping
