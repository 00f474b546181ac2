"""Twoway settings: one module, every value from the environment.

Each variable is read through a small typed helper that raises
``ImproperlyConfigured`` with the variable's name when the value is malformed,
so a typo fails at start-up instead of at the first request. Every variable is
listed, with its default, in ``.env.example``.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from dotenv import load_dotenv

from twoway.core.fernet_keys import HOW_TO_MAKE_ONE, fernet_keys_problem

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = PACKAGE_DIR.parent

# A local `.env` fills in what the real environment leaves unset; it never
# overrides a variable that is already set (CI and process managers win).
load_dotenv(BASE_DIR / ".env", override=False)

PLACEHOLDER_SECRET = "change-me"


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name)
    if value is None or value == "":
        if default is None:
            raise ImproperlyConfigured(f"{name} must be set (see .env.example)")
        return default
    return value


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if value == "":
        return default
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def email_settings(url: str) -> dict[str, object]:
    """Translate ``EMAIL_URL`` into Django's e-mail settings.

    ``console:`` prints mail, ``file:var/mail`` writes one file per message,
    ``locmem:`` keeps it in memory (tests), ``smtp://user:pass@host:587`` sends
    it with STARTTLS, ``smtps://...`` with implicit TLS.
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if scheme == "locmem":
        return {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    if scheme == "file":
        path = parts.path or "var/mail"
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(BASE_DIR / path) if not path.startswith("/") else path,
        }
    if scheme in {"smtp", "smtps"}:
        if not parts.hostname:
            raise ImproperlyConfigured("EMAIL_URL needs a host, e.g. smtp://user:pass@host:587")
        query = parse_qs(parts.query)
        try:
            port = parts.port or (465 if scheme == "smtps" else 587)
        except ValueError:
            raise ImproperlyConfigured("EMAIL_URL has an invalid port") from None
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": parts.hostname,
            "EMAIL_PORT": port,
            "EMAIL_HOST_USER": unquote(parts.username or ""),
            "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
            "EMAIL_USE_SSL": scheme == "smtps",
            "EMAIL_USE_TLS": scheme == "smtp" and query.get("tls", ["true"])[0] != "false",
            "EMAIL_TIMEOUT": 10,
        }
    raise ImproperlyConfigured(
        f"EMAIL_URL scheme {scheme!r} is not one of console, file, locmem, smtp, smtps"
    )


DEBUG = env_bool("DEBUG", False)
# A throwaway demonstration install (`make demo`): `seed_demo` may create logins
# with published passwords, and every page says so. Never on a real install.
DEMO = env_bool("DEMO", False)
SECRET_KEY = env_str("SECRET_KEY", PLACEHOLDER_SECRET)
if not DEBUG and (SECRET_KEY == PLACEHOLDER_SECRET or len(SECRET_KEY) < 32):
    raise ImproperlyConfigured(
        "SECRET_KEY is the placeholder or shorter than 32 characters; set a long random "
        "value (python -c 'import secrets; print(secrets.token_urlsafe(50))')"
    )

# Keys for encrypted fields (private notes, self-descriptions), separate from
# SECRET_KEY so that rotating one does not lose the other. Comma-separated
# Fernet keys: the first encrypts, all of them decrypt (rotation). A key that is
# not a Fernet key is refused here, in every mode: it could never encrypt, and
# would otherwise fail only at the first save of private data.
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS")
_keys_problem = fernet_keys_problem(FIELD_ENCRYPTION_KEYS)
if _keys_problem:
    raise ImproperlyConfigured(f"{_keys_problem}; {HOW_TO_MAKE_ONE}")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_NAME = env_str("SITE_NAME", "Twoway")

INSTALLED_APPS = [
    "twoway.core.admin_apps.TwowayAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_tasks",
    "django_tasks_db",
    # django-ninja: its Swagger UI files, served from here (the CSP allows no CDN).
    "ninja",
    "twoway.core",
    "twoway.people",
    "twoway.skills",
    "twoway.programs",
    "twoway.guides",
    "twoway.speakup",
    "twoway.matching",
    "twoway.pairs",
    "twoway.meetings",
    "twoway.circles",
    "twoway.surveys",
    "twoway.notifications",
    "twoway.recognition",
    "twoway.events",
    "twoway.insights",
    "twoway.outcomes",
    "twoway.privacy",
    "twoway.sso",
    "twoway.api",
    "twoway.scim",
    "twoway.home",
    "twoway.demo",
]

