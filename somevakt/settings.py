"""One settings module for every mode, read from environment variables.

The defaults give the embedded mode (SQLite under var/, one machine). Production sets
SOMEVAKT_MODE=production, DATABASE_URL, SECRET_KEY (or SECRET_KEY_FILE) and ALLOWED_HOSTS.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str) -> str:
    """A value from NAME, or from the file NAME_FILE points at (for secrets)."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE={file_name!r} cannot be read: {exc}") from exc
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean; use true or false.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from exc


def env_list(name: str, default: str) -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


MODE = os.environ.get("SOMEVAKT_MODE", "embedded")
if MODE not in {"embedded", "production"}:
    raise ImproperlyConfigured(f"SOMEVAKT_MODE={MODE!r}; use embedded or production.")
PRODUCTION = MODE == "production"

VAR_DIR = Path(env_str("SOMEVAKT_VAR_DIR", str(BASE_DIR / "var")))
DEBUG = env_bool("DEBUG", False)


def _embedded_secret_key() -> str:
    """A random key made once per installation and kept under var/."""
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        key_file.chmod(0o600)
    return key_file.read_text(encoding="utf-8").strip()


SECRET_KEY = env_str("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY (or SECRET_KEY_FILE) must be set in production.")
    SECRET_KEY = _embedded_secret_key()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "django_htmx",
    "ninja",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "somevakt.core",
    "somevakt.policy",
    "somevakt.organisation",
    "somevakt.sources",
    "somevakt.inbox",
    "somevakt.triage",
    "somevakt.audit",
    "somevakt.connectors",
    "somevakt.moderation",
    "somevakt.deadlines",
    "somevakt.governance",
    "somevakt.guidelines",
    "somevakt.servicedesk",
    "somevakt.reports",
    "somevakt.archive",
    "somevakt.publishing",
    "somevakt.privacy",
    "somevakt.backup",
    "somevakt.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "somevakt.core.middleware.PagesLoginRequiredMiddleware",
    "somevakt.organisation.middleware.TwoFactorRequiredMiddleware",
    "somevakt.core.middleware.PolicyNotLoadedMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "somevakt.core.middleware.PermissionsPolicyMiddleware",
    # Last: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "somevakt.urls"
WSGI_APPLICATION = "somevakt.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "somevakt" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "somevakt.core.context_processors.navigation",
                "somevakt.guidelines.context_processors.guidelines_notice",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'somevakt.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while the worker writes; IMMEDIATE avoids
    # "database is locked" on write transactions that start with a read.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
elif env_bool("DATABASE_POOL", PRODUCTION):
    # Many web threads and workers share a few PostgreSQL connections (psycopg_pool).
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Each connection is checked as the pool hands it out: after a PostgreSQL restart the
    # dead ones are replaced instead of failing the next request or task.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": env_int("DATABASE_POOL_MIN", 2),
        "max_size": env_int("DATABASE_POOL_MAX", 10),
        "timeout": env_int("DATABASE_POOL_TIMEOUT", 10),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background work: the database backend by default (embedded); TASKS_BACKEND=
# django_tasks_rq.RQBackend runs the same tasks on RQ workers on Redis (REDIS_URL), as many
# as the operator starts (`manage.py rqworker default`), on as many machines.
TASKS_BACKEND = env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")
TASKS = {"default": {"BACKEND": TASKS_BACKEND, "QUEUES": ["default"]}}
if TASKS_BACKEND == "django_tasks_rq.RQBackend":
    INSTALLED_APPS.append("django_rq")
    RQ_QUEUES = {
        "default": {
            "URL": env_str("REDIS_URL", "redis://127.0.0.1:6379/0"),
            "DEFAULT_TIMEOUT": env_int("RQ_JOB_TIMEOUT", 600),
        }
    }
    # `manage.py rqworker default` runs tasks through django-tasks' job class, in the
    # worker process itself (no fork per task), so it keeps its pooled connection.
    RQ = {"JOB_CLASS": "django_tasks_rq.Job", "WORKER_CLASS": "rq.worker.SimpleWorker"}

