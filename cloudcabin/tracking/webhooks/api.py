"""API: the organization's webhook endpoints and their delivery logs, under
/api/v1/tracking/webhooks."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from django.http import HttpRequest
from ninja import Router, Schema, Status

from cloudcabin.api.auth import actor_of
from cloudcabin.api.schemas import ErrorsOut, Input
from cloudcabin.tracking.models import WebhookDelivery, WebhookEndpoint, WebhookEventType
from cloudcabin.tracking.webhooks import selectors, services

router = Router()


class EndpointOut(Schema):
    id: int
    url: str
    description: str
    event_types: list[str]
    active: bool
    disabled_at: datetime | None
    disabled_reason: str
    created_at: datetime


class EndpointCreatedOut(EndpointOut):
    secret: str


class EndpointIn(Input):
    url: str
    description: str = ""
    event_types: list[str] = list(WebhookEventType.values)


class EndpointPatch(Input):
    url: str | None = None
    description: str | None = None
    event_types: list[str] | None = None
    active: bool | None = None


class DeliveryOut(Schema):
    id: UUID
    message_id: str
    event_type: str
    status: str
    attempts: int
    created_at: datetime
    last_attempt_at: datetime | None
    last_status_code: int | None
    last_latency_ms: int | None
    last_error: str
    next_attempt_at: datetime | None
    delivered_at: datetime | None


WRITE_ERRORS = {403: ErrorsOut, 404: ErrorsOut, 409: ErrorsOut, 422: ErrorsOut}


@router.get("", response=list[EndpointOut])
def list_endpoints(request: HttpRequest) -> list[WebhookEndpoint]:
    return list(selectors.endpoints_of(actor_of(request).organization))


@router.post("", response={201: EndpointCreatedOut, 403: ErrorsOut, 422: ErrorsOut})
def create_endpoint(request: HttpRequest, payload: EndpointIn) -> Status[WebhookEndpoint]:
    """The answer holds the signing secret (``whsec_…``): the only time it is shown."""
    endpoint = services.create_endpoint(
        actor_of(request),
        url=payload.url,
        description=payload.description,
        event_types=payload.event_types,
    )
    return Status(201, endpoint)


@router.get("/{endpoint_id}", response={200: EndpointOut, 404: ErrorsOut})
def get_endpoint(request: HttpRequest, endpoint_id: int) -> WebhookEndpoint:
    return selectors.endpoint_for(actor_of(request), endpoint_id)


@router.patch("/{endpoint_id}", response={200: EndpointOut, **WRITE_ERRORS})
def patch_endpoint(
    request: HttpRequest, endpoint_id: int, payload: EndpointPatch
) -> WebhookEndpoint:
    return services.update_endpoint(
        actor_of(request), endpoint_id, **payload.dict(exclude_unset=True)
    )


@router.delete("/{endpoint_id}", response={204: None, 403: ErrorsOut, 404: ErrorsOut})
def delete_endpoint(request: HttpRequest, endpoint_id: int) -> Status[None]:
    services.delete_endpoint(actor_of(request), endpoint_id)
    return Status(204, None)


@router.get("/{endpoint_id}/deliveries", response={200: list[DeliveryOut], 404: ErrorsOut})
def list_deliveries(request: HttpRequest, endpoint_id: int) -> list[WebhookDelivery]:
    """The newest hundred deliveries, newest first."""
    endpoint = selectors.endpoint_for(actor_of(request), endpoint_id)
    return list(selectors.deliveries_of(endpoint)[:100])


@router.post("/{endpoint_id}/test", response={202: DeliveryOut, **WRITE_ERRORS})
def send_test_event(request: HttpRequest, endpoint_id: int) -> Status[WebhookDelivery]:
    """Queue a ``webhook.test`` message; the delivery worker sends it."""
    return Status(202, services.send_test_event(actor_of(request), endpoint_id))


@router.post(
    "/{endpoint_id}/deliveries/{delivery_id}/replay", response={202: DeliveryOut, **WRITE_ERRORS}
)
def replay_delivery(
    request: HttpRequest, endpoint_id: int, delivery_id: UUID
) -> Status[WebhookDelivery]:
    """Queue the delivery again: same ``webhook-id``, same body."""
    return Status(202, services.replay_delivery(actor_of(request), endpoint_id, delivery_id))
