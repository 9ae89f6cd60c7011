"""Residents' pages from the shared cache, never stale.

A GET from someone with no session and no messages cookie, for a page outside the workspace, the
admin and the account pages, is answered from the cache when a copy made since the last change of
the portal's data is there. The cache is Redis when REDIS_URL is set, shared by every app server and
process, so what one server stores or invalidates holds for all of them.

"Since the last change" is a generation token kept in the same cache. It changes (`bump()`):
- when any model of the portal's own apps (trygg, actors, lagesbild, cycles) is saved or deleted,
  or a many-to-many relation between them changes: at once and again when the transaction commits;
- after every POST (or other unsafe request) from a signed-in user, once the view has answered:
  that covers queryset updates that send no signal;
- after every background task, and at the end of an import, the demo data and a restore.

A copy is stored together with the token read *before* the page was rendered, and served only while
that token is still the current one. A page rendered while a change was being committed therefore
carries the token from before the commit's bump and is never served after it: on no server is a
withdrawn measure shown, and a coordinator sees their change at once. Copies also expire after
PAGE_CACHE_SECONDS (5 minutes by default; 0 turns the cache off), for what changes with the date
alone (a measure that becomes stale, the next meeting).

What is never stored: anything but a 200, a response that sets a cookie (a page with a form sets the
CSRF cookie, so forms are never shared between visitors), one marked private or no-store, one that
varies on anything but Cookie, one whose Content-Security-Policy holds a nonce, and streamed files.
Cached and fresh answers carry `X-Trygg-Cache: hit` or `miss`.
"""

import functools
import hashlib
import logging
import pickle
import uuid

import redis
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import set_response_etag

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
WATCHED_APPS = frozenset({"trygg", "actors", "lagesbild", "cycles"})
# Rows no public page shows: writing them must not throw every resident's page away.
IGNORED_MODELS = frozenset(
    {
        "trygg.outgoingmail",
        "trygg.submission",
        "cycles.measureimport",
        "cycles.remindersent",
        "cycles.remindersettings",
        "cycles.subscriber",  # residents' e-mail subscriptions: never on a public page
        "cycles.subscription",
        # Residents' reports of unsafe places: a new one changes no public page (publishing is a signed-in
        # POST, which bumps the generation), so a flood of reports cannot empty the cache.
        "lagesbild.unsafeplacereport",
        "lagesbild.historicalunsafeplacereport",
        "lagesbild.unsafeplaceanswer",
        "cycles.measurefeedback",  # residents' feedback on a measure: likewise, and its history
        "cycles.historicalmeasurefeedback",
        # Accessibility feedback cases (DOS-lagen): handled in the workspace, never on a public page.
        "trygg.accessibilityfeedback",
        "trygg.historicalaccessibilityfeedback",
        "trygg.accessibilityanswer",
    }
)
# /robots.txt is the benchmark's reference: the minimal view through the whole middleware stack.
NOT_CACHED_PREFIXES = (
    "/arbete/",
    "/admin/",
    "/konto/",
    "/filer/",
    "/kalender/",  # a user's own calendar feed (by its secret address): never shared
    "/static/",
    "/healthz",
    "/readyz",
    "/robots.txt",
)
HEADER = "X-Trygg-Cache"


REDIS_BACKEND = "django.core.cache.backends.redis.RedisCache"


def seconds() -> int:
    return int(getattr(settings, "TRYGG_PAGE_CACHE_SECONDS", 0))


class DjangoCacheStore:
    """The site's cache through Django's cache API: the local memory cache of development and tests."""

    errors: tuple = ()

    def get_many(self, keys: list[str]) -> dict:
        return cache.get_many(keys)

    def set(self, key: str, value, timeout: int | None) -> None:
        cache.set(key, value, timeout=timeout)

    def add(self, key: str, value) -> None:
        cache.add(key, value, timeout=None)


class RedisStore:
    """The Redis of the site's cache (same server and key prefix) through redis-py directly. A cached page
    is one round trip to Redis, and Django's cache API doubles that round trip's cost in Python (one
    small read on loopback: 125 µs with redis-py, 236 µs through the API), which is most of what a
    cached page costs."""

    errors = (redis.exceptions.RedisError, OSError)

    def __init__(self, url: str, prefix: str):
        self.client = redis.Redis.from_url(url)
        self.prefix = f"{prefix}:" if prefix else ""

    def get_many(self, keys: list[str]) -> dict:
        values = self.client.mget([self.prefix + key for key in keys])
        found = {}
        for key, value in zip(keys, values, strict=True):
            if value is not None:
                # Only this module writes these keys, in the site's own Redis (Django's cache pickles too).
                found[key] = pickle.loads(value)  # noqa: S301
        return found

    def set(self, key: str, value, timeout: int | None) -> None:
        self.client.set(self.prefix + key, pickle.dumps(value, pickle.HIGHEST_PROTOCOL), ex=timeout)

    def add(self, key: str, value) -> None:
        self.client.set(self.prefix + key, pickle.dumps(value, pickle.HIGHEST_PROTOCOL), nx=True)


