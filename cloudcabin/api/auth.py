"""API authentication: an organization's API key, or the browser session (with CSRF)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import APIKeyHeader, HttpBearer, SessionAuth
from ninja.utils import check_csrf

from cloudcabin.accounts.middleware import resolved_actor
from cloudcabin.accounts.selectors import actor_for_api_key
from cloudcabin.accounts.services import touch_api_key
from cloudcabin.accounts.tenancy import Actor
from cloudcabin.errors import ProblemError


def _actor_from_key(request: HttpRequest, key: str | None) -> Actor | None:
    actor = actor_for_api_key(key or "")
    if actor is not None and actor.api_key is not None:
        touch_api_key(actor.api_key)
        request.actor = actor  # type: ignore[attr-defined]
    return actor


class ApiKeyInHeader(APIKeyHeader):
    """``X-API-Key: cc_…``"""

    param_name = "X-API-Key"

    def authenticate(self, request: HttpRequest, key: str | None) -> Actor | None:
        return _actor_from_key(request, key)


class ApiKeyAsBearer(HttpBearer):
    """``Authorization: Bearer cc_…``"""

    def authenticate(self, request: HttpRequest, token: str) -> Actor | None:
        return _actor_from_key(request, token)


class MemberSession(SessionAuth):
    """A signed-in member acting for the organization chosen in the web app."""

    def _get_key(self, request: HttpRequest) -> str | None:
        # Without a signed-in user there is no session for CSRF to protect: the request
        # goes on unauthenticated (401), not refused as a forgery (403).
        if not request.user.is_authenticated:
            return None
        if self.csrf and not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise ProblemError.of("CSRF_FAILED")
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: Any) -> Actor | None:
        user = super().authenticate(request, key)
        if user is None:
            return None
        # The middleware's request.actor (the same member): one membership query however
        # many ask, and the request's log line names the organization.
        return resolved_actor(request)


api_auth = [ApiKeyInHeader(), ApiKeyAsBearer(), MemberSession()]


def actor_of(request: HttpRequest) -> Actor:
    actor = request.auth  # type: ignore[attr-defined]
    assert isinstance(actor, Actor)
    return actor
