"""Django settings.

Configuration comes from the environment:
- ``SELDINGER_ENV``: ``development`` (default) or ``production``; nothing else;
- ``SELDINGER_SECRET_KEY``: required in production, and strong (Django's deploy check);
- ``SELDINGER_DEBUG``: ``1`` to turn debug on (development only);
- ``SELDINGER_ALLOWED_HOSTS``: comma-separated host names;
- ``DATABASE_URL``: default a SQLite file in ``var/`` of the working directory.
- ``SELDINGER_MAX_IMPORT_ROWS``: data rows one imported CSV/XLSX file may have (200,000);
- ``SELDINGER_MAX_XLSX_BYTES``: what an imported XLSX workbook may unpack to (256 MB);
- ``SELDINGER_REDIS_URL``: the shared cache and the job queue (unset: per process, in-process);
- ``SELDINGER_SSL_REDIRECT``, ``SELDINGER_HSTS_SUBDOMAINS``: ``0`` to turn off (production);
- ``SELDINGER_TRUSTED_PROXIES``: proxies whose ``X-Forwarded-For`` names the client;
- ``SELDINGER_LOG_LEVEL``: Seldinger's own log records from this level (production: INFO);
- ``SELDINGER_HOME_UNVERIFIED_DAYS``: days after which a case awaiting verification is on the
  to-do lists of its trainee and their director (14);
- ``SELDINGER_DIGEST_AT``: when the to-do digest e-mails go out, HH:MM (06:30), the weekly ones
  on ``SELDINGER_DIGEST_WEEKDAY`` (monday);
- ``SELDINGER_SITE_URL``: the address people open Seldinger at, for links in e-mails
  (http://127.0.0.1:8000); passkeys belong to its host name (``localhost`` for an address);
- ``SELDINGER_STAFF_SECOND_FACTOR``: ``1`` to make faculty, coordinators, directors and
  administrators enrol a second factor before anything else (production default ``1``,
  development ``0``);
- ``SELDINGER_PASSWORD_RESET_TIMEOUT``: seconds a password-reset link works (86400), with at
  most ``SELDINGER_PASSWORD_RESET_LIMIT`` e-mails an hour to one address (3) and
  ``SELDINGER_PASSWORD_RESET_ADDRESS_LIMIT`` requests an hour from one client (20);
- ``SELDINGER_INVITATION_DAYS``: days an invitation to join a program stays open (14);
- ``SELDINGER_OIDC_*``, ``SELDINGER_SAML_*``, ``SELDINGER_SSO_*``: single sign-on with the
  hospital's identity provider (``seldinger.environment``; off unless configured);
- ``SELDINGER_ACGME_CASE_CATEGORIES``: ``catalogue-key=ACGME category;...``, the Case Log
  category of each catalogue category (none: the category is left blank, docs/acgme.md);
- ``SELDINGER_SESSION_IDLE_MINUTES``: a session idle longer than this is logged out (30).
"""

import ipaddress
import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from seldinger import environment
from seldinger.caselog.dose_indices import parse_overrides as parse_srdl_overrides

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("SELDINGER_VAR_DIR", Path.cwd() / "var"))

ENVIRONMENTS = ("development", "production")
ENVIRONMENT = os.environ.get("SELDINGER_ENV", "development")
if ENVIRONMENT not in ENVIRONMENTS:
    raise ImproperlyConfigured(
        f"SELDINGER_ENV must be 'development' or 'production', not {ENVIRONMENT!r}."
    )
PRODUCTION = ENVIRONMENT == "production"
DEVELOPMENT_SECRET_KEY = "development-only-secret-key-never-use-in-production"
SECRET_KEY = os.environ.get("SELDINGER_SECRET_KEY", DEVELOPMENT_SECRET_KEY)
DEBUG = os.environ.get("SELDINGER_DEBUG", "0" if PRODUCTION else "1") == "1"


def _secret_key_weakness(key: str) -> str | None:
    """Why ``key`` may not sign production sessions, by Django's own deploy check
    (security.W009): at least 50 characters, 5 distinct, not Django's insecure prefix."""
    if key == DEVELOPMENT_SECRET_KEY:
        return "it is the development key"
    if key.startswith("django-insecure-"):
        return "it is one of Django's generated insecure keys"
    if len(key) < 50:
        return f"it has {len(key)} characters; it needs at least 50"
    if len(set(key)) < 5:
        return f"it has {len(set(key))} distinct characters; it needs at least 5"
    return None


