"""Sign-in helpers: the e-mail address the login rate limit counts failures against."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from cloudcabin.accounts.models import normalize_email


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The posted e-mail, normalised as sign-in looks it up, so that OWNER@… and owner@…
    share one failure count."""
    field = settings.AXES_USERNAME_FORM_FIELD
    source: Any = credentials if credentials else getattr(request, "POST", {})
    return normalize_email(str(source.get(field) or ""))
