"""The one settings module. Every knob comes from the environment; see .env.example."""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dj_database_url
import django_stubs_ext
from csp.constants import NONE, SELF
from django.core.checks.security.base import (
    SECRET_KEY_INSECURE_PREFIX,
    SECRET_KEY_MIN_LENGTH,
    SECRET_KEY_MIN_UNIQUE_CHARACTERS,
)
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

# Lets admin and form classes take type parameters at run time, as django-stubs expects.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
PLACEHOLDER_SECRET_KEY = "insecure-development-key-change-me"


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_path(name: str, default: Path) -> Path:
    """A path from the environment; empty means the default, relative means under BASE_DIR."""
    value = os.environ.get(name, "").strip()
    return BASE_DIR / value if value else default


def weak_secret_key(key: str) -> bool:
    """Django's own rule (security check W009): long, varied, not a generated dev key."""
    return (
        key == PLACEHOLDER_SECRET_KEY
        or len(key) < SECRET_KEY_MIN_LENGTH
        or len(set(key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS
        or key.startswith(SECRET_KEY_INSECURE_PREFIX)
    )


def default_site_url() -> str:
    """The address ./run serves on (HOST, PORT), so links point where the site answers."""
    host = os.environ.get("HOST", "").strip() or "127.0.0.1"
    if host in {"0.0.0.0", "::"}:  # every interface: a link still needs one address
        host = "127.0.0.1"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{os.environ.get('PORT', '').strip() or '8000'}"


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", PLACEHOLDER_SECRET_KEY)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Where every link the product sends points: invitations, e-mails, QR codes on documents.
SITE_URL = (os.environ.get("SITE_URL", "").strip() or default_site_url()).rstrip("/")

# Refuse to run a production configuration with development secrets.
if not DEBUG:
    if weak_secret_key(SECRET_KEY):
        raise ImproperlyConfigured(
            f"SECRET_KEY is weak: it needs at least {SECRET_KEY_MIN_LENGTH} characters, "
            f"{SECRET_KEY_MIN_UNIQUE_CHARACTERS} different ones, and not the placeholder or a "
            f"'{SECRET_KEY_INSECURE_PREFIX}' key (or DEBUG=1 for development). Generate one "
            "with: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS is empty; list the host names this site serves.")

# HTTPS. Production (DEBUG off) redirects plain HTTP to HTTPS, except /healthz for load
# balancers. Behind a proxy that ends TLS, name the header it sets (X-Forwarded-Proto)
# or every request looks like plain HTTP and is redirected forever. HSTS is opt-in:
# browsers remember it, so turn it on once HTTPS works for good.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
_proxy_ssl_header = os.environ.get("SECURE_PROXY_SSL_HEADER", "").strip()
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_" + _proxy_ssl_header.upper().replace("-", "_"), "https") if _proxy_ssl_header else None
)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0") or 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# How many proxies the client's address passes through (nginx alone: 1); the rate
# limiter and the sign-in lockout then take the address from X-Forwarded-For that the
# outermost of them saw, provided every one of them is in TRUSTED_PROXY_NETWORKS (by
# default loopback and private addresses): a request that bypassed the proxies cannot
# choose its address.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0") or 0)
PRIVATE_NETWORKS = "127.0.0.0/8,::1/128,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,fc00::/7"
try:
    TRUSTED_PROXY_NETWORKS = tuple(
        ipaddress.ip_network(network.strip(), strict=False)
        for network in (
            os.environ.get("TRUSTED_PROXY_NETWORKS", "").strip() or PRIVATE_NETWORKS
        ).split(",")
        if network.strip()
    )
except ValueError as exc:
    raise ImproperlyConfigured(f"TRUSTED_PROXY_NETWORKS: {exc}") from exc

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_ratelimit",
    "csp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "cloudcabin.accounts",
    "cloudcabin.reference",
    "cloudcabin.network",
    "cloudcabin.shipments",
    "cloudcabin.bookings",
    "cloudcabin.documents",
    "cloudcabin.tracking",
    "cloudcabin.compliance",
    "cloudcabin.api",
]