if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("SELDINGER_DEBUG must be off when SELDINGER_ENV=production.")
if PRODUCTION and (weakness := _secret_key_weakness(SECRET_KEY)):
    raise ImproperlyConfigured(
        f"Set SELDINGER_SECRET_KEY to a strong secret when SELDINGER_ENV=production: {weakness}. "
        "Generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )

ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get(
        "SELDINGER_ALLOWED_HOSTS", "" if PRODUCTION else "localhost,127.0.0.1,testserver"
    ).split(",")
    if host.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "seldinger.accounts",
    "seldinger.mfa",
    "seldinger.audit",
    "seldinger.programs",
    "seldinger.pathways",
    "seldinger.caselog",
    "seldinger.applications",
    "seldinger.match",
    "seldinger.certification",
    "seldinger.careers",
    "seldinger.workhours",
    "seldinger.scheduling",
    "seldinger.scholarship",
    "seldinger.milestones",
    "seldinger.credentials",
    "seldinger.calendar_feed",
    "seldinger.web",
    "seldinger.operations",
    "seldinger.jobs",
    "seldinger.people",
    "seldinger.home",
    "seldinger.reports",
    "seldinger.acgme",
    "seldinger.demo",
    "seldinger.sso",
    "seldinger.dose",
]

MIDDLEWARE = [
    "seldinger.operations.request_ids.RequestIdMiddleware",
    "seldinger.operations.proxies.ForwardedClientMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # SAML's own session (its cookie reaches the login's POST back from the identity provider).
    "djangosaml2.middleware.SamlSessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "seldinger.accounts.idle_sessions.IdleSessionMiddleware",
    # After the login: a half-logged-in session opens nothing but its second step.
    "seldinger.mfa.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # A deactivated account reads and changes nothing (logged in, so after authentication).
    "seldinger.accounts.read_only.ReadOnlyAccountMiddleware",
    # Last, so that a request is logged in and its CSRF token checked before its text is read.
    "seldinger.operations.nul_characters.NulCharacterMiddleware",
]

ROOT_URLCONF = "seldinger.urls"
WSGI_APPLICATION = "seldinger.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "seldinger.web.context_processors.navigation",
                "seldinger.credentials.context_processors.credential_notices",
            ],
        },
    },
]


def _database_from_environment() -> dict[str, Any]:
    url = os.environ.get("DATABASE_URL")
    if not url:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{VAR_DIR / 'seldinger.sqlite3'}"
    config = dict(dj_database_url.parse(url, conn_max_age=60))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            # WAL lets readers run while a writer works; IMMEDIATE avoids
            # "database is locked" on lock upgrades under concurrent writes.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        }
    return config


