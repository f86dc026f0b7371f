"""The document kinds of a pack, in the order they are listed and rendered."""

from __future__ import annotations

from dataclasses import dataclass

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


@dataclass(frozen=True)
class PerLine:
    """What one goods line adds to a document's Typst compile, about."""

    data_bytes: int  # of its JSON data
    typst_us: int  # of processor time


# Measured on the 1,000-line benchmark shipment (bench/document_pack.py). They choose
# which PDFs start first and how many Typst processes are started ahead, never what a
# document says; a kind not here grows by its items, not its lines.
PER_LINE = {
    CommercialInvoice.kind: PerLine(346, 340),
    PackingList.kind: PerLine(768, 580),  # every line twice: per container and overall
    CimSmgsNote.kind: PerLine(321, 410),
    ShippingInstructions.kind: PerLine(346, 340),  # not measured: taken as the invoice's
    OriginApplication.kind: PerLine(367, 310),
}
