"""Ideverkstedet settings: one file, configured only through environment variables.

The defaults give the embedded set-up (SQLite, console email, tasks in the database).
Production sets DEBUG=false, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL and EMAIL_URL; see README.md.
"""

import os
import sys
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


TESTING = "pytest" in sys.modules or env_bool("IDEVERKSTEDET_TESTING")
DEBUG = env_bool("DEBUG", False)

# A development key is allowed so that `make run` and the tests need no set-up; `check --deploy` flags it
# (security.W009) and the production section of README.md says to set SECRET_KEY.
SECRET_KEY = os.environ.get("SECRET_KEY") or "django-insecure-ideverkstedet-development-only"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]" if DEBUG or TESTING else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "ideverkstedet.core",
    "ideverkstedet.accounts",
    "ideverkstedet.notifications",
    "ideverkstedet.rooms",
    "ideverkstedet.events",
    "ideverkstedet.methods",
    "ideverkstedet.challenges",
    "ideverkstedet.search",
    "ideverkstedet.stories",
    "ideverkstedet.statistics",
    "ideverkstedet.desk",
    "ideverkstedet.api",
    "ideverkstedet.oidc",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    # django-ninja's app ships Swagger UI's files, so /api/v1/docs loads them from our static files (not a CDN
    # our CSP would block) and its init script is a file, not inline.
    "ninja",
    "django_tasks_db",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    # OpenID Connect (ID-porten, Entra ID): allauth's openid_connect provider does the protocol; our oidc app
    # completes the login. allauth.account is only there because socialaccount needs it (no views of it are used).
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ideverkstedet.core.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "ideverkstedet.core.middleware.LoginRequiredMiddleware",
    "ideverkstedet.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Axes must be last: it turns a lock-out into a response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ideverkstedet.urls"
WSGI_APPLICATION = "ideverkstedet.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "ideverkstedet" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ideverkstedet.core.context_processors.site",
            ],
            "builtins": ["django.templatetags.i18n", "ideverkstedet.core.templatetags.idv"],
        },
    },
]

# Database ---------------------------------------------------------------------------------------------
# SQLite is the embedded default. Writes take the lock at BEGIN (IMMEDIATE) and wait up to 20 s for it,
# so concurrent writers queue instead of failing with "database is locked".
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0 if TESTING else DATABASES["default"]["CONN_MAX_AGE"]
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
    # Tests use a file, not memory: concurrency tests need real connections from many threads. One file per
    # process, so that two test runs on one machine never share (and delete) each other's database.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"ideverkstedet-test-{os.getpid()}.sqlite3")
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache ------------------------------------------------------------------------------------------------
# Local memory by default (one process; right for a pilot on one machine). With several app servers, set
# CACHE_URL=redis://host:6379/0 so that they share one cache and an invalidation reaches all of them. Cached
# things are keyed on what they show (objects' updated_at, language, audience), so a cache never lies.
CACHE_URL = "" if TESTING else os.environ.get("CACHE_URL", "")  # tests: a cache per process, emptied per test
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "idv"),
            "TIMEOUT": 60 * 60,
        }
    }
elif CACHE_URL in {"", "locmem:", "locmem://"}:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "TIMEOUT": 60 * 60,
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
elif CACHE_URL in {"dummy:", "dummy://"}:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
else:
    raise ImproperlyConfigured(f"CACHE_URL: use redis://host:port/db, locmem: or dummy:, not {CACHE_URL!r}")
# PDFs (methods/pdf.py) are kept apart: in local memory at most 64 of them (some tens of kilobytes each), so
# that they can never crowd out the pages' fragments or fill a worker's memory; in Redis beside the rest.
_pdfs: dict[str, Any] = {**CACHES["default"], "TIMEOUT": 24 * 60 * 60}
if str(_pdfs["BACKEND"]).endswith("LocMemCache"):
    _pdfs.update({"LOCATION": "pdfs", "OPTIONS": {"MAX_ENTRIES": 64}})
elif str(_pdfs["BACKEND"]).endswith("RedisCache"):
    _pdfs["KEY_PREFIX"] = f"{_pdfs['KEY_PREFIX']}-pdf"
CACHES["pdfs"] = _pdfs

# Accounts ---------------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:profile"
LOGOUT_REDIRECT_URL = "core:home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # one day, for reset and email verification links
# Login throttling: five failed attempts for one account from one address lock it for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "ideverkstedet.accounts.throttling.username_from_request"
# The same client address as our own rate limits (X-Forwarded-For only when BEHIND_PROXY is on).
AXES_CLIENT_IP_CALLABLE = "ideverkstedet.core.ratelimit.client_address"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_VERBOSE = False
# Personal data stays out of logs: Axes would log the address and the email of every failure (LOGGING).
AXES_SENSITIVE_PARAMETERS = ["password"]

# Passwords can be turned off for employees when they log in with Entra ID (see OpenID Connect below).
LOCAL_LOGIN_FOR_EMPLOYEES = env_bool("LOCAL_LOGIN_FOR_EMPLOYEES", True)

