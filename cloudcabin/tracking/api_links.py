"""API: the shipment owner's consignee tracking links (create, list, revoke)."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from django.urls import reverse
from ninja import Router, Schema, Status

from cloudcabin.accounts.tenancy import get_for_org_or_404
from cloudcabin.api.auth import actor_of
from cloudcabin.api.schemas import ErrorsOut, Input
from cloudcabin.shipments.models import Shipment
from cloudcabin.tracking import links
from cloudcabin.tracking.models import TrackingLink

router = Router()


class TrackingLinkOut(Schema):
    id: int
    shipment_id: int
    label: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    views: int
    last_viewed_at: datetime | None


class TrackingLinkIn(Input):
    days: int = links.DEFAULT_DAYS
    label: str = ""


class TrackingLinkCreatedOut(TrackingLinkOut):
    url: str  # shown once: only the token's hash is stored


@router.get("/shipments/{shipment_id}/links", response={200: list[TrackingLinkOut], 404: ErrorsOut})
def list_links(request: HttpRequest, shipment_id: int) -> list[TrackingLink]:
    actor = actor_of(request)
    shipment = get_for_org_or_404(Shipment.objects.all(), actor.organization, pk=shipment_id)
    return list(links.links_of(shipment))


@router.post(
    "/shipments/{shipment_id}/links",
    response={201: TrackingLinkCreatedOut, 403: ErrorsOut, 404: ErrorsOut, 422: ErrorsOut},
)
def create_link(
    request: HttpRequest, shipment_id: int, payload: TrackingLinkIn
) -> Status[dict[str, object]]:
    link, token = links.create_link(
        actor=actor_of(request), shipment_id=shipment_id, days=payload.days, label=payload.label
    )
    url = request.build_absolute_uri(reverse("tracking:public", args=[token]))
    return Status(201, TrackingLinkOut.from_orm(link).dict() | {"url": url})


@router.delete(
    "/shipments/{shipment_id}/links/{link_id}",
    response={200: TrackingLinkOut, 403: ErrorsOut, 404: ErrorsOut},
)
def revoke_link(request: HttpRequest, shipment_id: int, link_id: int) -> TrackingLink:
    return links.revoke_link(actor=actor_of(request), shipment_id=shipment_id, link_id=link_id)
