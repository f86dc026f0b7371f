"""``Idempotency-Key``: a retried POST returns the first answer and never acts twice.

Booking, cancelling, deciding and issuing documents all take the header (and the
booking page's form sends one hidden): one mechanism for every write that must not
happen twice. The key row is inserted in the same transaction as the write it answers
for, so either both are committed or neither is. Two requests racing with the same key
both try to insert it; the unique constraint lets one commit, the other rolls back
entirely (its write included, or its write refused because of the winner's) and then
replays the stored answer. Refusals (4xx
problems) are not stored: nothing was written, so a retry simply runs again. The
stored answers live in ``bookings.IdempotencyKey``, where the mechanism began.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from ninja import Status
from ninja.params.functions import Header

from cloudcabin.accounts.tenancy import Actor
from cloudcabin.api.auth import actor_of
from cloudcabin.bookings.models import IdempotencyKey
from cloudcabin.errors import ProblemError

MAX_KEY_LENGTH = 100
# The header parameter of every API operation that takes a key.
IDEMPOTENCY_KEY: Any = Header(
    None, alias="Idempotency-Key", description="Replays the first answer."
)


def fingerprint(operation: str, payload: Any) -> str:
    text = json.dumps([operation, payload], sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _replay(actor: Actor, key: str, digest: str) -> tuple[int, Any] | None:
    stored = IdempotencyKey.objects.for_org(actor.organization).filter(key=key).first()
    if stored is None:
        return None
    if stored.fingerprint != digest:
        raise ProblemError.of("IDEMPOTENCY_KEY_REUSED", path="Idempotency-Key")
    return stored.status_code, stored.response


def run_idempotent(
    *,
    actor: Actor,
    key: str | None,
    operation: str,
    payload: Any,
    action: Callable[[], tuple[int, Any]],
) -> tuple[int, Any]:
    """Run ``action`` once per (organization, key); its (status, JSON body) is what retries get."""
    if not key:
        return action()
    key = key.strip()
    if len(key) > MAX_KEY_LENGTH:
        raise ProblemError.of("TOO_LONG", path="Idempotency-Key", limit=MAX_KEY_LENGTH)
    digest = fingerprint(operation, payload)
    replayed = _replay(actor, key, digest)
    if replayed is not None:
        return replayed
    try:
        with transaction.atomic():
            # Re-check inside the transaction: on SQLite it holds the write lock already.
            replayed = _replay(actor, key, digest)
            if replayed is not None:
                return replayed
            status, body = action()
            IdempotencyKey.objects.create(
                organization=actor.organization,
                key=key,
                operation=operation,
                fingerprint=digest,
                status_code=status,
                response=body,
            )
            return status, body
    except (IntegrityError, ProblemError):
        # The other request with this key committed first: its answer is this one's. On
        # PostgreSQL the loser may not reach the key's insert at all: it waited for the
        # rows the winner locked, and then the winner's write refuses it (the shipment
        # is booked now, BOOKING_EXISTS). Only a refusal no one answered for is raised.
        replayed = _replay(actor, key, digest)
        if replayed is None:
            raise
        return replayed


def answer_once(
    request: HttpRequest,
    key: str | None,
    operation: str,
    payload: Any,
    action: Callable[[], tuple[int, Any]],
) -> Status[Any]:
    """``run_idempotent`` for an API operation: the (first) answer as the response."""
    status, body = run_idempotent(
        actor=actor_of(request), key=key, operation=operation, payload=payload, action=action
    )
    return Status(status, body)
