"""Optimistic concurrency over HTTP: a record's version as its ETag, a change guarded by
``If-Match`` or a ``version`` field, and a stale change answered with the current record.

Services decide (``STALE_VERSION``); this module only translates between HTTP and them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _

from cloudcabin.errors import ProblemError, StaleVersionError

# W/"3" or "3"; the version is the whole validator, so weak and strong name the same thing.
ETAG = re.compile(r'^(?:W/)?"(\d{1,10})"$')


def etag(version: int) -> str:
    """Weak: the version tells the record's state, not the bytes of every representation."""
    return f'W/"{version}"'


def set_etag(response: HttpResponse, version: int) -> None:
    response["ETag"] = etag(version)


def expected_version(if_match: str | None, body_version: int | None) -> int | None:
    """The version a change was made from: the body's ``version`` or ``If-Match``'s
    ETag (the two must agree when both are sent); ``None`` (no check) without either,
    or with ``If-Match: *``."""
    header: int | None = None
    if if_match is not None and if_match.strip() != "*":
        match = ETAG.match(if_match.strip())
        if match is None:
            raise ProblemError.of(
                "INVALID",
                path="If-Match",
                detail=_('Send the ETag the record was read with, e.g. W/"3".'),
            )
        header = int(match.group(1))
    if header is not None and body_version is not None and header != body_version:
        raise ProblemError.of(
            "INVALID",
            path="If-Match",
            detail=_("If-Match and the version in the body name different versions."),
        )
    return body_version if body_version is not None else header


@contextmanager
def current_on_stale(render: Callable[[Any], dict[str, Any]]) -> Iterator[None]:
    """Around a guarded write: a stale one leaves carrying the record as the API shows it
    (``render`` runs after the write's transaction rolled back, so it reads what is stored)."""
    try:
        yield
    except StaleVersionError as exc:
        exc.current = render(exc.record)
        raise
