"""A goods line split over containers: each container's part of its numbered marks."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from cloudcabin.documents import selectors
from cloudcabin.documents.data import PackData
from cloudcabin.documents.kinds.base import Stamp, StampBook
from cloudcabin.documents.kinds.commercial import PackingList
from cloudcabin.shipments.models import Shipment
from cloudcabin.shipments.snapshot import shipment_snapshot

STAMP = Stamp("ABCDEFGH23", "https://cloudcabin.example/v/ABCDEFGH23", 1, "Issuer", "")
PACKING_LIST = PackingList()

pytestmark = pytest.mark.django_db


def _data(shipment: Shipment) -> PackData:
    return selectors.pack_data(shipment_snapshot(shipment))


def _text(data: PackData) -> str:
    [rendered] = PACKING_LIST.render(data, StampBook(lambda: STAMP).for_kind(PACKING_LIST.kind))
    reader = PdfReader(io.BytesIO(rendered.content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _marks_by_container(data: PackData) -> list[list[tuple[int, str]]]:
    return [[(stowed.line_no, stowed.marks) for stowed in load.lines] for load in data.containers]


def test_a_split_line_s_numbered_marks_are_shared_between_its_containers(
    demo_shipment: Shipment,
) -> None:
    # Line 1, SRT/DUI/1-20, has 14 packages in the first container and 6 in the second.
    data = _data(demo_shipment)

    assert _marks_by_container(data) == [
        [(1, "SRT/DUI/1-14")],
        [(1, "SRT/DUI/15-20"), (2, "SRT/DUI/21-38")],
    ]
    assert [line.marks for line in data.lines] == ["SRT/DUI/1-20", "SRT/DUI/21-38"]


def test_the_packing_list_prints_each_container_s_part_and_the_whole_range_once(
    demo_shipment: Shipment,
) -> None:
    text = _text(_data(demo_shipment))

    first, second = text.index("CSQU3054383"), text.index("TGHU1234567")
    everything = text.index("All lines")
    assert first < text.index("SRT/DUI/1-14") < second
    assert second < text.index("SRT/DUI/15-20") < everything
    # the whole range only in the table of all lines
    assert text.count("SRT/DUI/1-20") == 1 and text.index("SRT/DUI/1-20") > everything


def test_marks_that_are_not_a_numbered_range_are_printed_whole_under_each_container(
    demo_shipment: Shipment,
) -> None:
    line = demo_shipment.lines.get(line_no=1)
    line.marks = "SILK ROAD LODZ"
    line.save(update_fields=["marks"])
    data = _data(demo_shipment)

    assert _marks_by_container(data)[0] == [(1, "SILK ROAD LODZ")]
    assert _marks_by_container(data)[1][0] == (1, "SILK ROAD LODZ")
    assert _text(data).count("SILK ROAD LODZ") == 3
