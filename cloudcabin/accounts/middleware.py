"""Per-request tenancy and language: who acts for which organization, in which language."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

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
        @cache
        def resolve() -> Actor | None:
            if not request.user.is_authenticated:
                return None
            return actor_for_user(request.user, request.session.get(SESSION_ORGANIZATION_KEY))

        request.actor = SimpleLazyObject(resolve)  # type: ignore[attr-defined]
        request.resolve_actor = resolve  # type: ignore[attr-defined]
        return self.get_response(request)


def resolved_actor(request: HttpRequest) -> Actor | None:
    """What ``request.actor`` stands for, read at most once a request whoever asks first
    (the pages, the API's session authentication); the request's log line then names its
    organization."""
    resolve: Callable[[], Actor | None] = request.resolve_actor  # type: ignore[attr-defined]
    return resolve()