SESSION_COOKIE_AGE = 60 * 60 * 24 * 14
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Language and time ------------------------------------------------------------------------------------
LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", "Norsk bokmål"), ("nn", "Norsk nynorsk"), ("en", "English")]
LOCALE_PATHS = [Path(os.environ.get("LOCALE_DIR", BASE_DIR / "ideverkstedet" / "locale"))]
LANGUAGE_COOKIE_NAME = "ideverkstedet_language"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

# Static files -----------------------------------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "ideverkstedet" / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not (DEBUG or TESTING)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING


# Email and tasks --------------------------------------------------------------------------------------
def parse_email_url(url: str) -> dict[str, object]:
    """EMAIL_URL → a MAILERS entry. console: · locmem: · file:///path · smtp:// · smtp+tls:// · smtps://"""
    parts = urlsplit(url)
    scheme = parts.scheme or url.rstrip(":")
    simple = {
        "console": "django.core.mail.backends.console.EmailBackend",
        "locmem": "django.core.mail.backends.locmem.EmailBackend",
        "dummy": "django.core.mail.backends.dummy.EmailBackend",
    }
    if scheme in simple:
        return {"BACKEND": simple[scheme]}
    if scheme == "file":
        return {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": parts.path},
        }
    if scheme not in {"smtp", "smtp+tls", "smtps", "submission"}:
        raise ValueError(f"EMAIL_URL: unknown scheme {scheme!r}")
    options: dict[str, object] = {
        "host": parts.hostname or "localhost",
        "port": parts.port or {"smtps": 465, "smtp+tls": 587, "submission": 587}.get(scheme, 25),
        "username": unquote(parts.username or ""),
        "password": unquote(parts.password or ""),
        "use_tls": scheme in {"smtp+tls", "submission"},
        "use_ssl": scheme == "smtps",
        "timeout": 20,
    }
    return {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": options}


MAILERS = {"default": parse_email_url(os.environ.get("EMAIL_URL", "console:"))}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Ideverkstedet <ideverkstedet@example.no>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
CONTACT_EMAIL = os.environ.get("CONTACT_EMAIL", "ideverkstedet@example.no")
# Whose workshop this is, and where (rooms without their own address are here). The seed is Bærum's.
MUNICIPALITY_NAME = os.environ.get("MUNICIPALITY_NAME", "Bærum kommune")
MUNICIPALITY_ADDRESS = os.environ.get("MUNICIPALITY_ADDRESS", "Arnold Haukelands plass 10, 1338 Sandvika")
# How many times a failed email is tried again, and the wait before the first retry (doubling after).
EMAIL_MAX_ATTEMPTS = int(os.environ.get("EMAIL_MAX_ATTEMPTS", "6"))
EMAIL_RETRY_BASE_SECONDS = int(os.environ.get("EMAIL_RETRY_BASE_SECONDS", "60"))
# The desk promises a first answer within this many working days (weekends and Norwegian holidays skipped).
DESK_ANSWER_WORKING_DAYS = int(os.environ.get("DESK_ANSWER_WORKING_DAYS", "3"))

TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND",
            "django.tasks.backends.immediate.ImmediateBackend"
            if TESTING
            else "django_tasks_db.DatabaseBackend",
        ),
        "QUEUES": ["default"],
    }
}

