"""The goods section of the shipment page, loaded by htmx from the page itself."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cloudcabin.accounts.tenancy import Actor
from cloudcabin.accounts.views import member_required
from cloudcabin.compliance.goods.selectors import check_shipment
from cloudcabin.shipments import selectors as shipment_selectors


@member_required
def goods_section(request: HttpRequest, actor: Actor, shipment_id: int) -> HttpResponse:
    shipment = shipment_selectors.get_shipment(actor.organization, shipment_id)
    check = check_shipment(shipment)
    return render(
        request,
        "compliance/_goods.html",
        {"shipment": shipment, "goods_check": check, "findings": check.findings},
    )
