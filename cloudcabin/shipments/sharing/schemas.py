"""API shapes for shares."""

from __future__ import annotations

import datetime
from typing import Literal

from ninja import Field, Schema

from cloudcabin.api.schemas import Input
from cloudcabin.shipments.models import ShipmentShare

ROLE_HELP = "consignee (the shipment shows as inbound), notify_party, customs_broker, forwarder."


class ShareIn(Input):
    role: str = Field(description=ROLE_HELP)
    organization_id: int | None = Field(
        None,
        description="An organization from `GET …/shares/candidates` (one the shipment's "
        "parties name by EORI, VAT number or USCC).",
    )
    email: str = Field(
        "",
        max_length=254,
        description="Instead of an organization: invite a company by e-mail. The link is "
        "answered once (`invitation_link`) and sent by e-mail.",
    )


class ShareOut(Schema):
    id: int
    role: str
    status: Literal["shared", "invited", "expired", "revoked"]
    shared_with: str | None = Field(description="The organization's name, once shared.")
    invited_email: str
    created_at: datetime.datetime
    accepted_at: datetime.datetime | None
    revoked_at: datetime.datetime | None

    @staticmethod
    def resolve_status(obj: ShipmentShare) -> str:
        if obj.revoked_at is not None:
            return "revoked"
        if obj.shared_with_id is not None:
            return "shared"
        return "invited" if obj.is_open_invitation else "expired"

    @staticmethod
    def resolve_shared_with(obj: ShipmentShare) -> str | None:
        return obj.shared_with.name_en if obj.shared_with else None


class ShareCreatedOut(ShareOut):
    invitation_link: str = Field(description="For an invitation by e-mail; shown only now.")


class ShareCandidateOut(Schema):
    organization_id: int
    name: str
    role: str = Field(description="The role its party has on the shipment: " + ROLE_HELP)
    party: str = Field(description="The party in your address book that names it.")
    identifier: str = Field(description="The number both carry (EORI, VAT number or USCC).")