MIDDLEWARE = [
    # Counts and times every request for /metrics (with its pair at the end of the list).
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "cloudcabin.observability.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "cloudcabin.faults.FaultMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "cloudcabin.reference.codes.ReferenceCodesMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cloudcabin.accounts.middleware.UserLanguageMiddleware",
    "cloudcabin.accounts.middleware.ActiveMembershipMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "cloudcabin.urls"
WSGI_APPLICATION = "cloudcabin.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "cloudcabin" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cloudcabin.accounts.context_processors.tenancy",
            ],
        },
    },
]
# Inputs and selects drawn in Python, the same HTML as Django's widget templates, faster.
FORM_RENDERER = "cloudcabin.forms_renderer.Renderer"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'var' / 'cloudcabin.sqlite3'}",
        # Persistent connections: opening one per request cost PostgreSQL six times the
        # throughput of /healthz (269 against 1,750 requests/s). Each is checked before
        # reuse, so a restarted database server costs one failed check, not a 500.
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside the writer; IMMEDIATE takes the write lock at BEGIN
    # so that concurrent writers queue instead of failing half-way.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
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
AUTH_USER_MODEL = "accounts.User"
# A reset link works once (it dies when the password changes) and for at most three days.
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Login rate limit (django-axes): lock a username+IP pair after this many failures.
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("LOGIN_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The login form posts the e-mail address in the field Django calls "username".
AXES_USERNAME_FORM_FIELD = "username"
# Failures count per address however it is capitalised, as sign-in ignores case.
AXES_USERNAME_CALLABLE = "cloudcabin.accounts.signin.axes_username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# The client's address as the rate limiter sees it (behind the trusted proxies).
AXES_CLIENT_IP_CALLABLE = "cloudcabin.network.ratelimit.client_address"
AXES_ENABLED = env_bool("LOGIN_RATE_LIMIT", True)

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
LANGUAGE_COOKIE_NAME = "cloudcabin_language"
LOCALE_PATHS = [BASE_DIR / "cloudcabin" / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "cloudcabin" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = env_path("MEDIA_ROOT", BASE_DIR / "var" / "media")
# Issued documents and pending imports (cloudcabin/storage.py): MEDIA_ROOT, or an
# S3-compatible object store (AWS S3, MinIO, Ceph…) shared by every web and worker
# process when S3_BUCKET is set.


def s3_storage(environ: Mapping[str, str]) -> dict[str, Any] | None:
    """The ``default`` storage for the object store ``environ`` names (None: no S3_BUCKET)."""

    def value(name: str) -> str | None:
        return environ.get(name, "").strip() or None

    if not value("S3_BUCKET"):
        return None
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": value("S3_BUCKET"),
            "endpoint_url": value("S3_ENDPOINT_URL"),
            "region_name": value("S3_REGION"),
            "access_key": value("S3_ACCESS_KEY_ID"),
            "secret_key": value("S3_SECRET_ACCESS_KEY"),
            "location": value("S3_PREFIX") or "",
            # "path" for servers without a DNS name per bucket (most MinIO set-ups).
            "addressing_style": value("S3_ADDRESSING_STYLE"),
            # Issued files are never replaced: a taken name is refused (storage.save_new).
            "file_overwrite": False,
            # The bucket stays private: downloads go through the app, which checks access.
            "default_acl": None,
            "querystring_auth": True,
        },
    }


STORAGES["default"] = s3_storage(os.environ) or STORAGES["default"]

# One cache shared by every worker (rate-limit counters, the readiness probe): the
# database by default, whose table `manage.py createcachetable` makes; Redis (Django's
# own backend) when REDIS_URL is set, e.g. redis://127.0.0.1:6379/0.
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "cloudcabin",
            # A Redis that stops answering fails the request in seconds, not minutes.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
        if REDIS_URL
        else {
            "BACKEND": "cloudcabin.cache.AtomicDatabaseCache",
            "LOCATION": "cloudcabin_cache",
            # Culling would drop live rate-limit windows with the stale ones.
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    )
}
RATELIMIT_IP_META_KEY = "cloudcabin.network.ratelimit.client_address"
# django-ratelimit lists only Memcached and Redis as supported; AtomicDatabaseCache is
# the database cache made atomic (cloudcabin/cache.py).
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]

# Content-Security-Policy: everything from this site only, no inline script or style
# (htmx is served from static files; its inline indicator style is turned off in base.html).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "cloudcabin <noreply@localhost>")
# Seconds before a silent mail server counts as down (the mail task then tries again later).
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "15"))

# Background work (README, "Background work"): in-process by default, so that ./run and
# the tests need nothing else; TASKS_BACKEND=database queues it in the database for
# `manage.py db_worker` processes, on this machine or others sharing the database.
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
        }[os.environ.get("TASKS_BACKEND", "immediate")]
    }
}

# A pack of more goods lines than this is issued by the task worker, with progress shown,
# instead of inside the request; a job unmoved for DOCUMENTS_JOB_STALE_SECONDS has lost its
# worker and may be asked for again.
DOCUMENTS_WORKER_LINES = int(os.environ.get("DOCUMENTS_WORKER_LINES", "1000"))
DOCUMENTS_JOB_STALE_SECONDS = 600

# Webhooks go only to https:// URLs on public addresses. True allows http:// and private or
# loopback addresses: for tests with a receiver on 127.0.0.1 only, never from the environment.
WEBHOOKS_ALLOW_PRIVATE = False

SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# One JSON object per line in production (LOG_FORMAT=json, the default with DEBUG off),
# each with the request id and the acting organization's id (cloudcabin.observability);
# plain text for a developer's terminal.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request": {"()": "cloudcabin.observability.RequestContextFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s "
            "%(organization_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # One line per request from cloudcabin.observability; Django's own duplicates it.
    "loggers": {"django.server": {"level": "WARNING"}},
}

# /metrics (Prometheus): for a bearer of METRICS_TOKEN when set, otherwise only from these
# networks. With several gunicorn workers set PROMETHEUS_MULTIPROC_DIR (README).
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
METRICS_ALLOWED_NETWORKS = env_list("METRICS_ALLOWED_NETWORKS", "127.0.0.1/32,::1/128")
# /readyz: a due task waiting longer than this means no background worker is running.
WORKER_STALE_SECONDS = int(os.environ.get("WORKER_STALE_SECONDS", "120"))

# Where the committed reference data files live (copied from shared/data with their notes).
REFERENCE_DATA_DIR = BASE_DIR / "cloudcabin" / "reference" / "data"