# Reminders, escalations (O5, L2) and the weekly report go out by e-mail; embedded mode
# writes each message as a file under var/mail/ instead (a report's PDF would flood a console).
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.filebased.EmailBackend"
    if MODE == "embedded"
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "somevakt@localhost")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
# Login throttling (django-axes): after AXES_FAILURE_LIMIT failed logins for one user name
# from one address, that pair is locked out for AXES_COOLOFF_HOURS.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_HOURS", 1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False  # no banner on every manage.py command
AXES_LOCKOUT_CALLABLE = "somevakt.organisation.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "somevakt.core.middleware.client_ip"
# How many reverse proxies in front of the web processes append to X-Forwarded-For.
SOMEVAKT_TRUSTED_PROXY_COUNT = env_int("SOMEVAKT_TRUSTED_PROXY_COUNT", 1 if PRODUCTION else 0)
# Two-factor login (django-otp): these roles enrol a TOTP app and verify after the password.
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "somevakt")
SOMEVAKT_TWO_FACTOR_ROLES = env_list("SOMEVAKT_TWO_FACTOR_ROLES", "informasjonsansvarlig,arkivar")
# Single sign-on through OpenID Connect (e.g. the municipality's Entra ID), off unless
# OIDC_RP_CLIENT_ID is set; users are matched by e-mail to existing users, never created.
OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID", "")
if OIDC_RP_CLIENT_ID:
    OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET", "")
    OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
    OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT", "")
    OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT", "")
    OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT", "")
    OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", "RS256")
    OIDC_RP_SCOPES = env_str("OIDC_RP_SCOPES", "openid email profile")
    OIDC_CREATE_USER = False
    _missing = [
        name
        for name in (
            "OIDC_RP_CLIENT_SECRET",
            "OIDC_OP_AUTHORIZATION_ENDPOINT",
            "OIDC_OP_TOKEN_ENDPOINT",
            "OIDC_OP_USER_ENDPOINT",
            "OIDC_OP_JWKS_ENDPOINT",
        )
        if not globals()[name]
    ]
    if _missing:
        raise ImproperlyConfigured(
            f"OIDC_RP_CLIENT_ID is set, so single sign-on also needs: {', '.join(_missing)}."
        )
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.append("somevakt.organisation.oidc.EmailMatchingOIDCBackend")
    LOGIN_REDIRECT_URL_FAILURE = "/accounts/login/"
LOGIN_REDIRECT_URL = "inbox:list"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norwegian Bokmål")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "somevakt" / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Oslo"
USE_TZ = True

STATIC_URL = "static/"
# Production serves collected files (collectstatic); embedded mode serves them from the apps.
STATIC_ROOT = env_str("STATIC_ROOT", str(VAR_DIR / "static")) if PRODUCTION else None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION

# The policy loaded by `make run` and used when none has been loaded yet.
# Where approved hides, deletions, bans and replies go: the local fake platform
# (`manage.py fakeplatform`, started by `make run`) until the platform connectors are set up.
SOMEVAKT_PLATFORM_API_URL = env_str("SOMEVAKT_PLATFORM_API_URL", "http://127.0.0.1:8001/v21.0")


def _embedded_field_key() -> str:
    """A Fernet key made once per installation and kept under var/ (embedded mode only)."""
    key_file = VAR_DIR / "field_key"
    if not key_file.exists():
        import base64

        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())
        key_file.chmod(0o600)
    return key_file.read_text(encoding="utf-8").strip()


# Keys that encrypt platform tokens and app secrets at rest, newest first (comma-separated).
SOMEVAKT_FIELD_KEYS = [k.strip() for k in env_str("SOMEVAKT_FIELD_KEY", "").split(",") if k.strip()]
if not SOMEVAKT_FIELD_KEYS:
    if PRODUCTION:
        raise ImproperlyConfigured("SOMEVAKT_FIELD_KEY (or _FILE) must be set in production.")
    SOMEVAKT_FIELD_KEYS = [_embedded_field_key()]
