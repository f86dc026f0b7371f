"""Reads of webhooks: an organization's endpoints and an endpoint's delivery log."""

from __future__ import annotations

from django.db.models import QuerySet

from cloudcabin.accounts.models import Organization
from cloudcabin.accounts.tenancy import Actor, get_for_org_or_404
from cloudcabin.tracking.models import WebhookDelivery, WebhookEndpoint


def endpoints_of(organization: Organization) -> QuerySet[WebhookEndpoint]:
    return WebhookEndpoint.objects.for_org(organization)


def endpoint_for(actor: Actor, endpoint_id: int) -> WebhookEndpoint:
    return get_for_org_or_404(WebhookEndpoint.objects.all(), actor.organization, pk=endpoint_id)


def deliveries_of(endpoint: WebhookEndpoint) -> QuerySet[WebhookDelivery]:
    """Newest first (the log), without the bodies."""
    return (
        WebhookDelivery.objects.for_org(endpoint.organization)
        .filter(endpoint=endpoint)
        .defer("payload")
        .order_by("-created_at")
    )
