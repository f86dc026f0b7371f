"""What the documents state about the journey comes from the shipment's planned route."""

from __future__ import annotations

import io
from io import StringIO

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from cloudcabin.documents import selectors
from cloudcabin.documents.declaration.record import declaration_record
from cloudcabin.documents.kinds.base import Stamp, StampBook
from cloudcabin.documents.kinds.commercial import CommercialInvoice
from cloudcabin.shipments import services
from cloudcabin.shipments.models import Shipment
from cloudcabin.shipments.snapshot import shipment_snapshot
from conftest import Tenants

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]


def test_the_pack_routes_the_demo_through_russia_and_belarus_as_the_route_does(demo_shipment):
    data = selectors.pack_data(shipment_snapshot(demo_shipment))

    assert data.has_route
    assert data.routing_countries == ["CN", "KZ", "RU", "BY", "PL"]
    assert [place.locode for place in data.crossings] == ["CNAKL", "KZDOS", "BYBQT", "PLMAA"]
    assert [(c.from_country, c.to_country) for c in data.border_crossings][2] == ("RU", "BY")


def test_the_first_eu_entry_and_the_china_exit_are_border_stations_of_the_route(demo_shipment):
    data = selectors.pack_data(shipment_snapshot(demo_shipment))

    assert data.first_eu_entry_country == "PL"
    assert data.first_eu_entry is not None and data.first_eu_entry.locode == "PLMAA"
    assert data.china_exit is not None and data.china_exit.locode == "CNAKL"
    assert [(g.place.locode, g.to_gauge) for g in data.gauge_changes] == [
        ("KZDOS", 1520),
        ("PLMAA", 1435),
    ]


def test_every_place_on_the_route_has_one_spelling_and_its_chinese_name(demo_shipment):
    data = selectors.pack_data(shipment_snapshot(demo_shipment))

    assert data.origin is not None and data.loading is not None and data.destination is not None
    assert (data.origin.name, data.origin.name_zh) == ("Xi'an", "西安")
    assert data.loading == data.origin
    assert (data.destination.name, data.destination.name_zh) == ("Łódź", "罗兹")
    assert data.crossings[-1].name == "Małaszewicze"


def test_a_shipment_without_a_route_reads_its_hand_typed_crossings(demo_shipment, tenants):
    actor = tenants.actor(tenants.owner)
    services.clear_shipment_route(actor=actor, shipment_id=demo_shipment.pk)
    services.update_shipment(
        actor=actor, shipment_id=demo_shipment.pk, border_crossings=["CNAKL", "KZDOS", "PLMAA"]
    )

    data = selectors.pack_data(shipment_snapshot(Shipment.objects.get(pk=demo_shipment.pk)))

    assert not data.has_route and data.first_eu_entry is None
    assert data.routing_countries == ["CN", "KZ", "PL"]


def test_the_china_exit_customs_and_port_are_alashankous_on_the_routed_demo(demo_shipment):
    record = declaration_record(selectors.pack_data(shipment_snapshot(demo_shipment)))

    assert (record.border_customs.code, record.border_port.code) == ("9404", "650302")


def test_the_seeded_xian_duisburg_demo_is_routed_cn_kz_ru_by_pl_de():
    call_command("load_network", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo_shipments", stdout=StringIO())
    demo = Shipment.objects.get(reference="XSR-2026-0001")

    data = selectors.pack_data(shipment_snapshot(demo))

    assert data.routing_countries == ["CN", "KZ", "RU", "BY", "PL", "DE"]
    assert data.first_eu_entry_country == "PL"
    assert [p.locode for p in data.crossings] == ["CNAKL", "KZDOS", "BYBQT", "PLMAA"]


def test_a_party_without_an_address_prints_no_stray_comma(demo_shipment, tenants: Tenants):
    actor = tenants.actor(tenants.owner)
    bare = services.save_party(
        actor=actor, name_latin="Chongqing Bare Trading Co.", city="Chongqing", country="CN"
    )
    services.update_shipment(actor=actor, shipment_id=demo_shipment.pk, parties={"seller": bare.pk})
    data = selectors.pack_data(shipment_snapshot(Shipment.objects.get(pk=demo_shipment.pk)))
    spec = CommercialInvoice()
    stamp = Stamp("PREVIEW", "http://testserver/v/PREVIEW/", 0, "Test Org", "")
    (pdf,) = spec.render(data, StampBook(lambda: stamp).for_kind(spec.kind))

    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)

    assert "Chongqing (CN)" in text
    assert ", Chongqing" not in text
