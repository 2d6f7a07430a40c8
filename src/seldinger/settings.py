"""Django settings.

Configuration comes from the environment:
- ``SELDINGER_ENV``: ``development`` (default) or ``production``;
- ``SELDINGER_SECRET_KEY``: required in production;
- ``SELDINGER_DEBUG``: ``1`` to turn debug on (development only);
- ``SELDINGER_ALLOWED_HOSTS``: comma-separated host names;
- ``DATABASE_URL``: default a SQLite file in ``var/`` of the working directory.
- ``SELDINGER_MAX_IMPORT_ROWS``: data rows one imported CSV/XLSX file may have (200,000);
- ``SELDINGER_MAX_XLSX_BYTES``: what an imported XLSX workbook may unpack to (256 MB);
- ``SELDINGER_REDIS_URL``: the shared cache and the job queue (unset: per process, in-process).
"""

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from seldinger import environment

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("SELDINGER_VAR_DIR", Path.cwd() / "var"))

ENVIRONMENT = os.environ.get("SELDINGER_ENV", "development")
PRODUCTION = ENVIRONMENT == "production"
DEVELOPMENT_SECRET_KEY = "development-only-secret-key-never-use-in-production"
SECRET_KEY = os.environ.get("SELDINGER_SECRET_KEY", DEVELOPMENT_SECRET_KEY)
DEBUG = os.environ.get("SELDINGER_DEBUG", "0" if PRODUCTION else "1") == "1"

if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("SELDINGER_DEBUG must be off when SELDINGER_ENV=production.")
if PRODUCTION and SECRET_KEY == DEVELOPMENT_SECRET_KEY:
    raise ImproperlyConfigured("Set SELDINGER_SECRET_KEY when SELDINGER_ENV=production.")

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
    "seldinger.accounts",
    "seldinger.audit",
    "seldinger.programs",
    "seldinger.pathways",
    "seldinger.caselog",
    "seldinger.applications",
    "seldinger.match",
    "seldinger.certification",
    "seldinger.careers",
    "seldinger.workhours",
    "seldinger.scholarship",
    "seldinger.milestones",
    "seldinger.credentials",
    "seldinger.calendar_feed",
    "seldinger.web",
    "seldinger.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
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
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:home"

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

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

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
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = os.environ.get("SELDINGER_SSL_REDIRECT", "1") == "1"
    SECURE_HSTS_SECONDS = 31536000

# Uploaded documents (CME certificates) are private: stored outside any served
# folder and downloaded only through views that check who is asking.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("SELDINGER_PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
MAX_UPLOAD_BYTES = int(os.environ.get("SELDINGER_MAX_UPLOAD_BYTES", str(10 * 1024 * 1024)))

# Imports (case logs, programs, shifts) read at most this many data rows per file, and an
# XLSX workbook that would unpack to more than this many bytes is refused unopened.
_IMPORT_LIMITS = environment.import_limits()
SELDINGER_MAX_IMPORT_ROWS = _IMPORT_LIMITS.max_rows
SELDINGER_MAX_XLSX_BYTES = _IMPORT_LIMITS.max_xlsx_bytes

EMAIL_BACKEND = os.environ.get(
    "SELDINGER_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("SELDINGER_FROM_EMAIL", "Seldinger <no-reply@localhost>")

# Demo data (synthetic users and programs) may never be loaded in production.
DEMO_DATA_ALLOWED = not PRODUCTION

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