DATABASES = {"default": _database_from_environment()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
# Logging in lands on the person's own home and to-do list; the public page stays at "/".
LOGIN_REDIRECT_URL = "home:index"
LOGOUT_REDIRECT_URL = "web:home"

# Single sign-on with the hospital's identity provider (seldinger.sso, docs/security.md): each
# is off unless configured; a login maps to an existing account by e-mail and creates none.
try:
    SSO_OIDC = environment.oidc_provider()
    SSO_SAML = environment.saml_provider()
    SSO_CONTACT = environment.sso_contact()
    SSO_COUNTS_AS_SECOND_FACTOR = environment.sso_counts_as_second_factor()
except environment.SsoSettingError as error:
    raise ImproperlyConfigured(str(error)) from None
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "seldinger.sso.oidc.HospitalOidcBackend",
    "seldinger.sso.saml.HospitalSamlBackend",
]
SAML_CONFIG_LOADER = "seldinger.sso.saml.service_provider_config"
SAML_CREATE_UNKNOWN_USER = False
SAML_SESSION_COOKIE_NAME = "seldinger_saml"
# The SAML pages carry no inline script, so they need no exception to the site's CSP.
SAML_CSP_HANDLER = ""

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Failed logins allowed per username and address before a cool-down.
LOGIN_FAILURE_LIMIT = int(os.environ.get("SELDINGER_LOGIN_FAILURE_LIMIT", "5"))
LOGIN_COOLDOWN_SECONDS = int(os.environ.get("SELDINGER_LOGIN_COOLDOWN_SECONDS", "900"))
# Failed logins allowed from one address, whatever the usernames (password spraying), before
# the same cool-down; generous, for a hospital whose staff share one address.
LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("SELDINGER_LOGIN_ADDRESS_FAILURE_LIMIT", "50"))
# Password reset by e-mail: how long its link works, and how many e-mails an hour one
# address receives (and how many requests one client makes) on the shared cache.
PASSWORD_RESET_TIMEOUT = int(os.environ.get("SELDINGER_PASSWORD_RESET_TIMEOUT", "86400"))
PASSWORD_RESET_LIMIT = int(os.environ.get("SELDINGER_PASSWORD_RESET_LIMIT", "3"))
PASSWORD_RESET_ADDRESS_LIMIT = int(os.environ.get("SELDINGER_PASSWORD_RESET_ADDRESS_LIMIT", "20"))
# Days an invitation to join a program stays open.
INVITATION_DAYS = int(os.environ.get("SELDINGER_INVITATION_DAYS", "14"))
# The reverse proxies whose X-Forwarded-For names the client (addresses or networks).
SELDINGER_TRUSTED_PROXIES = [
    proxy.strip()
    for proxy in os.environ.get("SELDINGER_TRUSTED_PROXIES", "127.0.0.1,::1").split(",")
    if proxy.strip()
]
for _proxy in SELDINGER_TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"SELDINGER_TRUSTED_PROXIES: {_proxy!r} is not an address or network "
            "(for example 10.0.0.5 or 10.0.0.0/24)"
        ) from None

CACHES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

# Shared cache: with Redis every server process counts the same login failures.
if _REDIS_URL := environment.redis_url():
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _REDIS_URL,
            "KEY_PREFIX": "seldinger",
            # A cache that stops answering fails a request in seconds, not at the proxy's timeout.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
    # Sessions stay in the database, read through the shared cache: a page saves a query.
    # (Not with a per-process cache: a logout would not reach the other processes' copies.)
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

LANGUAGE_CODE = "en-us"
TIME_ZONE = environment.time_zone()
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"

SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Scripts, styles, images, fonts and requests from Seldinger's own address only: no inline
# script or style (templates load static files: tests/web/test_inline_code.py), no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
#: A session idle longer than this is logged out; its last activity is saved at most once a
#: minute (seldinger.accounts.idle_sessions).
SESSION_IDLE_MINUTES = int(os.environ.get("SELDINGER_SESSION_IDLE_MINUTES", "30"))
if SESSION_IDLE_MINUTES < 1:
    raise ImproperlyConfigured(
        f"SELDINGER_SESSION_IDLE_MINUTES must be at least 1, not {SESSION_IDLE_MINUTES}."
    )
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = os.environ.get("SELDINGER_SSL_REDIRECT", "1") == "1"
    SECURE_HSTS_SECONDS = 31536000

# Uploaded documents (CME certificates) are private: stored outside any served
# folder and downloaded only through views that check who is asking.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("SELDINGER_PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
MAX_UPLOAD_BYTES = int(os.environ.get("SELDINGER_MAX_UPLOAD_BYTES", str(10 * 1024 * 1024)))
# Every upload is held in memory, never in a temporary file (seldinger.web.uploads), up to
# this many bytes for the whole request: above every page's own limit (20 MB for a case
# import or a schedule).
MAX_REQUEST_UPLOAD_BYTES = int(
    os.environ.get("SELDINGER_MAX_REQUEST_UPLOAD_BYTES", str(32 * 1024 * 1024))
)
FILE_UPLOAD_HANDLERS = ["seldinger.web.uploads.UploadsInMemory"]

# Imports (case logs, programs, shifts) read at most this many data rows per file, and an
# XLSX workbook that would unpack to more than this many bytes is refused unopened.
_IMPORT_LIMITS = environment.import_limits()
SELDINGER_MAX_IMPORT_ROWS = _IMPORT_LIMITS.max_rows
SELDINGER_MAX_XLSX_BYTES = _IMPORT_LIMITS.max_xlsx_bytes

