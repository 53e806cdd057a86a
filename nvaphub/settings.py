"""NVAP Hub settings: one module, read from the environment (see README, "Production")."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from nvaphub.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-used-when-debug-is-on"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_prometheus",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "core",
    "accounts",
    "organisations",
    "framework",
    "benchmarking",
    "impact",
    "practice",
    "reviews",
    "casereviews",
    "deaths",
    "community",
    "nvaphub",  # the site itself: its pages, URLs, API and demo, on top of every app
]

MIDDLEWARE = [
    "core.requests.RequestIdMiddleware",
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "core.metrics.QueryCountMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.LanguageMiddleware",
    "accounts.middleware.IdleSessionMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
    "core.middleware.RequestSizeLimitMiddleware",
    "core.middleware.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "nvaphub.urls"
WSGI_APPLICATION = "nvaphub.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.service",
                "nvaphub.context_processors.work",
                "organisations.context_processors.capabilities",
            ],
        },
    },
]
FORM_RENDERER = "core.forms.GovukFormRenderer"

VAR_DIR.mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'nvaphub.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers take the lock when their transaction starts, so two never deadlock; the
    # background worker (django-tasks-db) relies on it to claim each task once.
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "EXCLUSIVE"
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A server that does not answer is given up on rather than waited for.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
    if env_bool("DATABASE_PREPARED_STATEMENTS", True):
        # Parameters bound by the server, and a statement run five times on a connection is
        # prepared there, so PostgreSQL plans each of the pages' queries once per connection
        # rather than on every request. Turn off behind a pooler in transaction mode.
        DATABASES["default"]["OPTIONS"].update(server_side_binding=True, prepare_threshold=5)
# Reconnect rather than fail when the database restarted under a kept-alive connection.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "site:home"
LOGOUT_REDIRECT_URL = "accounts:sign-in"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sign-in throttling (django-axes): after this many failed attempts for one account from one
# client address, that pair is refused until the cool-off has passed or the password is reset.
# Other people behind the same proxy, and the account's owner elsewhere, are unaffected.
SIGN_IN_MAX_FAILURES = env_int("SIGN_IN_MAX_FAILURES", 5, minimum=1)
SIGN_IN_WINDOW_MINUTES = env_int("SIGN_IN_WINDOW_MINUTES", 15, minimum=1)
AXES_FAILURE_LIMIT = SIGN_IN_MAX_FAILURES
AXES_COOLOFF_TIME = timedelta(minutes=SIGN_IN_WINDOW_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "email"
AXES_USERNAME_CALLABLE = "accounts.throttle.username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.throttle.lockout_response"
AXES_VERBOSE = False

# Password reset emails to one address per hour; personal API tokens expire after this many days.
PASSWORD_RESET_MAX_PER_HOUR = env_int("PASSWORD_RESET_MAX_PER_HOUR", 3, minimum=1)
API_TOKEN_DAYS = env_int("API_TOKEN_DAYS", 180, minimum=1)
# How long an invitation to join an organisation works for (organisations.services).
INVITATION_DAYS = env_int("INVITATION_DAYS", 7, minimum=1)
# Access reviews (organisations.tasks.review_access, daily): accounts unused this long are
# suspended; a force's quarterly review lists people not signed in for TEAM_REVIEW_IDLE_DAYS.
SUSPEND_AFTER_DAYS = env_int("SUSPEND_AFTER_DAYS", 180, minimum=30)
TEAM_REVIEW_IDLE_DAYS = env_int("TEAM_REVIEW_IDLE_DAYS", 90, minimum=7)

# Second factors (accounts.mfa): required for national roles, force leads and everyone in an
# organisation that asks for it; creating API tokens, changing roles and exporting a whole
# exercise ask for it again once the last one is older than MFA_FRESH_MINUTES.
MFA_FRESH_MINUTES = env_int("MFA_FRESH_MINUTES", 15, minimum=1)
# The deaths repository: tables never show a count under this (shown as "fewer than 5"), and
# records are listed for review and deletion this many years after the death.
DEATHS_SUPPRESSION_THRESHOLD = env_int("DEATHS_SUPPRESSION_THRESHOLD", 5, minimum=2)
DEATHS_RETENTION_YEARS = env_int("DEATHS_RETENTION_YEARS", 12, minimum=1)
OTP_TOTP_ISSUER = "NVAP Hub"
OTP_WEBAUTHN_RP_NAME = "NVAP Hub"
OTP_WEBAUTHN_HELPER_CLASS = "accounts.passkeys.Helper"
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False  # a passkey is the second step, after the password
OTP_WEBAUTHN_EXCEPTION_LOGGER_NAME = "nvaphub.passkeys"
# The passkeys' relying party: the site's own host name and address unless these are set.
WEBAUTHN_RP_ID = env_str("WEBAUTHN_RP_ID", "")
WEBAUTHN_ORIGINS = [o for o in env_str("WEBAUTHN_ORIGINS", "").split(",") if o]
OTP_WEBAUTHN_RP_ID_CALLABLE = "accounts.passkeys.rp_id"
# The package's own check wants a list; accounts.passkeys.Helper reads WEBAUTHN_ORIGINS, or
# else the origin the request came to (its host already checked against ALLOWED_HOSTS).
OTP_WEBAUTHN_ALLOWED_ORIGINS = WEBAUTHN_ORIGINS or ["https://localhost"]

# Single sign-on (accounts.sso): one multi-tenant Microsoft Entra ID application, and
# optionally a second OpenID Connect provider. A provider is on once its client id is set;
# only tenants listed for an organisation (organisations.SsoTenant) may sign in.
SSO_PROVIDERS = {
    "entra": {
        "name": "Microsoft (your force account)",
        "metadata_url": env_str(
            "SSO_ENTRA_METADATA_URL",
            "https://login.microsoftonline.com/organizations/v2.0/.well-known/openid-configuration",
        ),
        "client_id": env_str("SSO_ENTRA_CLIENT_ID", ""),
        "client_secret": env_str("SSO_ENTRA_CLIENT_SECRET", ""),
        "tenant_claim": "tid",
    },
    "oidc": {
        "name": env_str("SSO_OIDC_NAME", "your organisation's account"),
        "metadata_url": env_str("SSO_OIDC_METADATA_URL", ""),
        "client_id": env_str("SSO_OIDC_CLIENT_ID", ""),
        "client_secret": env_str("SSO_OIDC_CLIENT_SECRET", ""),
        # The claim that names the person's tenant; blank: the issuer is the tenant.
        "tenant_claim": env_str("SSO_OIDC_TENANT_CLAIM", ""),
    },
}
SSO_TIMEOUT_SECONDS = env_int("SSO_TIMEOUT_SECONDS", 10, minimum=1)
# Requests to the JSON API per person (or per address when signed out), e.g. "600/m".
API_RATE_LIMIT = env_str("API_RATE_LIMIT", "600/m")

# Sessions expire after this many minutes without a request. A session in use is written
# at most once every SESSION_REFRESH_MINUTES (accounts.middleware.IdleSessionMiddleware), so
# it ends between the two figures' difference and SESSION_IDLE_MINUTES after the last request.
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30, minimum=1)
SESSION_REFRESH_MINUTES = min(env_int("SESSION_REFRESH_MINUTES", 5, minimum=0), SESSION_IDLE_MINUTES // 2)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Security headers and cookies. HTTPS settings apply whenever DEBUG is off.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
# Cookies go over HTTPS only whenever DEBUG is off. SECURE_COOKIES=0 lifts that for a trial on
# plain HTTP on one's own machine (bin/cluster) and must never be set in production.
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000, minimum=0)
# includeSubDomains and preload bind every subdomain of the service's domain (often a force's
# or the police's whole domain) to HTTPS for good: the operator opts in, knowingly.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [
    *([] if SECURE_HSTS_INCLUDE_SUBDOMAINS else ["security.W005"]),
    *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
]
BEHIND_HTTPS_PROXY = env_bool("BEHIND_HTTPS_PROXY", False)
# How many proxies in front of the service append to X-Forwarded-For; the client address is
# read that many places from the right, so a client cannot forge it.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1, minimum=1)
if BEHIND_HTTPS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
AXES_CLIENT_IP_CALLABLE = "accounts.throttle.client_address"

# Content Security Policy: no inline script, nothing from other origins.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)

# Whether anyone, signed in or not, may read the plan pages and the plan API.
PLAN_IS_PUBLIC = env_bool("PLAN_IS_PUBLIC", False)
# A library download of up to this many examples is written while the person waits; a larger
# one is written by the background worker (practice.exports). 0 sends every one to the worker.
LIBRARY_EXPORT_INLINE_LIMIT = env_int("LIBRARY_EXPORT_INLINE_LIMIT", 2000, minimum=0)

# The service is in English and Welsh (for the Welsh forces' language standards). English pages
# keep their addresses; each Welsh page is the same address under /cy/ (nvaphub.urls).
LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", "English"), ("cy", "Cymraeg")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS: list[Path] = []
# Uploaded files: on an S3-compatible object store when S3_BUCKET is set (shared by every app
# server; private, never served from the store directly: downloads stream through the views'
# access checks), on local disk under MEDIA_ROOT otherwise.
S3_BUCKET = env_str("S3_BUCKET", "")
if S3_BUCKET:
    from botocore.config import Config

    FILE_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env_str("S3_ENDPOINT_URL", "") or None,
            "region_name": env_str("S3_REGION", "") or None,
            "access_key": env_str("S3_ACCESS_KEY_ID", "") or None,
            "secret_key": env_str("S3_SECRET_ACCESS_KEY", "") or None,
            "location": env_str("S3_PREFIX", ""),
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 60,
            # Every name written is new by construction (a random name for each upload, an
            # export's own id), so the store is not asked whether it exists first: one
            # request to the store fewer for every upload.
            "file_overwrite": True,
            # Path-style addresses suit S3-compatible servers; a store that does not answer is
            # given up on rather than waited for.
            "client_config": Config(
                s3={"addressing_style": "path"},
                signature_version="s3v4",
                connect_timeout=3,
                read_timeout=20,
                retries={"max_attempts": 2},
            ),
        },
    }
else:
    FILE_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": FILE_STORAGE,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "uploads")))
if not S3_BUCKET:
    MEDIA_ROOT.mkdir(parents=True, exist_ok=True)

# Uploads and imports. Request bodies larger than MAX_REQUEST_BYTES are refused before they
# are read (set the proxy's limit, e.g. nginx client_max_body_size, to the same); form data
# other than files is capped by DATA_UPLOAD_MAX_MEMORY_SIZE; files above
# FILE_UPLOAD_MAX_MEMORY_SIZE are streamed to a temporary file rather than held in memory.
MAX_REQUEST_BYTES = env_int("MAX_REQUEST_BYTES", 12 * 1024 * 1024, minimum=1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# One import reads at most this many rows and columns; a workbook may unpack to at most this
# many bytes, and no part of it may be compressed more than this ratio (zip bombs).
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 5000, minimum=10)
IMPORT_MAX_COLUMNS = env_int("IMPORT_MAX_COLUMNS", 60, minimum=5)
UPLOAD_MAX_UNPACKED_BYTES = env_int("UPLOAD_MAX_UNPACKED_BYTES", 40 * 1024 * 1024, minimum=1024 * 1024)
UPLOAD_MAX_COMPRESSION_RATIO = env_int("UPLOAD_MAX_COMPRESSION_RATIO", 100, minimum=10)

# Email. With DEBUG on, emails are written to files under var/emails (never to the log, as
# password reset links are secrets). With DEBUG off, the service refuses to start until a real
# mail server is configured (EMAIL_HOST), or EMAIL_BACKEND is set explicitly.
EMAIL_BACKEND = env_str("EMAIL_BACKEND")
EMAIL_HOST = env_str("EMAIL_HOST", "")
if not EMAIL_BACKEND:
    if DEBUG:
        EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    elif EMAIL_HOST:
        EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    else:
        raise ImproperlyConfigured(
            "Set EMAIL_HOST (and EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS) "
            "for the mail server, or EMAIL_BACKEND explicitly, when DEBUG is off."
        )
EMAIL_FILE_PATH = Path(env_str("EMAIL_FILE_PATH", str(VAR_DIR / "emails")))
EMAIL_HOST = EMAIL_HOST or "localhost"
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "NVAP Hub <no-reply@nvaphub.localhost>")

# The cache. Every cached value is keyed by the version of the data it shows, so no two app
# servers (or workers) ever disagree. With REDIS_URL set, all of them share one Redis, and
# sessions are read from it too (written through to the database, which stays the record).
# Without it, each process keeps its own memory cache: the zero-set-up default for one server.
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "core.cache.SharedRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "nvaphub"),
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

SERVICE_NAME = "NVAP Hub"
# The address people use to reach the service, for links in emails.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Reminders to force leads with incomplete returns, this many days before the deadline.
RETURN_REMINDER_DAYS = [int(d) for d in env_list("RETURN_REMINDER_DAYS", ["14", "3"])]
# A force's standing position on an action is due for review when nobody has looked at it
# for this long (about six months).
POSITION_REVIEW_DAYS = env_int("POSITION_REVIEW_DAYS", 183, minimum=7)
DEFAULT_FRAMEWORK = env_str("DEFAULT_FRAMEWORK", "nvap")

# Logs go to standard output, one line per record with the request's id (core.requests):
# as JSON when LOG_FORMAT is "json" (the default with DEBUG off), as text otherwise.
LOG_FORMAT = env_str("LOG_FORMAT", "text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "core.requests.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

# Health and metrics: /healthz and /readyz answer anyone (and over plain HTTP, for load
# balancers); /metrics answers a scraper sending "Authorization: Bearer <METRICS_TOKEN>", or a
# signed-in national admin.
METRICS_TOKEN = env_str("METRICS_TOKEN", "")
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]

# Errors to Sentry (or a compatible service) when SENTRY_DSN is set: no personal data sent.
SENTRY_DSN = env_str("SENTRY_DSN", "")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        send_default_pii=False,
        traces_sample_rate=0.0,
        environment=env_str("SENTRY_ENVIRONMENT", "production"),
    )

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, with the signed-in person's row kept in the cache (accounts.backends),
    # then Django's own for sessions that were made by it (they name it), until they end.
    "accounts.backends.ModelBackend",
    "django.contrib.auth.backends.ModelBackend",
    "organisations.backends.NationalAdminBackend",
]
