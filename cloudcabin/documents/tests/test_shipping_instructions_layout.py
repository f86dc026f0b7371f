"""The shipping instructions' layout: no text leaves its box, whatever the shipment's names.

The template reports, for every box and table cell, the width it has and the width of the
widest word it prints (see ``typst/shipping_instructions.typ``), as the rail note does.
"""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import typst

from cloudcabin.documents.data import PackData
from cloudcabin.documents.kinds.base import TYPST_DIR, Stamp, plain, stamp_json
from cloudcabin.documents.kinds.shipping_instructions import ShippingInstructions
from cloudcabin.documents.tests.test_sea_rail import data, demo  # noqa: F401 (fixtures)
from cloudcabin.documents.typst_compile import fonts

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]

STAMP = Stamp("ABCDEFGH23", "https://cloudcabin.example/v/ABCDEFGH23", 1, "Issuer", "")
# Set SI_PNG_DIR to a folder to keep the pages as images for a look in review.
PNG_DIR = os.environ.get("SI_PNG_DIR", "")


def _reports(data: PackData, name: str) -> list[dict[str, Any]]:  # noqa: F811
    payload = ShippingInstructions().payload(data) | {"stamp": stamp_json(STAMP), "check_fit": True}
    inputs: dict[str, Any] = {
        "input": str(TYPST_DIR / "shipping_instructions.typ"),
        "root": str(TYPST_DIR),
        "sys_inputs": {"data": json.dumps(plain(payload), ensure_ascii=False)},
        "font_paths": fonts(),
    }
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


def _long(data: PackData) -> PackData:  # noqa: F811
    name = "Internationale-Eisenbahnspeditionsgesellschaft Zentraleuropa-Südostasien "
    parties = {
        role: replace(party, name_latin=name * 2, address_latin=name * 3) if party else None
        for role, party in data.parties.items()
    }
    lines = [
        replace(line, marks="LCESIN" * 12, description_en=(line.description_en + " ") * 6)
        for line in data.lines
    ]
    containers = [
        replace(load, number=f"CQSU30031{index:02d}", seals=["SEAL" * 10] * 4)
        for index, load in enumerate(data.containers * 14)
    ]
    return replace(data, parties=parties, lines=lines, containers=containers)


def test_every_box_of_the_demo_shipping_instructions_holds_its_text(data: PackData) -> None:  # noqa: F811
    reports = _reports(data, "demo")

    assert {r["key"] for r in reports} >= {"shipper", "loading", "discharge", "description"}
    assert _overflowing(reports) == []


def test_long_names_marks_seals_and_many_containers_still_stay_in_their_boxes(
    data: PackData,  # noqa: F811
) -> None:
    assert _overflowing(_reports(_long(data), "long")) == []