# The ACGME Case Log category each catalogue category counts under: the program's own
# choice, the IR Case Log's categories being unpublished in our sources (docs/acgme.md).
SELDINGER_ACGME_CASE_CATEGORIES = environment.acgme_case_categories()

# Radiation dose reports (docs/dose.md). A study is recognised again by an HMAC of its Study
# Instance UID under this key (the UID itself is never stored); changing the key forgets
# which studies were imported. The C-STORE listener takes reports only from the calling AE
# titles and addresses listed ("AE_TITLE@ADDRESS", comma-separated; "*" for any address).
DOSE_STUDY_KEY = os.environ.get("SELDINGER_DOSE_STUDY_KEY", SECRET_KEY)
DICOM_ALLOWED_PEERS = [
    peer.strip()
    for peer in os.environ.get("SELDINGER_DICOM_ALLOWED_PEERS", "").split(",")
    if peer.strip()
]
# A zip of dose reports unpacks to at most this many bytes and files.
DOSE_MAX_ZIP_BYTES = int(os.environ.get("SELDINGER_DOSE_MAX_ZIP_BYTES", str(500 * 1024 * 1024)))
DOSE_MAX_FILES = int(os.environ.get("SELDINGER_DOSE_MAX_FILES", "20000"))
# A program's own substantial radiation dose levels, JSON {"program id": {"index": number}}
# (indices: dap_gycm2, air_kerma_mgy, fluoro_minutes); others take the rule's (docs/dose.md).
# Checked here, so that a malformed value stops the start with its message, not a page.
DOSE_SRDL_OVERRIDES = os.environ.get("SELDINGER_DOSE_SRDL_OVERRIDES", "")
parse_srdl_overrides(DOSE_SRDL_OVERRIDES)

