"""Production settings: the plain settings plus the hardening that `manage.py check --deploy` asks for."""

from .settings import *  # noqa: F403
from .settings import DATABASES, LOGGING, env, file_delivery, file_storage, mailers_from_url, tasks_setting

DEBUG = False
SECRET_KEY = env("SECRET_KEY")  # required: fails loudly when missing
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=600)
STORAGES = {
    "default": file_storage(),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = False
# A municipality's mail relay; the console backend of development would drop every e-mail.
MAILERS = mailers_from_url(env("EMAIL_URL", default="smtp://127.0.0.1:25"))
# Uploaded files leave through nginx (X-Accel-Redirect) once trygg.files has checked who asks.
TRYGG_FILE_DELIVERY = file_delivery("nginx")
# One JSON object per line for the log collector, unless LOG_FORMAT=text.
LOG_FORMAT = env("LOG_FORMAT", default="json")
if LOG_FORMAT == "json":
    LOGGING["handlers"]["console"]["formatter"] = "json"
# Load balancers probe over plain http inside the network; a redirect to https is not an answer.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
# Background work in the database queue, served by `manage.py db_worker --no-reload` (deploy/systemd).
TASKS = tasks_setting("database")
