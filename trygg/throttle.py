"""Per-hour limits on the forms anyone can send without signing in (password reset, accessibility
feedback), so that nobody can use them to flood an inbox or the municipality's contact.

Counters live in the default cache: with REDIS_URL set, all app servers share them; with the local
memory cache each worker process counts on its own, so the limit is per process.
"""

import hashlib
import logging

from django.core.cache import cache

from .clientip import client_ip

logger = logging.getLogger(__name__)

HOUR = 60 * 60


def allow(scope: str, key: str, *, limit: int, period: int = HOUR) -> bool:
    """Count one request for `key` in `scope`; False once more than `limit` came within `period` seconds.

    A fixed window that starts at the first request. The key is hashed: no e-mail or address in the cache.
    """
    cache_key = f"throttle:{scope}:{hashlib.sha256(key.encode()).hexdigest()}"
    if cache.add(cache_key, 1, timeout=period):
        count = 1
    else:
        try:
            count = cache.incr(cache_key)
        except ValueError:  # the window ended between add() and incr()
            cache.add(cache_key, 1, timeout=period)
            count = 1
    if count > limit:
        logger.warning("Throttled %s: %d requests in the window, limit %d", scope, count, limit)
        return False
    return True


def allow_address(scope: str, request, *, limit: int) -> bool:
    """`allow` keyed on the client's address, as the sign-in lockout sees it."""
    return allow(f"{scope}:address", client_ip(request) or "unknown", limit=limit)
