"""What the shipment services take: each writable field of a shipment, goods line,
container and party, with its Python type, so that mypy checks every call.

A write names only the fields it sets (the dictionaries are ``total=False``): a field left
out is left as stored, so a page saving one field never overwrites another, and ``None``
clears a field (text and lists store their empty value; a number stays empty). Each
field's limits (length, digits, places) are its model column's, read by the forms
(model forms), the API schemas (``shipments/schemas.py``: ``column``) and the services
(``cloudcabin.fields.require_valid_columns``). The keys are also the services' runtime
list of what may be written: a caller outside mypy's view (a page's form, the API) naming
another field is refused (INVALID, "Unknown field.").
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import TypedDict

# A place is typed as a UN/LOCODE or a name in any script (杜伊斯堡, Xi'an) up to this
# long; the services store its UN/LOCODE.
PLACE_NAME_LENGTH = 100


class LicenceDocumentFields(TypedDict):
    code: str
    number: str


# Each in the order the pages show its fields.


class ShipmentFields(TypedDict, total=False):
    reference: str | None
    direction: str | None
    contract_number: str | None
    contract_date: datetime.date | None
    invoice_number: str | None
    invoice_date: datetime.date | None
    ready_date: datetime.date | None
    consignment_note_number: str | None
    incoterm: str | None
    incoterm_place_locode: str | None
    incoterm_place_text: str | None
    currency: str | None
    freight_amount: Decimal | None
    freight_currency: str | None
    insurance_amount: Decimal | None
    insurance_currency: str | None
    other_charges_amount: Decimal | None
    other_charges_currency: str | None
    supervision_mode: str | None
    levy_nature: str | None
    transaction_mode: str | None
    route_kind: str | None
    origin_locode: str | None
    destination_locode: str | None
    loading_locode: str | None
    border_crossings: list[str] | None
    invoice_total: Decimal | None
    declared_packages: int | None
    declared_gross_kg: Decimal | None
    # The China customs declaration (报关单); blank means derived (documents.declaration.record).
    declaring_customs: str | None
    border_customs: str | None
    border_port: str | None
    foreign_port: str | None
    transit_port: str | None
    transport_name: str | None
    voyage_no: str | None
    train_number: str | None
    promise_items: str | None
    licence_documents: list[LicenceDocumentFields] | None
    # The address-book party (its id) in each role (``PARTY_ROLES``); None takes it off.
    parties: Mapping[str, int | None] | None


class LineFields(TypedDict, total=False):
    # None or left out on a new line: numbered after the last.
    line_no: int | None
    hs_code: str | None
    national_code: str | None
    description_en: str | None
    description_zh: str | None
    declared_elements: str | None
    brand_type: str | None
    export_preference: str | None
    quantity: Decimal | None
    unit: str | None
    net_kg: Decimal | None
    gross_kg: Decimal | None
    packages: int | None
    package_type: str | None
    unit_price: Decimal | None
    amount: Decimal | None
    origin_country: str | None
    marks: str | None
    un_number: str | None
    # The China customs declaration; blank = derived (documents.declaration.record).
    ciq_code: str | None
    first_qty: Decimal | None
    second_qty: Decimal | None
    domestic_region: str | None
    admin_division: str | None
    duty_mode: str | None


class ContainerFields(TypedDict, total=False):
    number: str | None
    size_type: str | None
    # A list, or the pages' text of seals separated by commas or semicolons.
    seals: list[str] | str | None
    tare_kg: Decimal | None


class PartyFields(TypedDict, total=False):
    name_latin: str | None
    name_local: str | None
    country: str | None
    city: str | None
    postcode: str | None
    address_latin: str | None
    address_local: str | None
    uscc: str | None
    uscc_checksum_confirmed: bool | None
    eori: str | None
    vat_number: str | None
    tin: str | None
    customs_code: str | None
    contact: str | None


# The names each typed input may carry, in its order: the page forms' fields, and what the
# services let a caller set (the shipment's parties are set apart, by role).
SHIPMENT_FIELDS = tuple(name for name in ShipmentFields.__annotations__ if name != "parties")
LINE_FIELDS = tuple(LineFields.__annotations__)
CONTAINER_FIELDS = tuple(ContainerFields.__annotations__)
PARTY_FIELDS = tuple(PartyFields.__annotations__)
