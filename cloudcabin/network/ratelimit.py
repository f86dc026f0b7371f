"""A fixed-window counter per client in Django's cache.

``cache.add`` then ``cache.incr`` are atomic on Memcached and Redis and locked in
LocMemCache, so the same code limits one process in development and every process
behind a load balancer once ``CACHES`` points at a shared backend.
"""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache
from django.http import HttpRequest

from cloudcabin.errors import ProblemError


def client_key(request: HttpRequest) -> str:
    """The client's address, hashed (REMOTE_ADDR: set a trusted proxy to pass the real one)."""
    address = request.META.get("REMOTE_ADDR", "") or "unknown"
    return hashlib.sha256(address.encode()).hexdigest()


def hit(*, scope: str, key: str, limit: int, window_seconds: int) -> bool:
    """Count one attempt; False once ``limit`` attempts fell in the current window."""
    window = int(time.time() // window_seconds)
    cache_key = f"ratelimit:{scope}:{key}:{window}"
    if cache.add(cache_key, 1, timeout=window_seconds + 5):
        return True
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, timeout=window_seconds + 5)
        return True
    return count <= limit


def enforce(request: HttpRequest, *, scope: str, limit: int, window_seconds: int) -> None:
    """Refuse with RATE_LIMITED (429) when this client is over the limit."""
    if not hit(scope=scope, key=client_key(request), limit=limit, window_seconds=window_seconds):
        raise ProblemError.of("RATE_LIMITED")
