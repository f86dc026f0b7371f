"""Per-request tenancy and language: who acts for which organization, in which language."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.functional import SimpleLazyObject

from cloudcabin.accounts.selectors import actor_for_user
from cloudcabin.accounts.tenancy import Actor

SESSION_ORGANIZATION_KEY = "organization_id"


class UserLanguageMiddleware:
    """A signed-in person's chosen language wins over the browser's Accept-Language."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)


class ActiveMembershipMiddleware:
    """Sets ``request.actor``: the signed-in member acting for their chosen organization."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.actor = SimpleLazyObject(partial(resolved_actor, request))  # type: ignore[attr-defined]
        return self.get_response(request)


def resolved_actor(request: HttpRequest) -> Actor | None:
    """The signed-in member acting for the organization chosen in the session, read at
    most once a request whoever asks first (``request.actor``, the API's session
    authentication)."""
    try:
        known: Actor | None = request._member_actor  # type: ignore[attr-defined]
    except AttributeError:
        known = None
        if request.user.is_authenticated:
            known = actor_for_user(request.user, request.session.get(SESSION_ORGANIZATION_KEY))
        request._member_actor = known  # type: ignore[attr-defined]
    return known


def actor_if_resolved(request: HttpRequest) -> Actor | None:
    """The request's actor if something has found it already (an API key's, or the
    member's); never a query."""
    actor = getattr(request, "actor", None)
    if isinstance(actor, SimpleLazyObject):
        return getattr(request, "_member_actor", None)
    return actor