EMAIL_BACKEND = os.environ.get(
    "SELDINGER_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("SELDINGER_FROM_EMAIL", "Seldinger <no-reply@localhost>")

# Background jobs (docs/jobs.md): on the Redis queue when SELDINGER_REDIS_URL is set, else
# in the process that starts them. A running job's worker says it is alive every
# JOB_HEARTBEAT_SECONDS; one silent for JOB_LOST_AFTER_SECONDS is marked failed.
JOB_HEARTBEAT_SECONDS = float(os.environ.get("SELDINGER_JOB_HEARTBEAT_SECONDS", "10"))
JOB_LOST_AFTER_SECONDS = float(os.environ.get("SELDINGER_JOB_LOST_AFTER_SECONDS", "60"))
#: Finished jobs and their files are deleted after this many days.
JOB_KEEP_DAYS = int(os.environ.get("SELDINGER_JOB_KEEP_DAYS", "14"))
#: Case-log files with more rows than this are imported by a background job.
JOB_IMPORT_ROWS = int(os.environ.get("SELDINGER_JOB_IMPORT_ROWS", "2000"))
#: Program-directory files with more rows than this are imported by a background job (each
#: row is checked against the whole profile, so a few hundred already take a while).
JOB_PROGRAM_IMPORT_ROWS = int(os.environ.get("SELDINGER_JOB_PROGRAM_IMPORT_ROWS", "200"))
#: Case-log exports of more cases than this, as XLSX or PDF (built whole, unlike a CSV, which
#: streams), are written by a background job and offered as its download.
JOB_EXPORT_CASES = int(os.environ.get("SELDINGER_JOB_EXPORT_CASES", "5000"))
#: A director's report (``/reports/``) on more residents than this is written by a background
#: job and offered as its download (each resident's hours are checked over the whole period).
JOB_REPORT_RESIDENTS = int(os.environ.get("SELDINGER_JOB_REPORT_RESIDENTS", "30"))
#: Match odds of more simulated runs than this, asked by someone logged in (up to
#: ``match.odds.MAX_JOB_RUNS``), are simulated by a background job; the default is the most
#: runs answered within a request (``match.odds.MAX_RUNS``), which anonymous visitors keep.
JOB_ODDS_TRIALS = int(os.environ.get("SELDINGER_JOB_ODDS_TRIALS", "200"))
#: When the daily reminder e-mails go out (HH:MM, in TIME_ZONE), with ``worker --beat``.
REMINDERS_AT = os.environ.get("SELDINGER_REMINDERS_AT", "06:00")

#: A case awaiting verification this many days after it was performed is on the to-do lists
#: of its trainee and their program's director (docs/home.md).
HOME_UNVERIFIED_DAYS = int(os.environ.get("SELDINGER_HOME_UNVERIFIED_DAYS", "14"))
#: When the to-do digest e-mails go out (HH:MM, in TIME_ZONE), with ``worker --beat``; the
#: weekly ones on DIGEST_WEEKDAY.
DIGEST_AT = os.environ.get("SELDINGER_DIGEST_AT", "06:30")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DIGEST_WEEKDAY = os.environ.get("SELDINGER_DIGEST_WEEKDAY", "monday").strip().lower()
if DIGEST_WEEKDAY not in WEEKDAYS:
    raise ImproperlyConfigured(
        f"SELDINGER_DIGEST_WEEKDAY must be a day of the week (monday ... sunday), "
        f"not {DIGEST_WEEKDAY!r}."
    )
_hour, _, _minute = DIGEST_AT.partition(":")
if not (_hour.isdigit() and _minute.isdigit() and int(_hour) < 24 and int(_minute) < 60):
    raise ImproperlyConfigured(
        f"SELDINGER_DIGEST_AT must be a time of day as HH:MM, not {DIGEST_AT!r}."
    )
#: The address people open Seldinger at, for the links in e-mails (no trailing slash).
SITE_URL = os.environ.get("SELDINGER_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# The second factor (seldinger.mfa): staff must enrol one where this says so.
SELDINGER_STAFF_SECOND_FACTOR = (
    os.environ.get("SELDINGER_STAFF_SECOND_FACTOR", "1" if PRODUCTION else "0") == "1"
)
OTP_TOTP_ISSUER = "Seldinger"
# Passkeys are a second factor only: a password comes first.
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
OTP_WEBAUTHN_RP_NAME = "Seldinger"


def _passkey_origin(site_url: str) -> tuple[str, str]:
    """The relying party (a host name) and origin passkeys are made for. A passkey cannot
    belong to an address, so a site opened at 127.0.0.1 gets its passkeys at localhost."""
    site = urlsplit(site_url)
    host = site.hostname or "localhost"
    try:
        ipaddress.ip_address(host)
        host = "localhost"
    except ValueError:
        pass
    port = f":{site.port}" if site.port else ""
    return host, f"{site.scheme}://{host}{port}"


OTP_WEBAUTHN_RP_ID, _PASSKEY_ORIGIN = _passkey_origin(SITE_URL)
OTP_WEBAUTHN_ALLOWED_ORIGINS = [_PASSKEY_ORIGIN]

# Demo data (synthetic users and programs) may never be loaded in production.
DEMO_DATA_ALLOWED = not PRODUCTION

LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    # Every record carries the id of the request it was written for ("-" outside one).
    "filters": {"request_id": {"()": "seldinger.operations.request_ids.RequestIdFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"]}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Production serving: WhiteNoise serves the collected static files (hashed, compressed
# names) from the web processes; a reverse proxy in front terminates TLS and says so in
# X-Forwarded-Proto; logs are JSON lines, one record per request among them.
if PRODUCTION:
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
        "whitenoise.middleware.WhiteNoiseMiddleware",
    )
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("SELDINGER_HSTS_SUBDOMAINS", "1") == "1"
    SECURE_HSTS_PRELOAD = SECURE_HSTS_INCLUDE_SUBDOMAINS
    # Load balancers ask for the health over plain HTTP on the private network.
    SECURE_REDIRECT_EXEMPT = [r"^health/$"]
    LOGGING["formatters"] = {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(process)d %(request_id)s %(message)s",
            "datefmt": "%Y-%m-%dT%H:%M:%S%z",
            "rename_fields": {"levelname": "level", "name": "logger", "asctime": "time"},
        }
    }
    LOGGING["handlers"]["console"]["formatter"] = "json"
    LOGGING["loggers"] = {"seldinger": {"level": os.environ.get("SELDINGER_LOG_LEVEL", "INFO")}}
