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

import hashlib
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import set_response_etag

GENERATION_KEY = "pagecache:generation"
WATCHED_APPS = frozenset({"trygg", "actors", "lagesbild", "cycles"})
# Rows no public page shows: writing them must not throw every resident's page away.
IGNORED_MODELS = frozenset({"trygg.outgoingmail", "trygg.submission"})
# /robots.txt is the benchmark's reference: the minimal view through the whole middleware stack.
NOT_CACHED_PREFIXES = (
    "/arbete/",
    "/admin/",
    "/konto/",
    "/filer/",
    "/static/",
    "/healthz",
    "/readyz",
    "/robots.txt",
)
HEADER = "X-Trygg-Cache"


def seconds() -> int:
    return int(getattr(settings, "TRYGG_PAGE_CACHE_SECONDS", 0))


def bump() -> None:
    """Make every stored page stale, on every server sharing the cache."""
    cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


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


def _current_generation(found: dict) -> str:
    generation = found.get(GENERATION_KEY)
    if generation is None:  # a new or emptied cache: start a generation (another server may win)
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        generation = cache.get(GENERATION_KEY)
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
        key = _key(request)
        found = cache.get_many([GENERATION_KEY, key])
        generation = _current_generation(found)
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
            cache.set(key, (generation, response.status_code, headers, response.content), timeout)
            response[HEADER] = "miss"
        return response
