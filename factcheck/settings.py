"""Settings for the fact-checking tracker, read from the environment.

Development defaults exist only when DEBUG is on. Outside DEBUG, SECRET_KEY, DATABASE_URL,
ALLOWED_HOSTS and FACTCHECK_SITE_URL must be set, and start-up stops with a sentence
saying what to set; HTTPS is required (redirect and HSTS) unless switched off.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A development checkout keeps its local settings in .env (git-ignored, written by `make`
# with DEBUG=1); variables set in the environment win over it. Deployments set the
# environment and have no .env.
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)


def required(name: str, sentence: str) -> str:
    """A variable production cannot do without: missing or empty stops start-up."""
    value = env.str(name, default="").strip()
    if not value:
        raise ImproperlyConfigured(f"Set {name}: {sentence} (or DEBUG=1 for local development).")
    return value


if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default="development-only-secret-key-not-for-production")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
    FACTCHECK_SITE_URL = env.str("FACTCHECK_SITE_URL", default="http://127.0.0.1:8000")
else:
    SECRET_KEY = required(
        "SECRET_KEY",
        "a long random string, e.g. from "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'",
    )
    ALLOWED_HOSTS = [
        host.strip()
        for host in required(
            "ALLOWED_HOSTS", "the host names the site answers to, comma-separated"
        ).split(",")
        if host.strip()
    ]
    FACTCHECK_SITE_URL = required(
        "FACTCHECK_SITE_URL",
        "the public site's address, e.g. https://factcheck.example.org; "
        "ClaimReview and embed links point there",
    )

if env.str("DATABASE_URL", default="").strip():
    DATABASES = {"default": env.db_url("DATABASE_URL")}
elif DEBUG:
    from core.database import embedded_database

    DATABASES = {"default": embedded_database(BASE_DIR)}
else:
    raise ImproperlyConfigured(
        "Set DATABASE_URL (for example postgres://user@host:5432/factcheck); "
        "the embedded development database is only used when DEBUG=1."
    )
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Persistent connections: each worker thread keeps its connection for CONN_MAX_AGE seconds
# (a new connection per request costs about as much as a cheap request), checked before
# reuse. Behind PgBouncer in transaction mode, keep them too (the pooler multiplexes).
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0 if DEBUG else 60))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("CONN_HEALTH_CHECKS", default=True)
# A statement that runs longer than this is cancelled: web requests get a short limit
# (factcheck/wsgi.py and asgi.py set FACTCHECK_WEB_PROCESS), commands (migrations, imports,
# demo data, reassessment) a long one. Milliseconds; 0 means none.
STATEMENT_TIMEOUT = (
    env.int("WEB_STATEMENT_TIMEOUT", default=10_000)
    if env.bool("FACTCHECK_WEB_PROCESS", default=False)
    else env.int("COMMAND_STATEMENT_TIMEOUT", default=3_600_000)
)
if STATEMENT_TIMEOUT:
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c statement_timeout={STATEMENT_TIMEOUT}"
    )
DATABASES["default"]["TEST"] = {"NAME": env.str("TEST_DATABASE_NAME", default=None)}

# Read replicas (core/replicas.py): anonymous reads go to a streaming replica that keeps up
# (lag at most REPLICA_MAX_LAG_SECONDS, measured every REPLICA_LAG_CHECK_SECONDS), the rest
# to the primary; a client that wrote reads from the primary for REPLICA_STICKY_SECONDS.
for _index, _url in enumerate(env.list("DATABASE_REPLICA_URLS", default=[])):
    DATABASES[f"replica_{_index}"] = {
        **env.db_url_config(_url),
        **{k: v for k, v in DATABASES["default"].items() if k in ("CONN_MAX_AGE", "OPTIONS")},
        "CONN_HEALTH_CHECKS": DATABASES["default"]["CONN_HEALTH_CHECKS"],
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["core.replicas.ReplicaRouter"] if len(DATABASES) > 1 else []
REPLICA_MAX_LAG_SECONDS = env.float("REPLICA_MAX_LAG_SECONDS", default=5.0)
REPLICA_LAG_CHECK_SECONDS = env.float("REPLICA_LAG_CHECK_SECONDS", default=2.0)
REPLICA_STICKY_COOKIE = "fc_primary"
REPLICA_STICKY_SECONDS = env.int("REPLICA_STICKY_SECONDS", default=15)

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
    "django_countries",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "axes",
    "core",
    "accounts",
    "pgtrigger",
    "pghistory",
    "pghistory.admin",
    "django_tasks",
    "django_tasks_db",
    "sources",
    "claims",
    "figures",
    "intake",
    "desk",
    "webhooks",
    "reports",
    "newsroom",
]

# What wraps every service call (core.records.service), outermost first. Each is a context
# manager factory: the shared cache's purges are gathered outermost (one purge per call,
# queued on commit), what happened to claims outside the claims' deferred reassessment, so
# ``claims.signals.claim_changed`` (webhooks, the site's purges) sees the stored state.
SERVICE_SCOPES = [
    "core.http_cache.collected",
    "claims.signals.collected",
    "claims.assessment_service.deferred",
]

MIDDLEWARE = [
    "core.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.http_cache.PublicCacheMiddleware",
    "core.replicas.ReplicaRoutingMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.languages.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "pghistory.middleware.HistoryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    "core.errors.UnavailableMiddleware",
]

# The audit trail's request context (who, which request) is attached to writes: a read
# needs none, and attaching it costs every read's statements a set_config.
PGHISTORY_MIDDLEWARE_METHODS = ("POST", "PUT", "PATCH", "DELETE")

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
                "newsroom.context.publisher",
                "core.languages.alternates",
            ],
        },
    },
]

# Sign-in limits (django-axes), for the admin and the API's token login alike: after
# LOGIN_FAILURE_LIMIT failures for one account or from one address, further attempts are
# refused with 429 for LOGIN_COOLOFF_MINUTES without checking the password. Failures are
# counted in the database, so every app server sees the same count.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "core.clients.client_address"
AXES_VERBOSE = False

# The client's address is the connection's, or, behind TRUSTED_PROXY_COUNT proxies that
# each append to X-Forwarded-For, the address the outermost of them saw
# (core/clients.py). Left at 0, X-Forwarded-For is ignored.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# Request bodies larger than this are refused with 413 before anything parses them.
MAX_REQUEST_BODY_BYTES = env.int("MAX_REQUEST_BODY_BYTES", default=1024 * 1024)
# Before that 413, up to this much of the refused body is read and dropped, so that a
# client sending it all before reading gets the answer rather than a reset connection.
REQUEST_DRAIN_BYTES = env.int("REQUEST_DRAIN_BYTES", default=32 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_REQUEST_BODY_BYTES

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Readers' pages in English (the default, at unprefixed addresses), Russian (/ru/...) and
# Kazakh (/kk/...); the admin follows the user's browser (core/languages.py). Catalogues
# live in locale/ (compiled .mo files are committed); date and number formats per
# language in core/formats/ (one date format a language: English shows and takes
# YYYY-MM-DD).
LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", "English"), ("ru", "Русский"), ("kk", "Қазақша")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["core.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Files served at the site's root by whitenoise (the favicon browsers ask for).
WHITENOISE_ROOT = BASE_DIR / "public"
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

# A cache shared by every app server (throttling counts live here): set CACHE_URL, e.g.
# rediscache://127.0.0.1:6379/1. Without it each process keeps its own counts, so with N
# processes a client gets N times the configured rates; `check --deploy` says so.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}
# The shared cache is optional at run time (core/throttles.py): while it does not answer,
# limits are counted per process and the cache is tried again every CACHE_RETRY_SECONDS;
# a cache that hangs costs a request at most CACHE_TIMEOUT_SECONDS. /healthz then says
# "degraded" with 200, or 503 when HEALTHZ_REQUIRE_CACHE is on.
CACHE_RETRY_SECONDS = env.float("CACHE_RETRY_SECONDS", default=5.0)
CACHE_TIMEOUT_SECONDS = env.float("CACHE_TIMEOUT_SECONDS", default=0.5)
HEALTHZ_REQUIRE_CACHE = env.bool("HEALTHZ_REQUIRE_CACHE", default=False)
if "redis" in CACHES["default"]["BACKEND"].lower():
    CACHES["default"].setdefault("OPTIONS", {}).update(
        socket_connect_timeout=CACHE_TIMEOUT_SECONDS, socket_timeout=CACHE_TIMEOUT_SECONDS
    )

# A shared HTTP cache or CDN in front (core/http_cache.py): anonymous reads of public pages,
# feeds and the API say how long they may be kept (browsers: HTTP_CACHE_MAX_AGE; shared
# caches: HTTP_CACHE_SHARED_MAX_AGE, then served stale while revalidating), and every change
# purges the keys it affects at CACHE_PURGE_URL: varnish+http://host:port/ (xkey),
# http(s)://… (PURGE with Surrogate-Key), fastly://SERVICE_ID or cloudflare://ZONE_ID (with
# CACHE_PURGE_TOKEN), or a class of your own named by CACHE_PURGER. Unset: nothing is purged.
HTTP_CACHE_MAX_AGE = env.int("HTTP_CACHE_MAX_AGE", default=60)
HTTP_CACHE_SHARED_MAX_AGE = env.int("HTTP_CACHE_SHARED_MAX_AGE", default=3600)
HTTP_CACHE_STALE_WHILE_REVALIDATE = env.int("HTTP_CACHE_STALE_WHILE_REVALIDATE", default=60)
CACHE_PURGE_URL = env.str("CACHE_PURGE_URL", default="")
CACHE_PURGE_TOKEN = env.str("CACHE_PURGE_TOKEN", default="")
CACHE_PURGER = env.str("CACHE_PURGER", default="")
CACHE_PURGE_TIMEOUT_SECONDS = env.float("CACHE_PURGE_TIMEOUT_SECONDS", default=5.0)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FORMS_URLFIELD_ASSUME_HTTPS = True

# HTTPS. Outside DEBUG every plain-HTTP request is redirected and browsers are told to
# use HTTPS only (HSTS, a year, subdomains included). Behind a proxy that terminates TLS,
# either set PROXY_SSL_HEADER to the header the proxy sets (and always overwrites, e.g.
# X-Forwarded-Proto: https), or let the proxy redirect and set SECURE_SSL_REDIRECT=0.
# Without PROXY_SSL_HEADER no client header is trusted to say a request came over HTTPS.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
if env.str("PROXY_SSL_HEADER", default=""):
    SECURE_PROXY_SSL_HEADER = (
        "HTTP_" + env.str("PROXY_SSL_HEADER").upper().replace("-", "_"),
        "https",
    )
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
CSRF_TRUSTED_ORIGINS = [] if DEBUG else [FACTCHECK_SITE_URL.rstrip("/")]

# Content-Security-Policy (django-csp): scripts, styles, images and fonts from this site
# only (the API docs' assets are served locally), no plugins, and no framing except the
# embed card, whose view drops frame-ancestors. Inline styles are allowed (the admin
# and the API docs use them); inline scripts are not.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "level": env.str("LOG_LEVEL", default="INFO"),
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # The autoreloader's "Watching for file changes" would be said twice (by Django's own
    # console handler and ours) on every `make run`.
    "loggers": {
        "pgserver": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        "django.utils.autoreload": {"level": "WARNING"},
    },
}

# REST API (core/api/). Anonymous clients are denied by default; the public read
# endpoints open reads explicitly. Tokens (django-rest-knox) are stored hashed, expire, and
# a user may hold several, each revocable in the admin.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.DjangoModelPermissions"],
    "DEFAULT_RENDERER_CLASSES": [
        "core.api.renderers.OrjsonRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "core.api.parsers.JsonParser",
        "core.api.parsers.FormParser",
        "core.api.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": ["core.api.filters.StrictFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "core.api.schema.ApiSchema",
    "EXCEPTION_HANDLER": "core.api.errors.handle_exception",
    "DEFAULT_THROTTLE_CLASSES": [
        "core.throttles.AnonThrottle",
        "core.throttles.UserThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_THROTTLE_ANON", default="120/minute"),
        "user": env.str("API_THROTTLE_USER", default="1200/minute"),
        "search": env.str("SEARCH_THROTTLE", default="30/minute"),
        "tips": env.str("TIP_THROTTLE", default="5/hour"),
        "similar": env.str("SIMILAR_THROTTLE", default="60/minute"),
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
    # Requests and responses are separate components, so what a client sends never lists
    # read-only fields; core/api/schema.py adds the version protocol and shared answers.
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.api.schema.document_protocol",
    ],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "CountryEnum": "sources.countries.COUNTRY_CHOICES",
        "ClaimKindEnum": "claims.models.ClaimKind",
        "DatePrecisionEnum": "claims.models.status.DatePrecision",
        "ClaimStatusEnum": "claims.models.ClaimStatus",
        "ClaimantKindEnum": "claims.models.ClaimantKind",
        "VerdictStatusEnum": "claims.models.VerdictStatus",
        "SourceKindEnum": "sources.models.SourceKind",
        "OutletKindEnum": "sources.models.OutletKind",
        "WebhookEventEnum": "webhooks.models.EventType",
        "WebhookSentEventEnum": "webhooks.models.SENT_EVENT_CHOICES",
        "ExternalReviewRatingEnum": "intake.api.EXTERNAL_RATING_CHOICES",
    },
}

# The organisation that publishes verdicts (ClaimReview's author, whose url search tools
# require): production refuses to start without it; in development the site stands in.
FACTCHECK_PUBLISHER_NAME = env.str("FACTCHECK_PUBLISHER_NAME", default="Newsroom Fact Check")
if DEBUG:
    FACTCHECK_PUBLISHER_URL = env.str("FACTCHECK_PUBLISHER_URL", default=FACTCHECK_SITE_URL)
else:
    FACTCHECK_PUBLISHER_URL = required(
        "FACTCHECK_PUBLISHER_URL",
        "the address of the organisation that publishes the verdicts, e.g. "
        "https://factcheck.example.org/about/; ClaimReview names it as the author",
    )
# A verdict may not be published by the user who wrote it (turn off for one-person newsrooms).
FACTCHECK_SECOND_EYE = env.bool("FACTCHECK_SECOND_EYE", default=True)
# The public transparency page (/transparency/: checks per month, ratings, corrections) is
# published only when the desk opts in.
FACTCHECK_TRANSPARENCY_PAGE = env.bool("FACTCHECK_TRANSPARENCY_PAGE", default=False)

# Background work: a queue kept in PostgreSQL (django-tasks with its database backend).
# Work is enqueued when the transaction that causes it commits; `manage.py run_worker`
# runs it (as many workers on as many machines as needed), `run_pending_tasks` runs what
# is due and exits.
# Email (desk notifications) has a queue of its own, so mail waits behind no delivery.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "email"]}}
BACKGROUND_MAX_ATTEMPTS = env.int("BACKGROUND_MAX_ATTEMPTS", default=5)
BACKGROUND_RETRY_BASE_SECONDS = env.int("BACKGROUND_RETRY_BASE_SECONDS", default=60)
# A worker renews its lease on the task it runs every third of WORKER_LEASE_SECONDS; a
# running task whose lease is that old lost its worker and is taken up again by another
# (at most WORKER_MAX_TAKEOVERS times, then failed). Finished task rows are deleted after
# TASK_RETENTION_DAYS.
WORKER_LEASE_SECONDS = env.int("WORKER_LEASE_SECONDS", default=300)
WORKER_MAX_TAKEOVERS = env.int("WORKER_MAX_TAKEOVERS", default=3)
TASK_RETENTION_DAYS = env.int("TASK_RETENTION_DAYS", default=30)

# Archiving and link checks (sources/archiving.py) fetch through core/safe_http.py.
# ARCHIVE_ALLOW_PRIVATE_NETWORKS lets fetches reach private, loopback and link-local
# addresses: tests and local development only, never in production.
ARCHIVE_ALLOW_PRIVATE_NETWORKS = env.bool("ARCHIVE_ALLOW_PRIVATE_NETWORKS", default=False)
ARCHIVE_MAX_BYTES = env.int("ARCHIVE_MAX_BYTES", default=20 * 1024 * 1024)
ARCHIVE_CONNECT_TIMEOUT = env.float("ARCHIVE_CONNECT_TIMEOUT", default=10.0)
ARCHIVE_READ_TIMEOUT = env.float("ARCHIVE_READ_TIMEOUT", default=30.0)
# The whole fetch (redirects included) ends by this deadline, however the server trickles.
ARCHIVE_DEADLINE_SECONDS = env.float("ARCHIVE_DEADLINE_SECONDS", default=60.0)
ARCHIVE_MAX_REDIRECTS = env.int("ARCHIVE_MAX_REDIRECTS", default=5)
ARCHIVE_USER_AGENT = env.str("ARCHIVE_USER_AGENT", default="FactCheckTracker-Archiver/1.0")
LINK_CHECK_INTERVAL_HOURS = env.float("LINK_CHECK_INTERVAL_HOURS", default=24.0)

# Webhooks (webhooks/): deliveries go through the same safe client. A failed attempt is
# tried again after WEBHOOK_RETRY_BASE_SECONDS, then 4 times longer each time (with
# jitter), up to WEBHOOK_MAX_ATTEMPTS; WEBHOOK_PAUSE_AFTER_FAILURES failed attempts in a
# row pause the subscription. WEBHOOK_ALLOW_PRIVATE_NETWORKS lets receivers be on private
# or loopback addresses: tests and local development only.
WEBHOOK_ALLOW_PRIVATE_NETWORKS = env.bool("WEBHOOK_ALLOW_PRIVATE_NETWORKS", default=False)
WEBHOOK_RETRY_BASE_SECONDS = env.float("WEBHOOK_RETRY_BASE_SECONDS", default=30.0)
WEBHOOK_MAX_ATTEMPTS = env.int("WEBHOOK_MAX_ATTEMPTS", default=8)
WEBHOOK_PAUSE_AFTER_FAILURES = env.int("WEBHOOK_PAUSE_AFTER_FAILURES", default=20)
WEBHOOK_TIMEOUT_SECONDS = env.float("WEBHOOK_TIMEOUT_SECONDS", default=10.0)
# Sent messages (with their deliveries and attempts) are deleted after
# WEBHOOK_RETENTION_DAYS, once none of their deliveries is pending.
WEBHOOK_RETENTION_DAYS = env.int("WEBHOOK_RETENTION_DAYS", default=90)

# Media evidence attached to sources (sources/media.py).
MEDIA_MAX_UPLOAD_BYTES = env.int("MEDIA_MAX_UPLOAD_BYTES", default=200 * 1024 * 1024)
# Where such uploads are posted: their bodies may pass MAX_REQUEST_BODY_BYTES (the file goes
# to a temporary file on disk past FILE_UPLOAD_MAX_MEMORY_SIZE, never whole into memory).
LARGE_UPLOAD_PATHS = r"/api/v1/sources/\d+/media/|/admin/sources/source/(add|\d+/change)/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
MEDIA_THUMBNAIL_SIZE = 320

# Intake (intake/): tips from the public and similar-claim matching.
# A tip's contact details are erased this many days after it was received
# (`manage.py erase_tip_contacts`, also run by the worker once a day).
TIP_CONTACT_RETENTION_DAYS = env.int("TIP_CONTACT_RETENTION_DAYS", default=90)
TIP_MAX_LENGTH = env.int("TIP_MAX_LENGTH", default=2000)
# The sentence encoder for similar claims: "e5" (multilingual-e5-small, the default: it
# matches Kazakh and Russian paraphrases of English claims, which "use" misses) or "use"
# (multilingual Universal Sentence Encoder, twenty times faster, weaker across languages);
# both ship inside their packages. SIMILAR_MODEL_PATH names a local copy of other weights
# for "e5". Measured in the README (Similar claims).
SIMILAR_MODEL = env.str("SIMILAR_MODEL", default="e5")
SIMILAR_MODEL_PATH = env.str("SIMILAR_MODEL_PATH", default="") or None
# A match at or above this cosine similarity is "possibly the same claim" on save; unset,
# the model's own (0.92 for e5, 0.8 for use).
SIMILAR_WARN_SCORE = env.float("SIMILAR_WARN_SCORE", default=None)

# Email (desk notifications, sent by the background queue): EMAIL_URL in django-environ's
# form, e.g. smtp+tls://user:password@smtp.example.org:587 or smtp://127.0.0.1:1025;
# without it, messages are written to the console (development) or not sent (production).
vars().update(env.email_url("EMAIL_URL", default="consolemail://" if DEBUG else "dummymail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="factcheck-desk@localhost")
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
