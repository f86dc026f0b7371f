"""``{% compliance_panel shipment %}``: the compliance panel on the shipment page.

A template tag, so that the shipment page shows it without shipments importing compliance.
Shown to the organizations acting for the shipment's owner (its members, its agents); a
company the shipment is shared with sees no screening of the owner's address book.
"""

from __future__ import annotations

from typing import Any

from django import template

from cloudcabin.accounts.tenancy import Actor, acting_organization_ids
from cloudcabin.compliance.screening import selectors
from cloudcabin.shipments.models import Shipment

register = template.Library()


def _acts_for(actor: Actor, organization_id: int) -> bool:
    if actor.organization.pk == organization_id:
        return True
    return acting_organization_ids(actor).filter(pk=organization_id).exists()


@register.inclusion_tag("compliance/_panel.html", takes_context=True)
def compliance_panel(context: template.Context, shipment: Shipment) -> dict[str, Any]:
    actor: Actor | None = context.get("actor")
    if actor is None or not _acts_for(actor, shipment.organization_id):
        return {"shown": False}
    versions = selectors.current_version_ids()
    return {
        "shown": True,
        "shipment": shipment,
        "rows": selectors.shipment_parties(shipment, versions),
        "lists_loaded": bool(versions),
        "is_reviewer": selectors.is_reviewer(actor),
    }
