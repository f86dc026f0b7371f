"""Writes of webhooks: endpoints, the outbox (filled by the events' signals), test, replay.

Endpoints send the organization's tracking data to another system, so only an owner (or
a read-write API key, which an owner created) manages them; every member may read them
and their delivery log. The secret is shown once, when the endpoint is created.
"""

from __future__ import annotations

import base64
import secrets
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from cloudcabin.accounts.tenancy import Actor, get_for_org_or_404
from cloudcabin.errors import ProblemError
from cloudcabin.fields import first_text_problem
from cloudcabin.tracking.models import (
    DeliveryStatus,
    TrackingEvent,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEventType,
)
from cloudcabin.tracking.models.webhooks import TEST_EVENT_TYPE, DisabledReason
from cloudcabin.tracking.notifications.recipients import organizations_following
from cloudcabin.tracking.tasks import queue_deliveries
from cloudcabin.tracking.webhooks.addresses import check_url
from cloudcabin.tracking.webhooks.delivery import disable
from cloudcabin.tracking.webhooks.payloads import envelope, render_event

SECRET_PREFIX = "whsec_"


def new_secret() -> str:
    """24 or more random bytes, base64, ``whsec_`` in front (Standard Webhooks)."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode("ascii")


def require_manager(actor: Actor) -> None:
    if actor.api_key is not None:
        actor.require_write()
    else:
        actor.require_owner()


def _clean_types(event_types: Sequence[str]) -> list[str]:
    chosen = sorted({str(t).strip() for t in event_types})
    if not chosen:
        raise ProblemError.of("WEBHOOK_EVENT_TYPES_REQUIRED", path="event_types")
    for index, kind in enumerate(chosen):
        if kind not in WebhookEventType.values:
            raise ProblemError.of(
                "WEBHOOK_EVENT_TYPE_UNKNOWN",
                path=f"event_types[{index}]",
                type=kind,
                known=", ".join(WebhookEventType.values),
            )
    return chosen


def _clean_description(description: str) -> str:
    text = (description or "").strip()
    if len(text) > 200:
        raise ProblemError.of("TOO_LONG", path="description", limit=200)
    found = first_text_problem(text, "description")
    if found is not None:
        raise ProblemError(found)
    return text


def _clean_url(url: str) -> str:
    text = (url or "").strip()
    if len(text) > 500:
        raise ProblemError.of("TOO_LONG", path="url", limit=500)
    check_url(text)
    return text


def create_endpoint(
    actor: Actor, *, url: str, event_types: Sequence[str], description: str = ""
) -> WebhookEndpoint:
    """A new endpoint with its own secret (the caller shows ``endpoint.secret`` once)."""
    require_manager(actor)
    endpoint = WebhookEndpoint(
        organization=actor.organization,
        url=_clean_url(url),
        description=_clean_description(description),
        event_types=_clean_types(event_types),
        secret=new_secret(),
        created_by=actor.user,
    )
    endpoint.save()
    return endpoint


def endpoint_of(actor: Actor, endpoint_id: int, *, for_update: bool = False) -> WebhookEndpoint:
    endpoints = WebhookEndpoint.objects.all()
    if for_update:
        endpoints = endpoints.select_for_update()
    return get_for_org_or_404(endpoints, actor.organization, pk=endpoint_id)


@transaction.atomic
def update_endpoint(actor: Actor, endpoint_id: int, **changes: Any) -> WebhookEndpoint:
    """Change the URL, description, event types or whether it is active. Enabling a
    disabled endpoint starts it afresh; its failed deliveries wait for a replay."""
    endpoint = endpoint_of(actor, endpoint_id, for_update=True)
    require_manager(actor)
    if changes.get("url") is not None:
        endpoint.url = _clean_url(changes["url"])
    if changes.get("description") is not None:
        endpoint.description = _clean_description(changes["description"])
    if changes.get("event_types") is not None:
        endpoint.event_types = _clean_types(changes["event_types"])
    active = changes.get("active")
    if active is True and not endpoint.active:
        endpoint.active = True
        endpoint.disabled_at = None
        endpoint.disabled_reason = ""
        endpoint.failing_since = None
    elif active is False and endpoint.active:
        disable(endpoint, DisabledReason.MANUAL)
    endpoint.save()
    return endpoint


@transaction.atomic
def delete_endpoint(actor: Actor, endpoint_id: int) -> None:
    endpoint = endpoint_of(actor, endpoint_id, for_update=True)
    require_manager(actor)
    endpoint.delete()


def _queue(endpoint: WebhookEndpoint, event_type: str, body: str, event_id: Any) -> WebhookDelivery:
    return WebhookDelivery(
        organization_id=endpoint.organization_id,
        endpoint=endpoint,
        event_type=event_type,
        event_id=event_id,
        payload=body,
        next_attempt_at=timezone.now(),
    )


@transaction.atomic
def send_test_event(actor: Actor, endpoint_id: int) -> WebhookDelivery:
    """Queue a ``webhook.test`` message, sent by a delivery task once this commits."""
    endpoint = endpoint_of(actor, endpoint_id)
    require_manager(actor)
    if not endpoint.active:
        raise ProblemError.of("WEBHOOK_ENDPOINT_DISABLED")
    data = {"message": "A test event from cloudcabin.", "endpointId": endpoint.pk}
    delivery = _queue(endpoint, TEST_EVENT_TYPE, envelope(TEST_EVENT_TYPE, data), None)
    delivery.save()
    queue_deliveries([delivery])
    return delivery


@transaction.atomic
def replay_delivery(actor: Actor, endpoint_id: int, delivery_id: Any) -> WebhookDelivery:
    """Send a delivery again (same ``webhook-id``, same body), from the first step of the
    retry schedule."""
    endpoint = endpoint_of(actor, endpoint_id)
    delivery = get_for_org_or_404(
        WebhookDelivery.objects.select_for_update().filter(endpoint=endpoint),
        actor.organization,
        pk=delivery_id,
    )
    require_manager(actor)
    if not endpoint.active:
        raise ProblemError.of("WEBHOOK_ENDPOINT_DISABLED")
    delivery.status = DeliveryStatus.PENDING
    delivery.attempts = 0
    delivery.next_attempt_at = timezone.now()
    delivery.save(update_fields=["status", "attempts", "next_attempt_at"])
    queue_deliveries([delivery])
    return delivery


def queue_for_events(events: Sequence[TrackingEvent], event_type: str) -> int:
    """Write one delivery per event and subscribed endpoint of every organization that
    follows the event's shipment; in the caller's (the event's) transaction."""
    shipments = {event.shipment_id: event.shipment for event in events}
    following = organizations_following(list(shipments.values()))
    organization_ids = {org for orgs in following.values() for org in orgs}
    endpoints: dict[int, list[WebhookEndpoint]] = {}
    for endpoint in WebhookEndpoint.objects.filter(
        organization_id__in=organization_ids, active=True
    ):
        if event_type in endpoint.event_types:
            endpoints.setdefault(endpoint.organization_id, []).append(endpoint)
    if not endpoints:
        return 0
    now = timezone.now()
    deliveries: list[WebhookDelivery] = []
    for event in events:
        targets = [e for org in following[event.shipment_id] for e in endpoints.get(org, [])]
        if not targets:
            continue
        body = envelope(event_type, render_event(event), at=now)
        deliveries.extend(_queue(endpoint, event_type, body, event.pk) for endpoint in targets)
    WebhookDelivery.objects.bulk_create(deliveries)
    queue_deliveries(deliveries)
    return len(deliveries)


def on_events_recorded(sender: object, events: Sequence[TrackingEvent], **kwargs: Any) -> None:
    queue_for_events(events, WebhookEventType.EVENT_CREATED)


def on_event_retracted(sender: object, event: TrackingEvent, **kwargs: Any) -> None:
    queue_for_events([event], WebhookEventType.EVENT_RETRACTED)
