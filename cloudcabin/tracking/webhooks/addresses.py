"""Where a webhook may go: HTTPS to public addresses only (server-side request forgery).

A URL is checked when the endpoint is saved and again before every attempt: its host is
resolved and every address it resolves to must be public (not private, loopback,
link-local, multicast, reserved or unspecified); the attempt then connects to the address
that was checked, so a name that resolves differently a moment later (DNS rebinding)
cannot send it elsewhere. ``WEBHOOKS_ALLOW_PRIVATE`` (tests with a receiver on
127.0.0.1 only) allows plain HTTP and private addresses.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

from cloudcabin.errors import ProblemError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class Target:
    """A checked URL: where to connect and what to ask for."""

    scheme: str
    host: str
    port: int
    path: str
    addresses: tuple[str, ...]


def allow_private() -> bool:
    return bool(getattr(settings, "WEBHOOKS_ALLOW_PRIVATE", False))


def is_public(address: IPAddress) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


def resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (an IP literal resolves to itself)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({str(info[4][0]) for info in infos})


def check_url(url: str, *, path: str = "url") -> Target:
    """The URL's target, or a Problem saying why no webhook may go there."""
    text = (url or "").strip()
    if any(char.isspace() or not char.isprintable() for char in text):
        raise ProblemError.of("WEBHOOK_URL_INVALID", path=path)
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:
        raise ProblemError.of("WEBHOOK_URL_INVALID", path=path) from exc
    host = parts.hostname or ""
    if parts.scheme not in ("https", "http") or not host or parts.username or parts.password:
        raise ProblemError.of("WEBHOOK_URL_INVALID", path=path)
    if parts.scheme != "https" and not allow_private():
        raise ProblemError.of("WEBHOOK_URL_NOT_HTTPS", path=path)
    port = port or (443 if parts.scheme == "https" else 80)
    try:
        addresses = resolve(host, port)
    except (OSError, UnicodeError) as exc:
        raise ProblemError.of("WEBHOOK_URL_UNRESOLVED", path=path, host=host) from exc
    if not addresses:
        raise ProblemError.of("WEBHOOK_URL_UNRESOLVED", path=path, host=host)
    if not allow_private():
        for address in addresses:
            if not is_public(ipaddress.ip_address(address.split("%", 1)[0])):
                raise ProblemError.of(
                    "WEBHOOK_URL_NOT_PUBLIC", path=path, host=host, address=address
                )
    target_path = parts.path or "/"
    if parts.query:
        target_path += "?" + parts.query
    return Target(parts.scheme, host, port, target_path, tuple(addresses))
