"""The CIM/SMGS note's layout: no text leaves its box, whatever the shipment's names.

The template reports, for every box, the width it has and the width of the widest word it
prints (labels and values; see ``typst/cim_smgs.typ``). Typst wraps text at spaces and
between Chinese characters, so a box whose widest word fits cannot spill over its border.
"""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import typst

from cloudcabin.documents import selectors
from cloudcabin.documents.data import PackData, Party, Place
from cloudcabin.documents.kinds import cim_smgs
from cloudcabin.documents.kinds.base import TYPST_DIR, Stamp, plain, stamp_json
from cloudcabin.documents.kinds.cim_smgs import CimSmgsNote
from cloudcabin.documents.typst_compile import FONT_DIRS
from cloudcabin.shipments.models import Shipment
from cloudcabin.shipments.snapshot import shipment_snapshot

NOTE = CimSmgsNote()
STAMP = Stamp("ABCDEFGH23", "https://cloudcabin.example/v/ABCDEFGH23", 1, "Issuer", "")
# Set CIM_SMGS_PNG_DIR to a folder to keep the pages as images for a look in review.
PNG_DIR = os.environ.get("CIM_SMGS_PNG_DIR", "")


@pytest.fixture
def data(demo_shipment: Shipment) -> PackData:
    return selectors.pack_data(shipment_snapshot(demo_shipment))


def _inputs(data: PackData) -> dict[str, Any]:
    # check_fit: the template reports each box's widths (documents leave it out: it is slow).
    payload = NOTE.payload(data) | {"stamp": stamp_json(STAMP), "check_fit": True}
    return {
        "input": str(TYPST_DIR / "cim_smgs.typ"),
        "root": str(TYPST_DIR),
        "sys_inputs": {"data": json.dumps(plain(payload), ensure_ascii=False)},
        "font_paths": FONT_DIRS,
    }


def _fits(data: PackData, name: str) -> list[dict[str, Any]]:
    inputs = _inputs(data)
    if PNG_DIR:
        pages = typst.compile(**inputs, format="png", ppi=110)
        for number, page in enumerate(pages if isinstance(pages, list) else [pages], 1):
            Path(PNG_DIR, f"{name}-{number}.png").write_bytes(page)
    reports: list[dict[str, Any]] = json.loads(
        typst.query(**inputs, selector="<fit>", field="value")
    )
    assert reports, "the template reports no boxes"
    return reports


def _overflowing(reports: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r for r in reports if r["needed"] > r["available"] + 0.01]


def _long_names(data: PackData) -> PackData:
    def party(role: str, name: str) -> Party | None:
        found = data.parties[role]
        assert found is not None
        return replace(found, name_latin=name, address_latin=name)

    long = "Internationale-Eisenbahnspeditionsgesellschaft Zentraleuropa-Zentralasien "
    lines = [
        replace(line, description_en=(line.description_en + " ") * 6, marks="SRTDUI" * 8)
        for line in data.lines
    ]
    containers = [replace(c, seals=["CN2026001"] * 9) for c in data.containers]
    return replace(
        data,
        parties=data.parties
        | {
            "consignor": party("consignor", long * 3 + "西安丝路贸易有限公司" * 4),
            "consignee": party("consignee", "Łódź" + "Żeglarska" * 12),
        },
        lines=lines,
        containers=containers,
        header=data.header | {"contract_number": "CONTRACT" * 9},
    )


def test_every_box_of_the_demo_note_holds_its_text(data: PackData) -> None:
    reports = _fits(data, "demo")
    assert {"consignor", "departure", "crossings", "load_capacity", "axles", "goods"} <= {
        r["key"] for r in reports
    }
    assert _overflowing(reports) == [], json.dumps(_overflowing(reports))


def test_the_smgs_note_holds_its_text_too(data: PackData) -> None:
    inside = replace(
        data,
        destination=Place("KZALA", "Almaty", "KZ"),
        crossings=[data.crossings[0]],
        routing_countries=["CN", "KZ"],
    )
    assert cim_smgs.variant_of(inside) == "smgs"
    assert _overflowing(_fits(inside, "smgs")) == []


def test_the_german_labelled_note_to_duisburg_holds_its_text(data: PackData) -> None:
    names = {"CNAKL": "Alashankou", "KZDOS": "Dostyk", "BYBQT": "Brest", "PLMAA": "Małaszewicze"}
    to_duisburg = replace(
        data,
        destination=Place("DEDUI", "Duisburg", "DE"),
        crossings=[Place(code, name, code[:2]) for code, name in names.items()],
        routing_countries=["CN", "KZ", "BY", "PL", "DE"],
        header=data.header | {"consignment_note_number": "70268"},
    )
    assert cim_smgs.label_languages(to_duisburg) == ("ru", "de", "zh")
    assert _overflowing(_fits(to_duisburg, "duisburg")) == []


def test_long_names_and_descriptions_wrap_inside_their_boxes(data: PackData) -> None:
    assert _overflowing(_fits(_long_names(data), "long")) == []


def test_the_box_check_catches_a_word_wider_than_its_box(
    data: PackData, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The old 9/10 overlap: one unbreakable label word wider than its column.
    boxes = cim_smgs.boxes_of("cim_smgs")
    wide = replace(boxes["axles"], labels=boxes["axles"].labels | {"ru": "Грузоподъемность" * 3})
    monkeypatch.setattr(cim_smgs, "boxes_of", lambda variant: boxes | {"axles": wide})
    spilled = _overflowing(_fits(data, "spilled"))
    assert [r["key"] for r in spilled] == ["axles"]
