"""API shapes for shipments: what the JSON says, validated by pydantic before services run."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from django.db import models
from ninja import Field, Schema
from pydantic import ConfigDict, create_model
from pydantic.fields import FieldInfo

from cloudcabin.api.schemas import Input, ProblemOut
from cloudcabin.fields import Count, Serial
from cloudcabin.shipments.inputs import (
    PLACE_NAME_LENGTH,
    ContainerFields,
    LineFields,
    PartyFields,
    ShipmentFields,
)
from cloudcabin.shipments.models import (
    LICENCE_CODE_LENGTH,
    LICENCE_NUMBER_LENGTH,
    Container,
    Direction,
    GoodsLine,
    Incoterm,
    Party,
    RouteKind,
    Shipment,
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


class TypedIn(Input):
    """A request for one of the services' typed inputs (``shipments/inputs.py``): a field
    the input does not have is refused (INVALID at its name), not silently dropped, so a
    misspelt field never looks saved."""

    model_config = ConfigDict(extra="forbid")


def column(model: type[models.Model], name: str, default: Any = "", **extra: Any) -> Any:
    """A request field with its model column's limits, their one definition (the pages'
    forms are model forms, and the services check every write against the columns): a
    text's length; a decimal's digits and places, and never below zero."""
    field = model._meta.get_field(name)
    limits: dict[str, Any] = {}
    if isinstance(field, models.DecimalField):
        limits = {"ge": 0, "max_digits": field.max_digits, "decimal_places": field.decimal_places}
    elif isinstance(field, models.CharField):
        limits = {"max_length": field.max_length}
    return Field(default, **limits, **extra)


def place() -> Any:
    """A place: a name is welcome, longer than the UN/LOCODE column it is stored in."""
    return Field(None, max_length=PLACE_NAME_LENGTH, description=PLACE_HELP)


S = TypeVar("S", bound=TypedIn)


def patch_of(schema: type[S]) -> type[S]:
    """``schema`` for a PATCH (``LineIn`` → ``LinePatch``): every field optional, with the
    same limits, and the ``version`` the change was made from. A field left out is not in
    ``model_fields_set`` and stays as stored; null clears it."""
    fields: dict[str, Any] = {}
    for name, info in schema.model_fields.items():
        assert info.annotation is not None  # every field of a schema class is annotated
        fields[name] = (info.annotation | None, FieldInfo.merge_field_infos(info, default=None))
    fields["version"] = (Serial | None, Field(None, description=VERSION_IN))
    patch = schema.__name__.removesuffix("In") + "Patch"
    return create_model(patch, __base__=schema, __module__=__name__, **fields)


def given(payload: TypedIn) -> dict[str, Any]:
    """What a request gives (its ``model_fields_set``, nested parties too), without the
    version it names: a field it leaves out is left as stored, or its default on a new
    record (the schemas' defaults are the columns')."""
    return payload.model_dump(exclude_unset=True, exclude={"version"})


class PartyIn(TypedIn):
    name_local: str = column(Party, "name_local")
    name_latin: str = column(Party, "name_latin", ...)
    address_local: str = column(Party, "address_local")
    address_latin: str = column(Party, "address_latin")
    city: str = column(Party, "city")
    postcode: str = column(Party, "postcode")
    country: str = column(Party, "country", ..., min_length=2)
    uscc: str = column(Party, "uscc")
    uscc_checksum_confirmed: bool = False
    eori: str = column(Party, "eori")
    vat_number: str = column(Party, "vat_number")
    tin: str = column(Party, "tin")
    customs_code: str = column(Party, "customs_code")
    contact: str = column(Party, "contact")


if TYPE_CHECKING:  # to mypy: the schema and its version (only ``given`` reads the rest)

    class PartyPatch(PartyIn):
        version: int | None

else:
    PartyPatch = patch_of(PartyIn)


def party_fields(payload: PartyIn) -> PartyFields:
    # The schema's fields are the typed input's (test_typed_inputs pins them).
    return cast(PartyFields, given(payload))


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


class Parties(TypedIn):
    seller: int | None = None
    buyer: int | None = None
    consignor: int | None = None
    consignee: int | None = None
    notify_party: int | None = None
    declarant: int | None = None
    producer: int | None = None


Money = Decimal
Mass = Decimal


class LicenceDocument(TypedIn):
    """A licence or certificate the declaration lists (随附单证): its 监管证件 code and number."""

    code: str = Field(..., min_length=1, max_length=LICENCE_CODE_LENGTH)
    number: str = Field(..., min_length=1, max_length=LICENCE_NUMBER_LENGTH)


class LicenceDocumentOut(Schema):
    code: str
    number: str


class ShipmentPatch(TypedIn):
    reference: str | None = column(Shipment, "reference", None)
    direction: Direction | None = Field(
        None,
        description=(
            "Derived from a planned route that starts (export) or ends (import) in China; "
            "a different value is then refused (ROUTE_DIRECTION_DERIVED, 409)."
        ),
    )
    contract_number: str | None = column(Shipment, "contract_number", None)
    contract_date: datetime.date | None = None
    invoice_number: str | None = column(Shipment, "invoice_number", None)
    invoice_date: datetime.date | None = None
    ready_date: datetime.date | None = None
    consignment_note_number: str | None = column(Shipment, "consignment_note_number", None)
    parties: Parties | None = None
    incoterm: Incoterm | None = None
    incoterm_place_locode: str | None = place()
    incoterm_place_text: str | None = column(Shipment, "incoterm_place_text", None)
    currency: str | None = column(Shipment, "currency", None, min_length=3)
    freight_amount: Money | None = column(Shipment, "freight_amount", None)
    freight_currency: str | None = column(Shipment, "freight_currency", None)
    insurance_amount: Money | None = column(Shipment, "insurance_amount", None)
    insurance_currency: str | None = column(Shipment, "insurance_currency", None)
    other_charges_amount: Money | None = column(Shipment, "other_charges_amount", None)
    other_charges_currency: str | None = column(Shipment, "other_charges_currency", None)
    supervision_mode: str | None = column(Shipment, "supervision_mode", None)
    levy_nature: str | None = column(Shipment, "levy_nature", None)
    transaction_mode: str | None = column(Shipment, "transaction_mode", None)
    route_kind: RouteKind | None = None
    origin_locode: str | None = place()
    destination_locode: str | None = place()
    loading_locode: str | None = place()
    border_crossings: list[str] | None = Field(
        None,
        description=(
            "UN/LOCODEs typed by hand, only on a shipment without a planned route; with "
            "one they are derived from it and a different list is refused "
            "(ROUTE_CROSSINGS_DERIVED, 409)."
        ),
    )
    invoice_total: Money | None = column(Shipment, "invoice_total", None)
    declared_packages: Count | None = None
    declared_gross_kg: Mass | None = column(Shipment, "declared_gross_kg", None)
    declaring_customs: str | None = column(Shipment, "declaring_customs", None)
    border_customs: str | None = column(Shipment, "border_customs", None)
    border_port: str | None = column(Shipment, "border_port", None)
    foreign_port: str | None = column(Shipment, "foreign_port", None)
    transit_port: str | None = column(Shipment, "transit_port", None)
    transport_name: str | None = column(Shipment, "transport_name", None)
    voyage_no: str | None = column(Shipment, "voyage_no", None)
    train_number: str | None = column(Shipment, "train_number", None)
    licence_documents: list[LicenceDocument] | None = None
    promise_items: str | None = column(Shipment, "promise_items", None)
    version: Serial | None = Field(None, description=VERSION_IN)


def shipment_fields(payload: ShipmentPatch) -> ShipmentFields:
    return cast(ShipmentFields, given(payload))


class LineIn(TypedIn):
    line_no: Serial | None = None
    description_zh: str = column(GoodsLine, "description_zh")
    description_en: str = column(GoodsLine, "description_en")
    hs_code: str = column(GoodsLine, "hs_code")
    national_code: str = column(GoodsLine, "national_code")
    brand_type: str = column(GoodsLine, "brand_type")
    export_preference: str = column(GoodsLine, "export_preference")
    declared_elements: str = column(GoodsLine, "declared_elements")
    quantity: Decimal | None = column(GoodsLine, "quantity", None)
    unit: str = column(GoodsLine, "unit")
    net_kg: Mass | None = column(GoodsLine, "net_kg", None)
    gross_kg: Mass | None = column(GoodsLine, "gross_kg", None)
    packages: Count | None = None
    package_type: str = column(GoodsLine, "package_type")
    unit_price: Decimal | None = column(GoodsLine, "unit_price", None)
    amount: Money | None = column(GoodsLine, "amount", None)
    origin_country: str = column(GoodsLine, "origin_country")
    marks: str = column(GoodsLine, "marks")
    un_number: str = column(GoodsLine, "un_number")
    ciq_code: str = column(GoodsLine, "ciq_code")
    first_qty: Decimal | None = column(GoodsLine, "first_qty", None)
    second_qty: Decimal | None = column(GoodsLine, "second_qty", None)
    domestic_region: str = column(GoodsLine, "domestic_region")
    admin_division: str = column(GoodsLine, "admin_division")
    duty_mode: str = column(GoodsLine, "duty_mode")


if TYPE_CHECKING:

    class LinePatch(LineIn):
        version: int | None

else:
    LinePatch = patch_of(LineIn)


def line_fields(payload: LineIn) -> LineFields:
    return cast(LineFields, given(payload))


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


class ContainerIn(TypedIn):
    number: str = column(Container, "number", ..., min_length=1)
    size_type: str = column(Container, "size_type", "45G1")
    seals: list[str] = []
    tare_kg: Mass | None = column(Container, "tare_kg", None)


if TYPE_CHECKING:

    class ContainerPatch(ContainerIn):
        version: int | None

else:
    ContainerPatch = patch_of(ContainerIn)


def container_fields(payload: ContainerIn) -> ContainerFields:
    return cast(ContainerFields, given(payload))


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
