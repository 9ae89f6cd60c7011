"""Settings for Trygg, all from the environment (django-environ) with safe development defaults.

Production hardening that `check --deploy` asks for lives in settings_prod.py, so the test suite
and the browser tests (plain http on live_server) run on these settings.
"""

import re
from pathlib import Path

import environ
import sentry_sdk
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)

_DEV_SECRET_KEY = "django-insecure-dev-only-never-use-in-production"  # noqa: S105
SECRET_KEY = env("SECRET_KEY", default=_DEV_SECRET_KEY if DEBUG else None)
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY saknas: sätt miljövariabeln SECRET_KEY (minst 50 slumpmässiga tecken) när DEBUG är av."
    )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "trygg.apps.TryggAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "axes",
    "django_tasks_db",
    "trygg",
    "actors",
    "lagesbild",
    "cycles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETag on every page that may be stored, and 304 when the browser's copy is still the page.
    "django.middleware.http.ConditionalGetMiddleware",
    # Residents' pages from the shared cache, invalidated by every change (trygg.pagecache).
    "trygg.pagecache.PageCacheMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "trygg.middleware.RejectNulBytesMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "trygg.middleware.NoStoreForStaffMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # AxesMiddleware last, as django-axes requires.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "trygg.urls"
WSGI_APPLICATION = "trygg.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "trygg.context_processors.site",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Tests on SQLite use a file, not the shared in-memory database: two requests at once then wait
    # for each other as they do on PostgreSQL, instead of failing with "table is locked".
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "test_db.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if env("REDIS_URL", default=""):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env("REDIS_URL"),
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="trygg"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# How long a resident's page may be served from the cache; every change of the data invalidates it at
# once anyway (trygg.pagecache). 0 turns the page cache off.
TRYGG_PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300)


def tasks_setting(default: str) -> dict:
    """Django's TASKS from TASKS_BACKEND: "immediate" runs a task at once in the process that queues it
    (development, tests: no worker needed); "database" queues it in the database for `manage.py
    db_worker` (django-tasks-db; production, any number of workers)."""
    value = env("TASKS_BACKEND", default=default)
    backends = {
        "immediate": "django.tasks.backends.immediate.ImmediateBackend",
        "database": "django_tasks_db.DatabaseBackend",
    }
    if value not in backends:
        raise ImproperlyConfigured(f'TASKS_BACKEND måste vara "immediate" eller "database", inte "{value}".')
    return {"default": {"BACKEND": backends[value], "QUEUES": ["default"]}}


TASKS = tasks_setting("immediate")
# /readyz answers 503 when a queued task has waited longer than this for a worker.
TRYGG_READY_MAX_TASK_WAIT = env.int("READY_MAX_TASK_WAIT", default=300)

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first, so that a locked-out user is refused before checking
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "workspace:dashboard"
LOGOUT_REDIRECT_URL = "home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # one day

# django-axes: lock an account+address pair out after repeated failures.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# The client's address behind N trusted reverse proxies (0: none, REMOTE_ADDR; 1: the address nginx
# appends to X-Forwarded-For). trygg.clientip reads it, for axes and the form throttles alike.
TRYGG_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "trygg.clientip.client_ip"

# Forms anyone can send without signing in: at most this many per hour (trygg.throttle).
TRYGG_PASSWORD_RESET_PER_ADDRESS = env.int("PASSWORD_RESET_PER_ADDRESS", default=5)
TRYGG_PASSWORD_RESET_PER_EMAIL = env.int("PASSWORD_RESET_PER_EMAIL", default=3)
TRYGG_FEEDBACK_PER_ADDRESS = env.int("FEEDBACK_PER_ADDRESS", default=10)
# Residents following the work by e-mail (/folj/): requests per hour per client address and per e-mail.
TRYGG_SUBSCRIBE_PER_ADDRESS = env.int("SUBSCRIBE_PER_ADDRESS", default=10)
TRYGG_SUBSCRIBE_PER_EMAIL = env.int("SUBSCRIBE_PER_EMAIL", default=3)
# Residents' reports of unsafe places (/rapportera/) per hour from one client address (a family or a
# school shares one address: not too few).
TRYGG_UNSAFE_PLACE_PER_ADDRESS = env.int("UNSAFE_PLACE_PER_ADDRESS", default=5)
# Residents' feedback on a measure ("Har du synpunkter på åtgärden?") per hour from one client address.
TRYGG_MEASURE_FEEDBACK_PER_ADDRESS = env.int("MEASURE_FEEDBACK_PER_ADDRESS", default=5)

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska")]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["trygg.formats"]
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "filer/"  # the view in trygg.files, so a FileField's .url (the admin's link too) checks who asks
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")


