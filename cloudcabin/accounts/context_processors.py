from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def tenancy(request: HttpRequest) -> dict[str, Any]:
    actor = getattr(request, "actor", None)
    if not request.user.is_authenticated or actor is None or not actor:
        return {"actor": None}
    return {"actor": actor, "my_memberships": actor.memberships}
