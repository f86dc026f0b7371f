"""API: the owner's shares of a shipment. Every endpoint finds the shipment among the
caller's organization's own, so an organization it is shared with gets 404, as a stranger."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from cloudcabin.api.auth import actor_of
from cloudcabin.api.schemas import ErrorsOut
from cloudcabin.shipments import selectors
from cloudcabin.shipments.models import ShipmentShare
from cloudcabin.shipments.sharing import selectors as sharing_selectors
from cloudcabin.shipments.sharing import services
from cloudcabin.shipments.sharing.schemas import (
    ShareCandidateOut,
    ShareCreatedOut,
    ShareIn,
    ShareOut,
)

router = Router()
READ = {404: ErrorsOut}
WRITE = {400: ErrorsOut, 403: ErrorsOut, 404: ErrorsOut, 409: ErrorsOut, 422: ErrorsOut}


@router.get("/{int:shipment_id}/shares", response={200: list[ShareOut], **READ})
def list_shares(request: HttpRequest, shipment_id: int) -> list[ShipmentShare]:
    """Every share of the shipment: shared, invited, expired and revoked ones."""
    shipment = selectors.get_shipment(actor_of(request).organization, shipment_id)
    return list(sharing_selectors.shares_of(shipment))


@router.get("/{int:shipment_id}/shares/candidates", response={200: list[ShareCandidateOut], **READ})
def list_candidates(request: HttpRequest, shipment_id: int) -> list[dict[str, Any]]:
    """Organizations on cloudcabin that the shipment's consignee, notify party or declarant
    names by identifier: the ones `POST …/shares` takes as `organization_id`."""
    shipment = selectors.get_shipment(actor_of(request).organization, shipment_id)
    return [
        {
            "organization_id": c.organization.pk,
            "name": c.organization.name_en,
            "role": c.role,
            "party": c.party.name_latin,
            "identifier": c.identifier,
        }
        for c in sharing_selectors.candidates(shipment)
    ]


@router.post("/{int:shipment_id}/shares", response={201: ShareCreatedOut, **WRITE})
def create_share(request: HttpRequest, shipment_id: int, payload: ShareIn) -> Status[Any]:
    """Share with an organization (`organization_id`) or invite a company (`email`)."""
    shared = services.share_shipment(
        actor=actor_of(request),
        shipment_id=shipment_id,
        role=payload.role,
        organization_id=payload.organization_id,
        email=payload.email,
    )
    share: Any = shared.share
    share.invitation_link = shared.link  # answered once, never stored
    return Status(201, share)


@router.delete("/{int:shipment_id}/shares/{share_id}", response={204: None, **WRITE})
def revoke_share(request: HttpRequest, shipment_id: int, share_id: int) -> Status[None]:
    """End a share or withdraw an invitation (the record stays, `status: revoked`)."""
    services.revoke_share(actor=actor_of(request), shipment_id=shipment_id, share_id=share_id)
    return Status(204, None)
