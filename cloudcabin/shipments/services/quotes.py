"""A draft shipment from a saved quote."""

from __future__ import annotations

from django.db import transaction

from cloudcabin.accounts.tenancy import Actor, get_for_org_or_404
from cloudcabin.network.models import Quote
from cloudcabin.network.selectors import quote_for_shipment
from cloudcabin.shipments.models import Shipment, ShipmentEventKind
from cloudcabin.shipments.services.editing import record_event
from cloudcabin.shipments.services.routes import route_kind_for, set_route
from cloudcabin.shipments.services.shipments import create_shipment


@transaction.atomic
def create_shipment_from_quote(*, actor: Actor, quote_reference: str) -> Shipment:
    """A draft shipment carrying a saved quote's places and its route as the record."""
    actor.require_write()
    quote = get_for_org_or_404(Quote.objects.all(), actor.organization, reference=quote_reference)
    planned = quote_for_shipment(quote)
    shipment = create_shipment(
        actor=actor,
        origin_locode=planned["origin_locode"],
        loading_locode=planned["origin_locode"],
        destination_locode=planned["destination_locode"],
        route_kind=route_kind_for(planned["modes"]),
        ready_date=quote.ready_date,
    )
    set_route(shipment, quote.option, quote_reference=quote.reference)
    shipment.save()
    record_event(
        actor=actor,
        shipment=shipment,
        kind=ShipmentEventKind.UPDATED,
        from_quote=quote.reference,
    )
    return shipment
