"""Who follows a shipment: the organizations that see it, and their members.

Today that is the shipment's owner. Shipments shared with other organizations (the
consignee, a broker) are being built in the shipments app; when they land, the
organizations a shipment is shared with join here and every notification and webhook
follows them.
"""

from __future__ import annotations

from collections.abc import Iterable

from cloudcabin.accounts.models import Membership
from cloudcabin.shipments.models import Shipment, ShipmentShare


def organizations_following(shipments: Iterable[Shipment]) -> dict[int, list[int]]:
    """For each shipment (by id), the ids of the organizations that follow it: the owner
    first, then those it is shared with (the consignee's, the broker's …)."""
    following = {shipment.pk: [shipment.organization_id] for shipment in shipments}
    for shipment_id, organization_id in (
        ShipmentShare.objects.live()
        .filter(shipment_id__in=following, shared_with__isnull=False)
        .values_list("shipment_id", "shared_with_id")
    ):
        following[shipment_id].append(organization_id)
    return following


def recipients_of(shipments: Iterable[Shipment]) -> dict[int, list[Membership]]:
    """For each shipment, the memberships of the people told about it: each person once,
    through the first following organization they belong to."""
    following = organizations_following(shipments)
    organization_ids = {org for orgs in following.values() for org in orgs}
    by_organization: dict[int, list[Membership]] = {}
    for membership in Membership.objects.filter(
        organization_id__in=organization_ids
    ).select_related("user"):
        if membership.user.is_active:
            by_organization.setdefault(membership.organization_id, []).append(membership)
    recipients: dict[int, list[Membership]] = {}
    for shipment_id, organizations in following.items():
        seen: set[int] = set()
        chosen = recipients.setdefault(shipment_id, [])
        for organization_id in organizations:
            for membership in by_organization.get(organization_id, []):
                if membership.user_id not in seen:
                    seen.add(membership.user_id)
                    chosen.append(membership)
    return recipients


def recipients_for(shipment: Shipment) -> list[Membership]:
    """The members told about this shipment's milestones (see ``recipients_of``)."""
    return recipients_of([shipment])[shipment.pk]