# Security ---------------------------------------------------------------------------------------------
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not (DEBUG or TESTING))
# Behind a load balancer (README, Production): trust its X-Forwarded-Proto, and take the client's address from
# X-Forwarded-For, TRUSTED_PROXY_COUNT entries from the right (core.ratelimit.client_address). Off by default:
# without a proxy in front, X-Forwarded-For is whatever the client wrote.
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
TRUSTED_PROXY_COUNT = max(1, int(os.environ.get("TRUSTED_PROXY_COUNT", "1")))
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG or TESTING else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SESSION_COOKIE_SECURE = not (DEBUG or TESTING)
CSRF_COOKIE_SECURE = not (DEBUG or TESTING)
LANGUAGE_COOKIE_SECURE = not (DEBUG or TESTING)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# The deploy check wants HSTS preload considered; we leave the decision to the operator (see README).
SILENCED_SYSTEM_CHECKS = ["security.W021"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # Feed tokens and reset/verification links never reach a log (core.logfilters; gunicorn.conf.py too).
    "filters": {"redact_secrets": {"()": "ideverkstedet.core.logfilters.RedactSecrets"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact_secrets"]},
        "server": {"class": "logging.StreamHandler", "filters": ["redact_secrets"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "ERROR"},
        "django.tasks": {"level": "WARNING"},
        # runserver's request lines (Django's default handler for it has no filter).
        "django.server": {"handlers": ["server"], "level": "INFO", "propagate": False},
    },
}

NINJA_PAGINATION_MAX_LIMIT = 200

# bench/run.py mounts baseline views for its ratios; never set in production.
BENCH_BASELINES = env_bool("BENCH_BASELINES", False)
# Sign-ups from one client address per hour (a municipal office behind one address needs room).
SIGN_UP_RATE_LIMIT = int(os.environ.get("SIGN_UP_RATE_LIMIT", "10"))
# Account emails (verification, password reset, "you already have an account") per address and per client
# address per hour: nobody can flood someone's inbox through our forms.
ACCOUNT_MAILS_PER_ADDRESS = int(os.environ.get("ACCOUNT_MAILS_PER_ADDRESS", "3"))
ACCOUNT_MAILS_PER_CLIENT = int(os.environ.get("ACCOUNT_MAILS_PER_CLIENT", "20"))
MUNICIPAL_EMAIL_DOMAINS = env_list("MUNICIPAL_EMAIL_DOMAINS", "demo.kommune.no")


# OpenID Connect: ID-porten (citizens) and Entra ID (employees) ---------------------------------------------
# A provider is on when its issuer (or tenant) and client id are set; the login page shows only those.
# Discovery is fetched lazily from the issuer (never at import) and cached. See README.md, "Logging in".
IDPORTEN_ISSUER = os.environ.get("IDPORTEN_ISSUER", "").rstrip("/")
IDPORTEN_CLIENT_ID = os.environ.get("IDPORTEN_CLIENT_ID", "")
IDPORTEN_CLIENT_SECRET = os.environ.get("IDPORTEN_CLIENT_SECRET", "")
IDPORTEN_ACR = os.environ.get("IDPORTEN_ACR", "idporten-loa-substantial")
ENTRA_TENANT_ID = os.environ.get("ENTRA_TENANT_ID", "")
ENTRA_CLIENT_ID = os.environ.get("ENTRA_CLIENT_ID", "")
ENTRA_CLIENT_SECRET = os.environ.get("ENTRA_CLIENT_SECRET", "")
ENTRA_ISSUER = os.environ.get(
    "ENTRA_ISSUER", f"https://login.microsoftonline.com/{ENTRA_TENANT_ID}/v2.0" if ENTRA_TENANT_ID else ""
).rstrip("/")
ENTRA_ROLE_MAP = os.environ.get(
    "ENTRA_ROLE_MAP",
    "Ideverkstedet.Radgiver=advisor,Ideverkstedet.Leder=leader,Ideverkstedet.Ansatt=employee",
)
ENTRA_UNIT_CLAIM = os.environ.get("ENTRA_UNIT_CLAIM", "")


def oidc_apps(
    *,
    idporten_issuer: str = IDPORTEN_ISSUER,
    idporten_client_id: str = IDPORTEN_CLIENT_ID,
    idporten_client_secret: str = IDPORTEN_CLIENT_SECRET,
    idporten_acr: str = IDPORTEN_ACR,
    entra_issuer: str = ENTRA_ISSUER,
    entra_tenant_id: str = ENTRA_TENANT_ID,
    entra_client_id: str = ENTRA_CLIENT_ID,
    entra_client_secret: str = ENTRA_CLIENT_SECRET,
    entra_role_map: str = ENTRA_ROLE_MAP,
    entra_unit_claim: str = ENTRA_UNIT_CLAIM,
) -> list[dict[str, object]]:
    """The allauth openid_connect apps for the configured providers (tests build their own with this)."""
    apps: list[dict[str, object]] = []
    if idporten_issuer and idporten_client_id:
        apps.append(
            {
                "provider_id": "idporten",
                "name": "ID-porten",
                "client_id": idporten_client_id,
                "secret": idporten_client_secret,
                "settings": {
                    "kind": "idporten",
                    "server_url": idporten_issuer,
                    "scope": ["openid"],
                    "fetch_userinfo": False,
                    "oauth_pkce_enabled": True,
                    "acr": idporten_acr,
                },
            }
        )
    if entra_issuer and entra_client_id:
        role_map = dict(item.split("=", 1) for item in entra_role_map.split(",") if "=" in item)
        apps.append(
            {
                "provider_id": "entra",
                "name": "Entra ID",
                "client_id": entra_client_id,
                "secret": entra_client_secret,
                "settings": {
                    "kind": "entra",
                    "server_url": entra_issuer,
                    "scope": ["openid", "profile", "email"],
                    "fetch_userinfo": False,
                    "oauth_pkce_enabled": True,
                    "uid_field": "oid",
                    "tenant_id": entra_tenant_id,
                    "role_map": {key.strip(): value.strip() for key, value in role_map.items()},
                    "unit_claim": entra_unit_claim,
                },
            }
        )
    return apps


SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "provider_class": "ideverkstedet.oidc.protocol.IdvOpenIDConnectProvider",
        "OAUTH_PKCE_ENABLED": True,
        "APPS": oidc_apps(),
    }
}
SOCIALACCOUNT_REQUESTS_TIMEOUT = 5
SOCIALACCOUNT_STORE_TOKENS = False
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
