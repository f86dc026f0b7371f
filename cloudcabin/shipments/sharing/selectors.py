"""Reads for shares: a shipment's shares, the organizations on the platform its parties
name, the share an organization holds, an open invitation by its token."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from cloudcabin.accounts.models import Organization
from cloudcabin.accounts.services import hash_secret
from cloudcabin.errors import ProblemError
from cloudcabin.shipments.models import Party, ShareRole, Shipment, ShipmentShare

# The shipment's party roles a share role stands for; the forwarder has no party field,
# so it is shared by e-mail invitation.
PARTY_SHARE_ROLES = {
    "consignee": ShareRole.CONSIGNEE,
    "notify_party": ShareRole.NOTIFY_PARTY,
    "declarant": ShareRole.CUSTOMS_BROKER,
}
# The identifiers that tie an address-book party to an organization on the platform.
IDENTIFIERS = ("eori", "vat_number", "uscc")


@dataclass(frozen=True)
class Candidate:
    """An organization on the platform that one of the shipment's parties names."""

    organization: Organization
    role: str  # the share role it would get (ShareRole)
    party: Party
    identifier: str  # the matching identifier, e.g. an EORI number

    @property
    def role_label(self) -> str:
        return str(ShareRole(self.role).label)


def shares_of(shipment: Shipment) -> QuerySet[ShipmentShare]:
    """Every share of the shipment (live, invited, revoked), oldest first."""
    return ShipmentShare.objects.filter(shipment=shipment).select_related("shared_with")


def live_shares_of(shipment: Shipment) -> QuerySet[ShipmentShare]:
    """The organizations that read the shipment now, with their roles."""
    return ShipmentShare.objects.live().filter(shipment=shipment).select_related("shared_with")


def share_for(shipment: Shipment, organization: Organization) -> ShipmentShare | None:
    """The live share that lets ``organization`` read ``shipment``; None for its owner."""
    return ShipmentShare.objects.live().filter(shipment=shipment, shared_with=organization).first()


def candidates(shipment: Shipment) -> list[Candidate]:
    """Organizations on the platform that the shipment's consignee, notify party or
    declarant names by identifier (EORI, VAT number or USCC), the owner excepted.

    Matching by identifier, not by name, means the owner learns nothing about who else is
    on the platform beyond the companies whose numbers it already holds.
    """
    found: list[Candidate] = []
    for party_role, share_role in PARTY_SHARE_ROLES.items():
        party: Party | None = getattr(shipment, party_role)
        if party is None:
            continue
        wanted = Q()
        for name in IDENTIFIERS:
            if getattr(party, name):
                wanted |= Q(**{name: getattr(party, name)})
        if not wanted:
            continue
        matches = Organization.objects.filter(wanted).exclude(pk=shipment.organization_id)
        for organization in matches.order_by("name_en", "pk"):
            identifier = next(
                getattr(party, name)
                for name in IDENTIFIERS
                if getattr(party, name) and getattr(party, name) == getattr(organization, name)
            )
            found.append(Candidate(organization, share_role, party, identifier))
    return found


def find_open_invitation(token: str) -> ShipmentShare:
    """The share an invitation link stands for, while it is open; else INVITATION_INVALID."""
    share = (
        ShipmentShare.objects.select_related("shipment", "organization")
        .filter(token_hash=hash_secret(token))
        .first()
    )
    if share is None or not share.is_open_invitation:
        raise ProblemError.of("INVITATION_INVALID")
    return share