def file_storage() -> dict:
    """Where uploaded files are kept, from STORAGE: "local" (MEDIA_ROOT on this machine's disk, the
    default) or "s3", an S3-compatible object store (django-storages) that several machines share:
    S3_BUCKET, S3_ENDPOINT_URL, S3_ACCESS_KEY, S3_SECRET_KEY, S3_REGION. Files in the store stay
    private; /filer/ hands out a link that is signed and valid for a minute (FILE_DELIVERY=redirect)."""
    kind = env("STORAGE", default="local")
    if kind == "local":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if kind != "s3":
        raise ImproperlyConfigured(f'STORAGE måste vara "local" eller "s3", inte "{kind}".')
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("S3_BUCKET"),
            "endpoint_url": env("S3_ENDPOINT_URL", default=None),
            "access_key": env("S3_ACCESS_KEY", default=None),
            "secret_key": env("S3_SECRET_KEY", default=None),
            "region_name": env("S3_REGION", default=None),
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 60,
            "file_overwrite": False,
        },
    }


STORAGES = {
    "default": file_storage(),
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# E-mail through Django 6.1's MAILERS, from one URL: smtp+tls://user:password@host:587, consolemail://


def mailers_from_url(url: str) -> dict:
    """Django 6.1's MAILERS setting from an EMAIL_URL as django-environ parses it."""
    parsed = environ.Env.email_url_config(url)
    backend = parsed["EMAIL_BACKEND"]
    options = {}
    if backend.endswith("smtp.EmailBackend"):
        candidates = {
            "host": parsed.get("EMAIL_HOST"),
            "port": parsed.get("EMAIL_PORT"),
            "username": parsed.get("EMAIL_HOST_USER"),
            "password": parsed.get("EMAIL_HOST_PASSWORD"),
            "use_tls": parsed.get("EMAIL_USE_TLS"),
            "use_ssl": parsed.get("EMAIL_USE_SSL"),
            "timeout": 10,
        }
        options = {k: v for k, v in candidates.items() if v not in (None, "")}
    return {"default": {"BACKEND": backend, "OPTIONS": options}}


MAILERS = mailers_from_url(env("EMAIL_URL", default="consolemail://"))
# A mail the relay refused is tried again after this many seconds, doubling up to an hour (trygg.mail).
TRYGG_MAIL_RETRY_SECONDS = env.int("MAIL_RETRY_SECONDS", default=60)
TRYGG_MAIL_MAX_ATTEMPTS = env.int("MAIL_MAX_ATTEMPTS", default=12)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="trygg@localhost")
SERVER_EMAIL = env("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)

# Strict Content-Security-Policy: no inline script or style; nonces for the rare exception.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 10  # a working day
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "trygg.errors.csrf_failure"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# The municipality a new installation starts as (SCB kommunkod); edited later in the admin.
TRYGG_MUNICIPALITY_CODE = env("MUNICIPALITY_CODE", default="0763")

# The residents' map (/karta/): an optional tile layer beneath it, e.g. Lantmäteriet's open maps, as a
# template with {z}/{x}/{y}, and the attribution its licence asks for. Empty: no request to any other
# host. When set, /karta/ alone adds the tile host to its img-src (cycles.views.public.map).
TRYGG_MAP_TILE_URL = env("MAP_TILE_URL", default="")
TRYGG_MAP_TILE_ATTRIBUTION = env("MAP_TILE_ATTRIBUTION", default="")

# Embeds (/inbaddning/): the other sites that may show them in an <iframe>, e.g. the municipality's own
# www (EMBED_ORIGINS=https://www.tingsryd.se,https://tingsryd.se). Empty: only this site itself. Every
# other page refuses to be framed (X_FRAME_OPTIONS, frame-ancestors 'none').
TRYGG_EMBED_ORIGINS = [o.strip().rstrip("/") for o in env.list("EMBED_ORIGINS", default=[]) if o.strip()]
if bad := [o for o in TRYGG_EMBED_ORIGINS if not re.fullmatch(r"https?://[A-Za-z0-9.-]+(:\d+)?", o)]:
    raise ImproperlyConfigured(f"EMBED_ORIGINS ska vara adresser som https://www.kommun.se, inte {bad}.")

# Public figures from counts below this, for areas smaller than the municipality, show as "färre än N".
TRYGG_SMALL_COUNT_THRESHOLD = env.int("SMALL_COUNT_THRESHOLD", default=5)
# A measure with no update for this many days is flagged stale ("inaktuell") in the workspace.
TRYGG_STALE_DAYS = env.int("STALE_DAYS", default=90)

# A follow-up report's PDF shows each measure's follow-up in full up to this many measures; above it
# the PDF keeps the table of measures and the HTML version and the CSV hold the details.
TRYGG_REPORT_PDF_DETAIL_LIMIT = env.int("REPORT_PDF_DETAIL_LIMIT", default=100)

# The site's address, for links in e-mails sent outside a request (follow-up reminders).
TRYGG_SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# Open data (/oppna-data/, trygg.opendata): the licence of every dataset (CC0 1.0 by default: anyone
# may reuse the data without asking), shown by name and link and given in the DCAT catalogue; the
# contact e-mail of the catalogue (empty: the municipality's e-mail from the admin, else
# DEFAULT_FROM_EMAIL); and the municipality's organisation number (e.g. 212000-0720), by which
# dataportal.se ties the catalogue to the organisation (empty: the catalogue names it by name only).
TRYGG_OPEN_DATA_LICENCE_URL = env(
    "OPEN_DATA_LICENCE_URL", default="https://creativecommons.org/publicdomain/zero/1.0/"
)
TRYGG_OPEN_DATA_LICENCE_NAME = env("OPEN_DATA_LICENCE_NAME", default="CC0 1.0")
TRYGG_OPEN_DATA_CONTACT_EMAIL = env("OPEN_DATA_CONTACT_EMAIL", default="")
TRYGG_ORGANISATION_NUMBER = env("ORGANISATION_NUMBER", default="")
if TRYGG_ORGANISATION_NUMBER and not re.fullmatch(r"\d{6}-?\d{4}", TRYGG_ORGANISATION_NUMBER):
    raise ImproperlyConfigured(
        f"ORGANISATION_NUMBER ska vara som 212000-0720, inte {TRYGG_ORGANISATION_NUMBER!r}."
    )

# Uploads: size limit for documents (PDF and office formats).
TRYGG_UPLOAD_MAX_MB = env.int("UPLOAD_MAX_MB", default=20)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024


def file_delivery(default: str) -> str:
    """How /filer/ sends a file once it has checked who asks: "django" (FileResponse), "nginx"
    (X-Accel-Redirect) or "redirect" (to the object store's signed link; the default with STORAGE=s3)."""
    if env("STORAGE", default="local") == "s3":
        default = "redirect"
    value = env("FILE_DELIVERY", default=default)
    if value not in ("django", "nginx", "redirect"):
        raise ImproperlyConfigured(
            f'FILE_DELIVERY måste vara "django", "nginx" eller "redirect", inte "{value}".'
        )
    return value


# Uploaded files go out through trygg.files (/filer/<path>, which MEDIA_URL names) only, never straight
# from MEDIA_ROOT: in production as X-Accel-Redirect to nginx's internal location
# (deploy/nginx/trygg-files.conf).
TRYGG_FILE_DELIVERY = file_delivery("django")
TRYGG_FILE_ACCEL_PREFIX = env("FILE_ACCEL_PREFIX", default="/_protected/")

# Plain text lines in development; "json" writes one JSON object per line (production's default).
# Optional error reporting to Sentry (or a compatible service such as GlitchTip). No personal data:
# no cookies, user details or request bodies are sent.
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", default="production"),
        send_default_pii=False,
        max_request_body_size="never",
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )

LOG_FORMAT = env("LOG_FORMAT", default="text")
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured(f"LOG_FORMAT ska vara text eller json, inte {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "trygg.logging.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # WeasyPrint logs each page it lays out at INFO: hundreds of lines per report PDF.
    "loggers": {
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "pikepdf": {"level": "WARNING"},
    },
}
if LOG_FORMAT == "json":
    LOGGING["handlers"]["console"]["formatter"] = "json"
