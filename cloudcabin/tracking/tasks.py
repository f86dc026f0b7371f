"""Background work of tracking: webhook deliveries and the containers' arrival estimates.

Both run on the project's task engine (README, "Background work"): in-process with the
default immediate backend, or queued in the database for ``manage.py db_worker``. Both are
idempotent, so a task run twice, or a delivery queued again by ``manage.py
deliver_webhooks``, changes nothing more than one run.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from uuid import UUID

from django.db import transaction
from django_tasks import task

from cloudcabin.shipments.models import Container
from cloudcabin.tracking.eta.services import Box, refresh
from cloudcabin.tracking.models import DeliveryStatus, WebhookDelivery
from cloudcabin.tracking.webhooks.delivery import deliver


class WebhookGaveUp(Exception):
    """Raised by the delivery task that gives up, so that the task is listed with the
    failed ones in the admin (the dead letters) besides the delivery log's "failed"."""


@task()
def deliver_webhook(delivery_id: str, attempts: int) -> str:
    """The attempt after ``attempts`` of one delivery; queues the next one after a failure."""
    done = deliver(UUID(delivery_id), attempts)
    if done is None:
        return "nothing to send"
    if done.status == DeliveryStatus.FAILED:
        raise WebhookGaveUp(
            f"{done.message_id} to endpoint {done.endpoint_id} gave up after "
            f"{done.attempts} attempts: {done.last_status_code or done.last_error}"
        )
    if done.status == DeliveryStatus.PENDING:
        _queue_retry(done)
    return str(done.status)


def _queue_retry(delivery: WebhookDelivery) -> None:
    backend = deliver_webhook.get_backend()
    # The immediate backend cannot wait: its retries are queued by `deliver_webhooks`.
    if backend.supports_defer and delivery.next_attempt_at is not None:
        deliver_webhook.using(run_after=delivery.next_attempt_at).enqueue(
            str(delivery.pk), delivery.attempts
        )


def queue_deliveries(deliveries: Iterable[WebhookDelivery]) -> None:
    """Send each delivery once its transaction commits (never for one rolled back, and
    never while the caller's transaction waits for a receiver)."""
    waiting = [(str(delivery.pk), delivery.attempts) for delivery in deliveries]
    if waiting:
        transaction.on_commit(lambda: _enqueue(waiting))


def _enqueue(waiting: Sequence[tuple[str, int]]) -> None:
    for delivery_id, attempts in waiting:
        deliver_webhook.enqueue(delivery_id, attempts)


@task()
def refresh_etas(boxes: list[list[int]]) -> int:
    """Recompute the estimates of these containers (``[container, departure, shipment,
    organization]`` each) from the events stored now; returns how many rows changed."""
    with transaction.atomic():
        # Two batches about the same boxes refresh them one after the other.
        list(
            Container.objects.select_for_update()
            .filter(pk__in={box[0] for box in boxes})
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        return refresh(Box(*box) for box in boxes)


def queue_eta_refresh(boxes: Iterable[Box]) -> None:
    """One task per batch of events, queued in the events' transaction: with the database
    backend it is there exactly when they commit (and never for a batch rolled back); the
    immediate backend runs it at once, as before."""
    last = {box.container_id: box for box in boxes}  # the last event's departure
    rows = [
        [box.container_id, box.departure_id, box.shipment_id, box.organization_id]
        for _, box in sorted(last.items())
    ]
    if rows:
        refresh_etas.enqueue(rows)
