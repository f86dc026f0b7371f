"""What a worker does with the deliveries that are due, for tests that look at one attempt
at a time (at a chosen moment): ``deliver`` is the delivery task's work."""

from __future__ import annotations

from datetime import datetime

from cloudcabin.tracking.models import WebhookDelivery
from cloudcabin.tracking.webhooks.delivery import deliver, due


def deliver_due(*, now: datetime | None = None, limit: int = 1000) -> list[WebhookDelivery]:
    done = []
    for delivery_id, attempts in due(now=now, limit=limit):
        recorded = deliver(delivery_id, attempts, now=now)
        if recorded is not None:
            done.append(recorded)
    return done