# Facebook: the Graph API version somevakt is written against, pinned.
SOMEVAKT_FACEBOOK_GRAPH_URL = env_str("SOMEVAKT_FACEBOOK_GRAPH_URL", "https://graph.facebook.com")
SOMEVAKT_FACEBOOK_GRAPH_VERSION = env_str("SOMEVAKT_FACEBOOK_GRAPH_VERSION", "v21.0")
# Webhook bodies larger than this are refused (413); Meta's are a few kilobytes.
SOMEVAKT_WEBHOOK_MAX_BYTES = env_int("SOMEVAKT_WEBHOOK_MAX_BYTES", 1_000_000)
# A webhook delivery whose worker died is claimed again after this many seconds.
SOMEVAKT_WEBHOOK_LEASE_SECONDS = env_int("SOMEVAKT_WEBHOOK_LEASE_SECONDS", 30)
# A platform action whose worker died is taken up again after this many seconds.
SOMEVAKT_OUTBOX_LEASE_SECONDS = env_int("SOMEVAKT_OUTBOX_LEASE_SECONDS", 60)
# Archive (A1–A6): where documents are kept, when a quiet conversation counts as finished,
# and how journalposter reach the municipality's archive system: "folder" drops each
# arkivmelding into SOMEVAKT_ARCHIVE_DROP_DIR; "http" posts it to SOMEVAKT_ARCHIVE_URL.
SOMEVAKT_ARCHIVE_DIR = Path(env_str("SOMEVAKT_ARCHIVE_DIR", str(VAR_DIR / "archive")))
SOMEVAKT_ARCHIVE_QUIET_HOURS = env_int("SOMEVAKT_ARCHIVE_QUIET_HOURS", 48)
SOMEVAKT_ARCHIVE_TRANSPORT = env_str("SOMEVAKT_ARCHIVE_TRANSPORT", "folder")
if SOMEVAKT_ARCHIVE_TRANSPORT not in ("folder", "http"):
    raise ImproperlyConfigured(
        f"SOMEVAKT_ARCHIVE_TRANSPORT={SOMEVAKT_ARCHIVE_TRANSPORT!r}; use folder or http."
    )
SOMEVAKT_ARCHIVE_DROP_DIR = Path(
    env_str("SOMEVAKT_ARCHIVE_DROP_DIR", str(VAR_DIR / "archive-drop"))
)
SOMEVAKT_ARCHIVE_URL = env_str("SOMEVAKT_ARCHIVE_URL", "")
SOMEVAKT_ARCHIVE_TOKEN = env_str("SOMEVAKT_ARCHIVE_TOKEN", "")
SOMEVAKT_ARCHIVE_ATTEMPTS = env_int("SOMEVAKT_ARCHIVE_ATTEMPTS", 8)
SOMEVAKT_ARCHIVE_LEASE_SECONDS = env_int("SOMEVAKT_ARCHIVE_LEASE_SECONDS", 120)

# YouTube Data API units per day (Google's default grant is 10,000); polling stops short of it.
SOMEVAKT_YOUTUBE_DAILY_QUOTA = env_int("SOMEVAKT_YOUTUBE_DAILY_QUOTA", 10_000)
SOMEVAKT_YOUTUBE_API_URL = env_str(
    "SOMEVAKT_YOUTUBE_API_URL", "https://www.googleapis.com/youtube/v3"
)
SOMEVAKT_X_API_URL = env_str("SOMEVAKT_X_API_URL", "https://api.x.com/2")
# Platforms that do not push (YouTube, X, WordPress, Mastodon's catch-up) are asked this often.
SOMEVAKT_POLL_INTERVAL_SECONDS = env_int("SOMEVAKT_POLL_INTERVAL_SECONDS", 300)
# The local fakes of Instagram, YouTube, X, WordPress and Mastodon (`manage.py fakeplatforms`,
# started by `make run`), which act for those platforms while no account is connected.
SOMEVAKT_DEMO_PLATFORMS_URL = env_str("SOMEVAKT_DEMO_PLATFORMS_URL", "http://127.0.0.1:8002")
SOMEVAKT_DEFAULT_POLICY = Path(
    env_str("SOMEVAKT_DEFAULT_POLICY", str(BASE_DIR / "policies" / "rakkestad.toml"))
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # The worker logs every task start and end at INFO; that drowns everything else.
        "django_tasks": {"level": env_str("TASKS_LOG_LEVEL", "WARNING")},
        "django_tasks_db": {"level": env_str("TASKS_LOG_LEVEL", "WARNING")},
        # WeasyPrint (the weekly PDF) logs every layout step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # PDF rendering logs each step and page at INFO.
        "weasyprint.progress": {"level": "WARNING"},
    },
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content security policy (django-csp): scripts, styles and images from somevakt only, no
# inline scripts or styles; the server-drawn charts and the enrolment QR code are inline SVG.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
