"""API shapes for shipments: what the JSON says, validated by pydantic before services run."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, Literal

from ninja import Field, Schema

from cloudcabin.api.schemas import Input, ProblemOut
from cloudcabin.fields import Count, Serial
from cloudcabin.shipments.models import (
    LICENCE_CODE_LENGTH,
    LICENCE_NUMBER_LENGTH,
    Direction,
    Incoterm,
    RouteKind,
)

VERSION_IN = (
    "The version this change was made from (the record's `version`, or send `If-Match` "
    "with its ETag instead). If someone saved the record since, nothing is saved and the "
    "answer is 409 STALE_VERSION with the record as stored now in `current`. Left out, "
    "the change is saved whatever the version (ignored when creating)."
)
VERSION_OUT = "Goes up by one with every save; send it back (or `If-Match`) to guard a change."


PLACE_HELP = (
    "A UN/LOCODE, or a place's name in any script (杜伊斯堡, Xi'an, Lodz), "
    "stored as its UN/LOCODE; an unknown name is PLACE_UNKNOWN (422)."
)


class PartyIn(Input):
    name_local: str = Field("", max_length=200)
    name_latin: str = Field(..., max_length=200)
    address_local: str = ""
    address_latin: str = ""
    city: str = Field("", max_length=100)
    postcode: str = Field("", max_length=20)
    country: str = Field(..., min_length=2, max_length=2)
    uscc: str = Field("", max_length=18)
    uscc_checksum_confirmed: bool = False
    eori: str = Field("", max_length=17)
    vat_number: str = Field("", max_length=20)
    tin: str = Field("", max_length=30)
    customs_code: str = Field("", max_length=10)
    contact: str = Field("", max_length=200)


class PartyPatch(Input):
    name_local: str | None = Field(None, max_length=200)
    name_latin: str | None = Field(None, max_length=200)
    address_local: str | None = None
    address_latin: str | None = None
    city: str | None = Field(None, max_length=100)
    postcode: str | None = Field(None, max_length=20)
    country: str | None = Field(None, min_length=2, max_length=2)
    uscc: str | None = Field(None, max_length=18)
    uscc_checksum_confirmed: bool | None = None
    eori: str | None = Field(None, max_length=17)
    vat_number: str | None = Field(None, max_length=20)
    tin: str | None = Field(None, max_length=30)
    customs_code: str | None = Field(None, max_length=10)
    contact: str | None = Field(None, max_length=200)
    version: Serial | None = Field(None, description=VERSION_IN)


# The answers' shapes carry no input limits: what is stored was checked when it was
# written (services), and an answer must never fail on a row from before a rule.
class PartyOut(Schema):
    id: int
    name_local: str
    name_latin: str
    address_local: str
    address_latin: str
    city: str
    postcode: str
    country: str
    uscc: str
    uscc_checksum_confirmed: bool
    eori: str
    vat_number: str
    tin: str
    customs_code: str
    contact: str
    version: int = Field(description=VERSION_OUT)


class Parties(Input):
    seller: int | None = None
    buyer: int | None = None
    consignor: int | None = None
    consignee: int | None = None
    notify_party: int | None = None
    declarant: int | None = None
    producer: int | None = None


Money = Decimal
Mass = Decimal


class LicenceDocument(Input):
    """A licence or certificate the declaration lists (随附单证): its 监管证件 code and number."""

    code: str = Field(..., min_length=1, max_length=LICENCE_CODE_LENGTH)
    number: str = Field(..., min_length=1, max_length=LICENCE_NUMBER_LENGTH)


class LicenceDocumentOut(Schema):
    code: str
    number: str


class ShipmentPatch(Input):
    reference: str | None = Field(None, max_length=40)
    direction: Direction | None = Field(
        None,
        description=(
            "Derived from a planned route that starts (export) or ends (import) in China; "
            "a different value is then refused (ROUTE_DIRECTION_DERIVED, 409)."
        ),
    )
    contract_number: str | None = Field(None, max_length=60)
    contract_date: datetime.date | None = None
    invoice_number: str | None = Field(None, max_length=60)
    invoice_date: datetime.date | None = None
    ready_date: datetime.date | None = None
    consignment_note_number: str | None = Field(None, max_length=30)
    parties: Parties | None = None
    incoterm: Incoterm | None = None
    incoterm_place_locode: str | None = Field(None, max_length=100, description=PLACE_HELP)
    incoterm_place_text: str | None = Field(None, max_length=120)
    currency: str | None = Field(None, min_length=3, max_length=3)
    freight_amount: Money | None = Field(None, ge=0, max_digits=16, decimal_places=2)
    freight_currency: str | None = Field(None, max_length=3)
    insurance_amount: Money | None = Field(None, ge=0, max_digits=16, decimal_places=2)
    insurance_currency: str | None = Field(None, max_length=3)
    other_charges_amount: Money | None = Field(None, ge=0, max_digits=16, decimal_places=2)
    other_charges_currency: str | None = Field(None, max_length=3)
    supervision_mode: str | None = Field(None, max_length=4)
    levy_nature: str | None = Field(None, max_length=3)
    transaction_mode: str | None = Field(None, max_length=2)
    route_kind: RouteKind | None = None
    origin_locode: str | None = Field(None, max_length=100, description=PLACE_HELP)
    destination_locode: str | None = Field(None, max_length=100, description=PLACE_HELP)
    loading_locode: str | None = Field(None, max_length=100, description=PLACE_HELP)
    border_crossings: list[str] | None = Field(
        None,
        description=(
            "UN/LOCODEs typed by hand, only on a shipment without a planned route; with "
            "one they are derived from it and a different list is refused "
            "(ROUTE_CROSSINGS_DERIVED, 409)."
        ),
    )
    invoice_total: Money | None = Field(None, ge=0, max_digits=16, decimal_places=2)
    declared_packages: Count | None = None
    declared_gross_kg: Mass | None = Field(None, ge=0, max_digits=12, decimal_places=3)
    declaring_customs: str | None = Field(None, max_length=4)
    border_customs: str | None = Field(None, max_length=4)
    border_port: str | None = Field(None, max_length=6)
    foreign_port: str | None = Field(None, max_length=6)
    transit_port: str | None = Field(None, max_length=6)
    transport_name: str | None = Field(None, max_length=200)
    voyage_no: str | None = Field(None, max_length=32)
    train_number: str | None = Field(None, max_length=35)
    licence_documents: list[LicenceDocument] | None = None
    promise_items: str | None = Field(None, max_length=5)
    version: Serial | None = Field(None, description=VERSION_IN)


class LineIn(Input):
    line_no: Serial | None = None
    description_zh: str = Field("", max_length=250)
    description_en: str = Field("", max_length=250)
    hs_code: str = Field("", max_length=6)
    national_code: str = Field("", max_length=10)
    brand_type: str = Field("", max_length=1)
    export_preference: str = Field("", max_length=1)
    declared_elements: str = Field("", max_length=500)
    quantity: Decimal | None = Field(None, ge=0, max_digits=16, decimal_places=3)
    unit: str = Field("", max_length=3)
    net_kg: Mass | None = Field(None, ge=0, max_digits=12, decimal_places=3)
    gross_kg: Mass | None = Field(None, ge=0, max_digits=12, decimal_places=3)
    packages: Count | None = None
    package_type: str = Field("", max_length=2)
    unit_price: Decimal | None = Field(None, ge=0, max_digits=16, decimal_places=4)
    amount: Money | None = Field(None, ge=0, max_digits=16, decimal_places=2)
    origin_country: str = Field("", max_length=2)
    marks: str = Field("", max_length=250)
    un_number: str = Field("", max_length=4)
    ciq_code: str = Field("", max_length=3)
    first_qty: Decimal | None = Field(None, ge=0, max_digits=19, decimal_places=5)
    second_qty: Decimal | None = Field(None, ge=0, max_digits=19, decimal_places=5)
    domestic_region: str = Field("", max_length=5)
    admin_division: str = Field("", max_length=6)
    duty_mode: str = Field("", max_length=1)


class LinePatch(Input):
    line_no: Serial | None = None
    description_zh: str | None = Field(None, max_length=250)
    description_en: str | None = Field(None, max_length=250)
    hs_code: str | None = Field(None, max_length=6)
    national_code: str | None = Field(None, max_length=10)
    brand_type: str | None = Field(None, max_length=1)
    export_preference: str | None = Field(None, max_length=1)
    declared_elements: str | None = Field(None, max_length=500)
    quantity: Decimal | None = Field(None, ge=0, max_digits=16, decimal_places=3)
    unit: str | None = Field(None, max_length=3)
    net_kg: Mass | None = Field(None, ge=0, max_digits=12, decimal_places=3)
    gross_kg: Mass | None = Field(None, ge=0, max_digits=12, decimal_places=3)
    packages: Count | None = None
    package_type: str | None = Field(None, max_length=2)
    unit_price: Decimal | None = Field(None, ge=0, max_digits=16, decimal_places=4)
    amount: Money | None = Field(None, ge=0, max_digits=16, decimal_places=2)
    origin_country: str | None = Field(None, max_length=2)
    marks: str | None = Field(None, max_length=250)
    un_number: str | None = Field(None, max_length=4)
    ciq_code: str | None = Field(None, max_length=3)
    first_qty: Decimal | None = Field(None, ge=0, max_digits=19, decimal_places=5)
    second_qty: Decimal | None = Field(None, ge=0, max_digits=19, decimal_places=5)
    domestic_region: str | None = Field(None, max_length=5)
    admin_division: str | None = Field(None, max_length=6)
    duty_mode: str | None = Field(None, max_length=1)
    version: Serial | None = Field(None, description=VERSION_IN)


class LineOut(Schema):
    id: int
    line_no: int
    description_zh: str
    description_en: str
    hs_code: str
    national_code: str
    brand_type: str
    export_preference: str
    declared_elements: str
    quantity: Decimal | None
    unit: str
    net_kg: Decimal | None
    gross_kg: Decimal | None
    packages: int | None
    package_type: str
    unit_price: Decimal | None
    amount: Decimal | None
    origin_country: str
    marks: str
    un_number: str
    ciq_code: str
    first_qty: Decimal | None
    second_qty: Decimal | None
    domestic_region: str
    admin_division: str
    duty_mode: str
    version: int = Field(description=VERSION_OUT)


class ContainerIn(Input):
    number: str = Field(..., min_length=1, max_length=11)
    size_type: str = Field("45G1", max_length=4)
    seals: list[str] = []
    tare_kg: Mass | None = Field(None, ge=0, max_digits=12, decimal_places=3)


class ContainerPatch(Input):
    number: str | None = Field(None, min_length=1, max_length=11)
    size_type: str | None = Field(None, max_length=4)
    seals: list[str] | None = None
    tare_kg: Mass | None = Field(None, ge=0, max_digits=12, decimal_places=3)
    version: Serial | None = Field(None, description=VERSION_IN)


class ContainerOut(Schema):
    id: int
    number: str
    size_type: str
    seals: list[str]
    tare_kg: Decimal | None
    version: int = Field(description=VERSION_OUT)


class StowageIn(Input):
    packages: Count


class StowageOut(Schema):
    container: str
    line_no: int
    packages: int


ACCESS = (
    "`owner`: your organization's shipment; `shared`: another organization shares it with "
    "yours (read-only: writes answer 404)."
)


class ShipmentSummaryOut(Schema):
    id: int
    reference: str
    direction: str
    revision: int
    origin_locode: str
    destination_locode: str
    line_count: int
    created_at: datetime.datetime
    access: Literal["owner", "shared"] = Field(description=ACCESS)
    shared_by: str | None = Field(description="The owner's name on a shared shipment.")
    share_role: str | None = Field(
        description="Your role on a shared shipment: consignee (inbound), notify_party, "
        "customs_broker or forwarder."
    )

    @staticmethod
    def resolve_access(obj: Any) -> str:
        return "shared" if getattr(obj, "share_role", None) else "owner"

    @staticmethod
    def resolve_shared_by(obj: Any) -> str | None:
        return obj.organization.name_en if getattr(obj, "share_role", None) else None


class ShipmentOut(Schema):
    id: int
    reference: str
    direction: str
    revision: int
    revision_frozen: bool
    contract_number: str
    contract_date: datetime.date | None
    invoice_number: str
    invoice_date: datetime.date | None
    ready_date: datetime.date | None
    consignment_note_number: str
    parties: Parties
    incoterm: str
    incoterm_place_locode: str
    incoterm_place_text: str
    currency: str
    freight_amount: Decimal | None
    freight_currency: str
    insurance_amount: Decimal | None
    insurance_currency: str
    other_charges_amount: Decimal | None
    other_charges_currency: str
    supervision_mode: str
    levy_nature: str
    transaction_mode: str
    route_kind: str
    origin_locode: str
    destination_locode: str
    loading_locode: str
    border_crossings: list[str]
    quote_reference: str
    route_option: dict[str, object] = Field(
        description="The planned route, the journey's one record (nodes and legs); {} if none."
    )
    invoice_total: Decimal | None
    declared_packages: int | None
    declared_gross_kg: Decimal | None
    declaring_customs: str
    border_customs: str
    border_port: str
    foreign_port: str
    transit_port: str
    transport_name: str
    voyage_no: str
    train_number: str
    licence_documents: list[LicenceDocumentOut]
    promise_items: str
    version: int = Field(description="The header's version: " + VERSION_OUT)
    lines: list[LineOut]
    containers: list[ContainerOut]
    stowage: list[StowageOut]
    access: Literal["owner", "shared"] = Field(description=ACCESS)
    shared_by: str | None = Field(description="The owner's name on a shared shipment.")
    share_role: str | None = Field(description="Your role on a shared shipment.")


class RoutePlanIn(Input):
    objective: Literal["fastest", "cheapest", "greenest", "balanced"] = "fastest"


class ChecksOut(Schema):
    errors: int
    warnings: int
    findings: list[ProblemOut]


class RevisionOut(Schema):
    number: int
    created_at: datetime.datetime
    snapshot: dict[str, object]
