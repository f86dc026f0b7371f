"""The product's one rate limiter: django-ratelimit's fixed windows in the shared cache.

The counters live in the ``default`` cache, the database cache unless ``REDIS_URL``
names a Redis, so every worker and every server behind the load balancer count
together. A client is its address: ``REMOTE_ADDR``, or behind ``TRUSTED_PROXY_COUNT``
proxies (each within ``TRUSTED_PROXY_NETWORKS``) the address the outermost of them saw
(IPv6 clients are counted per /64). django-axes counts failed sign-ins per this address.
"""

from __future__ import annotations

import hashlib
import ipaddress

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import get_usage

from cloudcabin.errors import ProblemError

UNKNOWN_ADDRESS = "0.0.0.0"  # one bucket for requests that carry no address


def _address(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str:
    """The client's IP address.

    Each proxy appends the address it received the request from to X-Forwarded-For, so
    with n trusted proxies in front of the app the n-th entry from the right is the one
    the outermost trusted proxy saw; anything left of it is whatever the client claimed.
    The proxies themselves are the peer (``REMOTE_ADDR``) and the n - 1 entries right of
    the client's: unless each is in ``TRUSTED_PROXY_NETWORKS``, the request did not come
    through them and its header is ignored.
    """
    remote = _address(request.META.get("REMOTE_ADDR", "")) or UNKNOWN_ADDRESS
    trusted = settings.TRUSTED_PROXY_COUNT
    if trusted <= 0:
        return remote
    forwarded = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop]
    if len(forwarded) < trusted:
        return remote  # did not come through every trusted proxy
    proxies = [_address(hop) for hop in forwarded[len(forwarded) - trusted + 1 :]] + [remote]
    if not all(proxy and _trusted(proxy) for proxy in proxies):
        return remote
    return _address(forwarded[-trusted]) or remote


def _trusted(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    return any(ip in network for network in settings.TRUSTED_PROXY_NETWORKS)


def client_key(request: HttpRequest) -> str:
    """The client's address, hashed: what the product stores to recognise a repeat sender."""
    return hashlib.sha256(client_address(request).encode()).hexdigest()


def enforce(request: HttpRequest, *, scope: str, limit: int, window_seconds: int) -> None:
    """Count this request; refuse with RATE_LIMITED (429) once the client is over the limit."""
    usage = get_usage(request, group=scope, key="ip", rate=(limit, window_seconds), increment=True)
    if usage is not None and usage["should_limit"]:
        raise ProblemError.of("RATE_LIMITED")
