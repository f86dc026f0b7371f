"""One spelling per place across the pack: the network's (Xi'an, Łódź), never UN/LOCODE's
ASCII list name (Xian, Lodz), and no stray punctuation where an address part is missing."""

from __future__ import annotations

import io
import re
from dataclasses import replace

import pytest
from pypdf import PdfReader

from cloudcabin.documents import selectors
from cloudcabin.documents.data import PackData, Party
from cloudcabin.documents.kinds import KINDS
from cloudcabin.documents.kinds.base import Stamp, StampBook
from cloudcabin.shipments.models import Shipment
from cloudcabin.shipments.snapshot import shipment_snapshot

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]
STAMP = Stamp("ABCD1234", "http://testserver/v/ABCD1234/", 1, "Test Org", "")


def pack_text(data: PackData) -> str:
    book = StampBook(lambda: STAMP)
    texts = []
    for spec in KINDS:
        if not spec.applies(data):
            continue
        for rendered in spec.render(data, book.for_kind(spec.kind)):
            if rendered.format == "pdf":
                reader = PdfReader(io.BytesIO(rendered.content))
                texts += [" ".join(page.extract_text().split()) for page in reader.pages]
            else:
                texts.append(rendered.content.decode())
    return "\n".join(texts)


def test_every_document_spells_xian_and_lodz_as_the_network_does(demo_shipment: Shipment) -> None:
    data = selectors.pack_data(shipment_snapshot(demo_shipment))
    assert data.header["incoterm_place_locode"] == "CNXIA"

    text = pack_text(data)

    assert "Xi'an" in text and "Łódź" in text
    assert "Xian " not in text and "Xian," not in text and "Lodz" not in text
    # The named place by name and country, never a bare UN/LOCODE (issue 12).
    assert "FCA Xi'an, CN" in text


def test_parties_without_an_address_print_no_stray_comma(demo_shipment: Shipment) -> None:
    data = selectors.pack_data(shipment_snapshot(demo_shipment))
    bare: dict[str, Party | None] = {
        role: replace(party, address_latin="", address_local="", postcode="") if party else None
        for role, party in data.parties.items()
    }

    text = pack_text(replace(data, parties=bare))

    assert "Łódź (PL)" in text
    assert re.search(r"(^|\s),", text) is None
