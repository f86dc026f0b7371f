"""A new company's next steps on its home page, each ticked from the company's own data."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cloudcabin.accounts.models import ApiKey, Organization


@dataclass(frozen=True)
class Step:
    key: str
    label: str | Promise
    hint: str | Promise
    url: str
    done: bool


def next_steps(organization: Organization) -> list[Step]:
    """The steps, or none once dismissed, all done, or for the operator (its staff serve others)."""
    # Shipments build on accounts: imported here so accounts never needs them to load.
    from cloudcabin.shipments.models import Party, Shipment

    if organization.is_operator or organization.checklist_dismissed_at is not None:
        return []
    steps = [
        Step(
            key="parties",
            label=_("Add your business partners to the address book"),
            hint=_("Shippers, consignees and notify parties, entered once and picked afterwards."),
            url=reverse("shipments:parties"),
            done=Party.objects.for_org(organization).exists(),
        ),
        Step(
            key="shipment",
            label=_("Create your first shipment, or import it from a spreadsheet"),
            hint=_("Open a shipment, then import its packing list from the shipment page."),
            url=reverse("shipments:new"),
            done=Shipment.objects.for_org(organization).exists(),
        ),
        Step(
            key="api_key",
            label=_("Connect your own system with an API key"),
            hint=_("Optional: for an ERP or a script that sends shipments."),
            url=reverse("accounts:api_keys"),
            done=ApiKey.objects.for_org(organization).exists(),
        ),
    ]
    return [] if all(step.done for step in steps) else steps