# Background work: Django's tasks API (the django-tasks backport). The database
# backend needs no broker; run `twoway db_worker` beside the web process. Tests
# and one-process installs can use the immediate backend, which runs a task as
# soon as it is enqueued.
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "twoway.core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "twoway.core.typed_text.TypedTextMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # SSO-only mode: ends the sessions opened with a password before it was on.
    "twoway.sso.middleware.SsoOnlySessionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "twoway.urls"
WSGI_APPLICATION = "twoway.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "twoway.home.context_processors.navigation",
            ],
        },
    }
]

# --- database -------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", "sqlite:///" + str(BASE_DIR / "var" / "twoway.sqlite3"))
try:
    _db = dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {exc}") from None
if _db["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer writes; IMMEDIATE makes a writing
    # transaction take the lock up front instead of failing half-way through.
    _db["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    _db["CONN_MAX_AGE"] = 0
    if _db["NAME"] and _db["NAME"] != ":memory:":
        Path(_db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
_db["CONN_HEALTH_CHECKS"] = True
_db["TEST"] = {"NAME": None if _db["ENGINE"].endswith("sqlite3") else f"test_{_db['NAME']}"}
DATABASES = {"default": _db}
# One cache for every process (web workers, the background worker): a table in the
# database, created by a migration. Slow figures computed once (today's outcome
# reports, read on every sponsor's and manager's home) are then computed once for
# all the workers, not once in each, and a worker that was just started finds them.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "twoway_cache",
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- accounts -------------------------------------------------------------
AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # In SSO-only mode, refuses a password unless the address may break glass.
    "twoway.core.password_policy.PasswordPolicyBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3

# Login throttling, kept in the database so that it holds across workers.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 8)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
# One spelling per account (stripped, lower-case), whichever page or caller
# authenticates, so case variants share one budget.
AXES_USERNAME_CALLABLE = "twoway.core.throttle.axes_username"
# The client address as TRUSTED_PROXY_COUNT says to read it (security section).
AXES_CLIENT_IP_CALLABLE = "twoway.core.client_address.client_address"
AXES_VERBOSE = False

# Password-reset e-mails per hour, per address asked for and per client address.
# The per-client limit is higher: an office behind one address shares it.
PASSWORD_RESET_LIMIT_PER_ADDRESS = env_int("PASSWORD_RESET_PER_ADDRESS_PER_HOUR", 3)
PASSWORD_RESET_LIMIT_PER_CLIENT = env_int("PASSWORD_RESET_PER_CLIENT_PER_HOUR", 10)

# REST API requests per minute, per token (or per signed-in user): docs/api.md.
API_RATE_PER_MINUTE = env_int("API_RATE_PER_MINUTE", 600)
# Organisation-wide figures (skill counts, the directory's totals) are counted again
# after a change, but at most this often (core.figures); 0 counts after every change.
FIGURES_REFRESH_SECONDS = env_int("FIGURES_REFRESH_SECONDS", 30)

# Single sign-on with an OpenID Connect provider (docs/sso.md): the discovery URL,
# client id and secret together, or none of them. SSO-only mode switches passwords
# off for everyone but the break-glass addresses.
OIDC_DISCOVERY_URL = env_str("OIDC_DISCOVERY_URL", "").strip()
OIDC_CLIENT_ID = env_str("OIDC_CLIENT_ID", "").strip()
OIDC_CLIENT_SECRET = env_str("OIDC_CLIENT_SECRET", "")
OIDC_PROVIDER_NAME = env_str("OIDC_PROVIDER_NAME", "your work account").strip()
OIDC_SSO_ONLY = env_bool("OIDC_SSO_ONLY", False)
# The claim that must be true for the e-mail to count (Entra ID: xms_edov).
OIDC_EMAIL_VERIFIED_CLAIM = env_str("OIDC_EMAIL_VERIFIED_CLAIM", "email_verified").strip()
OIDC_BREAK_GLASS_EMAILS = [email.lower() for email in env_list("OIDC_BREAK_GLASS_EMAILS")]
_oidc_set = {
    "OIDC_DISCOVERY_URL": OIDC_DISCOVERY_URL,
    "OIDC_CLIENT_ID": OIDC_CLIENT_ID,
    "OIDC_CLIENT_SECRET": OIDC_CLIENT_SECRET,
}
if any(_oidc_set.values()) and not all(_oidc_set.values()):
    _missing = ", ".join(name for name, value in _oidc_set.items() if not value)
    raise ImproperlyConfigured(f"Single sign-on needs {_missing} too (docs/sso.md)")
if OIDC_DISCOVERY_URL:
    _oidc_url = urlsplit(OIDC_DISCOVERY_URL)
    # Plain HTTP only to this machine (a provider run beside Twoway in tests).
    if not _oidc_url.hostname or not (
        _oidc_url.scheme == "https"
        or (_oidc_url.scheme == "http" and _oidc_url.hostname in {"127.0.0.1", "localhost"})
    ):
        raise ImproperlyConfigured(
            f"OIDC_DISCOVERY_URL must be an https:// URL, not {OIDC_DISCOVERY_URL!r}"
        )
if OIDC_SSO_ONLY and not OIDC_DISCOVERY_URL:
    raise ImproperlyConfigured("OIDC_SSO_ONLY=true needs OIDC_DISCOVERY_URL (docs/sso.md)")

# --- e-mail ---------------------------------------------------------------
EMAIL_URL = env_str("EMAIL_URL", "console:" if DEBUG else "")
globals().update(email_settings(EMAIL_URL))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Twoway <twoway@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Reminders (docs/reminders.md): how long a claim holds, the first pause after a
# failed send (doubled each time, at most 6 hours), attempts before giving up.
REMINDER_LEASE_SECONDS = env_int("REMINDER_LEASE_SECONDS", 600)
REMINDER_RETRY_SECONDS = env_int("REMINDER_RETRY_SECONDS", 300)
REMINDER_MAX_ATTEMPTS = env_int("REMINDER_MAX_ATTEMPTS", 8)

# Data rights (docs/data-rights.md): days after a program closes before
# `twoway retention_purge` deletes its private free text; 0 keeps it forever.
RETENTION_DAYS_AFTER_CLOSE = env_int("RETENTION_DAYS_AFTER_CLOSE", 730)

# --- time and language ----------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
try:
    import zoneinfo

    zoneinfo.ZoneInfo(TIME_ZONE)
except (zoneinfo.ZoneInfoNotFoundError, ValueError):
    raise ImproperlyConfigured(f"TIME_ZONE {TIME_ZONE!r} is not an IANA time zone") from None
USE_I18N = True
USE_TZ = True

# --- static files ---------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns when it is missing
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Serve straight from the app folders, so a deploy needs no collectstatic step;
# vendored files carry their version in the name, so caching stays correct.
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = BASE_DIR / "var" / "media"

# Uploads: an HR export of 50,000 people is a few MB; allow headroom.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
IMPORT_MAX_UPLOAD_BYTES = env_int("IMPORT_MAX_UPLOAD_MB", 25) * 1024 * 1024

# --- security -------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_HOURS", 12) * 3600
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Load balancers probe plain HTTP; the health check answers them there.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# How many proxies in front of Twoway append to X-Forwarded-For. 0: the header is
# ignored and the connecting address is the client (a client can forge the
# header). N: the client is the address N entries from the right of the header,
# which is what the N trusted proxies wrote; entries further left are the client's
# own and are ignored. Login lockouts and rate limits are kept per client address.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured(f"TRUSTED_PROXY_COUNT must be 0 or more, not {TRUSTED_PROXY_COUNT}")
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        # Preloading is hard to undo, so it is an explicit opt-in, not a default.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
    if env_bool("BEHIND_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

# --- logging --------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "twoway.core.middleware.RequestIdFilter"},
        "client_error_one_line": {"()": "twoway.core.middleware.ClientErrorOneLineFilter"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"}
    },
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["stderr"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # Refusals (403s) are routine: one line each. 5xx keep their traceback.
        "django.request": {"filters": ["client_error_one_line"]},
    },
}

# --- Twoway ---------------------------------------------------------------
# Reports never show a group smaller than this (and it can never go below 3).
REPORT_MIN_GROUP_SIZE = max(3, env_int("REPORT_MIN_GROUP_SIZE", 5))
PAGE_SIZE = env_int("PAGE_SIZE", 25)