@functools.cache
def _redis_store(url: str, prefix: str) -> RedisStore:
    return RedisStore(url, prefix)


def store() -> DjangoCacheStore | RedisStore:
    """Where pages and the generation live: the default cache's Redis, or the default cache itself."""
    conf = settings.CACHES["default"]
    if conf["BACKEND"] == REDIS_BACKEND:
        return _redis_store(conf["LOCATION"], conf.get("KEY_PREFIX", ""))
    return DjangoCacheStore()


def bump() -> None:
    """Make every stored page stale, on every server sharing the cache."""
    pages = store()
    try:
        pages.set(GENERATION_KEY, uuid.uuid4().hex, None)
    except pages.errors:
        logger.exception("Could not invalidate the page cache")


def bump_now_and_on_commit() -> None:
    """Bump at once (pages rendered in this transaction see the change) and again after the commit (a
    page another request rendered meanwhile, from the data before the commit, is not served)."""
    bump()
    transaction.on_commit(bump)


def _on_model_change(sender, **kwargs) -> None:
    if sender._meta.app_label in WATCHED_APPS and sender._meta.label_lower not in IGNORED_MODELS:
        bump_now_and_on_commit()


def on_task_finished(sender, **kwargs) -> None:
    """A task may have written with queryset updates that send no signal."""
    bump()


def _on_m2m_change(sender, action, **kwargs) -> None:
    if action.startswith("post_"):  # the through model's app is the app of the model with the field
        _on_model_change(sender)


def connect_signals() -> None:
    post_save.connect(_on_model_change, dispatch_uid="trygg-pagecache-save")
    post_delete.connect(_on_model_change, dispatch_uid="trygg-pagecache-delete")
    m2m_changed.connect(_on_m2m_change, dispatch_uid="trygg-pagecache-m2m")


def _cacheable_request(request) -> bool:
    return (
        request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
        and not request.path.startswith(NOT_CACHED_PREFIXES)
    )


def _storable_response(response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "")
    if "private" in cache_control or "no-store" in cache_control:
        return False
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    if vary - {"cookie"}:
        return False
    return "nonce-" not in response.get("Content-Security-Policy", "")


def _key(request) -> str:
    where = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return "pagecache:page:" + hashlib.sha256(where.encode()).hexdigest()


def _current_generation(pages, found: dict) -> str:
    generation = found.get(GENERATION_KEY)
    if generation is None:  # a new or emptied cache: start a generation (another server may win)
        pages.add(GENERATION_KEY, uuid.uuid4().hex)
        generation = pages.get_many([GENERATION_KEY]).get(GENERATION_KEY)
    return generation


class PageCacheMiddleware:
    """Serve and store residents' pages (see the module's docstring). Placed early, after security,
    static files and ConditionalGetMiddleware, so that a hit skips the session, CSRF and auth layers
    and still gets its 304 when the browser's copy matches."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timeout = seconds()
        if not timeout or not _cacheable_request(request):
            response = self.get_response(request)
            if request.method not in ("GET", "HEAD", "OPTIONS", "TRACE") and (
                settings.SESSION_COOKIE_NAME in request.COOKIES
            ):
                bump()  # a coordinator's change, whichever way the view wrote it
            return response
        key, pages = _key(request), store()
        try:
            found = pages.get_many([GENERATION_KEY, key])
            generation = _current_generation(pages, found)
        except pages.errors:  # Redis down: the page as if there were no cache (/readyz tells)
            logger.warning("The page cache is unavailable", exc_info=True)
            return self.get_response(request)
        entry = found.get(key)
        if entry is not None and entry[0] == generation:
            _, status, headers, content = entry
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response[HEADER] = "hit"
            return response
        response = self.get_response(request)
        if _storable_response(response):
            set_response_etag(response)  # once here, not hashed again on every hit
            headers = [(k, v) for k, v in response.items() if k.lower() != HEADER.lower()]
            try:
                pages.set(key, (generation, response.status_code, headers, response.content), timeout)
            except pages.errors:
                logger.warning("Could not store a page in the cache", exc_info=True)
            response[HEADER] = "miss"
        return response
