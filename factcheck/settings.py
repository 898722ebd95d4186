"""Settings for the fact-checking tracker, read from the environment.

Development defaults exist only when DEBUG is on. Outside DEBUG, SECRET_KEY and
DATABASE_URL must be set, and start-up stops with a sentence saying so.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A development checkout keeps its local settings in .env (git-ignored, written by `make`
# with DEBUG=1); variables set in the environment win over it. Deployments set the
# environment and have no .env.
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)

if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default="development-only-secret-key-not-for-production")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
else:
    if "SECRET_KEY" not in env:
        raise ImproperlyConfigured(
            "Set SECRET_KEY in the environment (or DEBUG=1 for local development)."
        )
    SECRET_KEY = env.str("SECRET_KEY")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])

if "DATABASE_URL" in env:
    DATABASES = {"default": env.db_url("DATABASE_URL")}
elif DEBUG:
    from factcheck.database import embedded_database

    DATABASES = {"default": embedded_database(BASE_DIR)}
else:
    raise ImproperlyConfigured(
        "Set DATABASE_URL (for example postgres://user@host:5432/factcheck); "
        "the embedded development database is only used when DEBUG=1."
    )
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
DATABASES["default"]["TEST"] = {"NAME": env.str("TEST_DATABASE_NAME", default=None)}

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "pgtrigger",
    "pghistory",
    "pghistory.admin",
    "django_tasks",
    "django_tasks_db",
    "sources",
    "claims",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "pghistory.middleware.HistoryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "factcheck.urls"
WSGI_APPLICATION = "factcheck.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "claims.pages.context.publisher",
            ],
        },
    },
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded evidence and archived copies go through Django's storage API: the filesystem
# under MEDIA_ROOT by default (never served as-is: the app checks who may see each file),
# or an S3-compatible bucket when MEDIA_S3_BUCKET is set (django-storages; install boto3).
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
if "MEDIA_S3_BUCKET" in env:
    MEDIA_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("MEDIA_S3_BUCKET"),
            "endpoint_url": env.str("MEDIA_S3_ENDPOINT_URL", default=None),
            "region_name": env.str("MEDIA_S3_REGION", default=None),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# A cache shared by every app server (API throttling counts live here): set CACHE_URL, e.g.
# rediscache://127.0.0.1:6379/1; without it each process keeps its own.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FORMS_URLFIELD_ASSUME_HTTPS = True

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"pgserver": {"level": "WARNING"}},
}

# REST API (factcheck/api/). Anonymous clients are denied by default; the public read
# endpoints open reads explicitly. Tokens (django-rest-knox) are stored hashed, expire, and
# a user may hold several, each revocable in the admin.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.DjangoModelPermissions"],
    "DEFAULT_RENDERER_CLASSES": [
        "factcheck.api.renderers.OrjsonRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_FILTER_BACKENDS": ["factcheck.api.filters.StrictFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "factcheck.api.errors.handle_exception",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_THROTTLE_ANON", default="120/minute"),
        "user": env.str("API_THROTTLE_USER", default="1200/minute"),
    },
}
REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=env.int("API_TOKEN_TTL_HOURS", default=24 * 7)),
    "TOKEN_LIMIT_PER_USER": env.int("API_TOKEN_LIMIT_PER_USER", default=10),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Fact-check tracker API",
    "DESCRIPTION": (
        "Claims, the evidence for and against them, and published verdicts, as JSON and as "
        "schema.org ClaimReview. Lists are keyset-paginated; every GET carries an ETag."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "ClaimKindEnum": "claims.models.ClaimKind",
        "ClaimStatusEnum": "claims.models.ClaimStatus",
        "ClaimantKindEnum": "claims.models.ClaimantKind",
        "VerdictStatusEnum": "claims.models.VerdictStatus",
        "SourceKindEnum": "sources.models.SourceKind",
        "OutletKindEnum": "sources.models.OutletKind",
    },
}

# The organisation that publishes verdicts (ClaimReview's author).
FACTCHECK_PUBLISHER_NAME = env.str("FACTCHECK_PUBLISHER_NAME", default="Newsroom Fact Check")
FACTCHECK_PUBLISHER_URL = env.str("FACTCHECK_PUBLISHER_URL", default="")
FACTCHECK_SITE_URL = env.str("FACTCHECK_SITE_URL", default="http://127.0.0.1:8000")
# A verdict may not be published by the user who wrote it (turn off for one-person newsrooms).
FACTCHECK_SECOND_EYE = env.bool("FACTCHECK_SECOND_EYE", default=True)

# Background work: a queue kept in PostgreSQL (django-tasks with its database backend).
# Work is enqueued when the transaction that causes it commits; `manage.py run_worker`
# runs it (as many workers on as many machines as needed), `run_pending_tasks` runs what
# is due and exits.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
BACKGROUND_MAX_ATTEMPTS = env.int("BACKGROUND_MAX_ATTEMPTS", default=5)
BACKGROUND_RETRY_BASE_SECONDS = env.int("BACKGROUND_RETRY_BASE_SECONDS", default=60)

# Archiving and link checks (sources/archiving.py) fetch through factcheck/safe_http.py.
# ARCHIVE_ALLOW_PRIVATE_NETWORKS lets fetches reach private, loopback and link-local
# addresses: tests and local development only, never in production.
ARCHIVE_ALLOW_PRIVATE_NETWORKS = env.bool("ARCHIVE_ALLOW_PRIVATE_NETWORKS", default=False)
ARCHIVE_MAX_BYTES = env.int("ARCHIVE_MAX_BYTES", default=20 * 1024 * 1024)
ARCHIVE_CONNECT_TIMEOUT = env.float("ARCHIVE_CONNECT_TIMEOUT", default=10.0)
ARCHIVE_READ_TIMEOUT = env.float("ARCHIVE_READ_TIMEOUT", default=30.0)
ARCHIVE_MAX_REDIRECTS = env.int("ARCHIVE_MAX_REDIRECTS", default=5)
ARCHIVE_USER_AGENT = env.str("ARCHIVE_USER_AGENT", default="FactCheckTracker-Archiver/1.0")
LINK_CHECK_INTERVAL_HOURS = env.float("LINK_CHECK_INTERVAL_HOURS", default=24.0)

# Media evidence attached to sources (sources/media.py).
MEDIA_MAX_UPLOAD_BYTES = env.int("MEDIA_MAX_UPLOAD_BYTES", default=200 * 1024 * 1024)
MEDIA_THUMBNAIL_SIZE = 320
