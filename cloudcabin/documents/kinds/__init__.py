"""The document kinds of a pack, in the order they are listed and rendered."""

from __future__ import annotations

from cloudcabin.documents.kinds.base import DocumentSpec
from cloudcabin.documents.kinds.cim_smgs import CimSmgsNote
from cloudcabin.documents.kinds.commercial import CommercialInvoice, PackingList
from cloudcabin.documents.kinds.customs_declaration import CustomsDeclaration
from cloudcabin.documents.kinds.ics2_ens import Ics2EntrySummary
from cloudcabin.documents.kinds.origin import OriginApplication
from cloudcabin.documents.kinds.shipping_instructions import ShippingInstructions

KINDS: tuple[DocumentSpec, ...] = (
    CommercialInvoice(),
    PackingList(),
    CimSmgsNote(),
    ShippingInstructions(),
    CustomsDeclaration(),
    Ics2EntrySummary(),
    OriginApplication(),
)
