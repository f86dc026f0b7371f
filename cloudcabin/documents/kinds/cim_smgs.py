"""The CIM/SMGS rail consignment note, or the plain SMGS note when the route stays in SMGS.

The box catalogue (numbers, labels in Russian/English/German/Chinese, verified or not),
the railway-law membership of countries, the station codes and the names of attached
documents are data files in ``documents/data_files`` that an operator can correct;
see SOURCES.md there. Label languages (trade-documents.md §3a): Russian plus English
(German for German-speaking destinations) on the CIM/SMGS note, Russian alone on the
SMGS note, and Chinese beside them whenever the route touches China.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from cloudcabin.documents.data import PackData, Place
from cloudcabin.documents.kinds.base import (
    Facts,
    Rendered,
    Stamps,
    party_json,
    pdf,
    render_typst,
    stamp_json,
)
from cloudcabin.documents.models import DocumentKind
from cloudcabin.errors import Problem
from cloudcabin.numbers import mass

DATA_DIR = Path(__file__).resolve().parent.parent / "data_files"
RAIL_ROUTES = frozenset({"rail", "sea_rail", "rail_road"})
GERMAN_SPEAKING = frozenset({"DE", "AT", "CH", "LI", "LU"})

TITLES = {
    "cim_smgs": {
        "ru": "Накладная ЦИМ/СМГС",
        "en": "CIM/SMGS consignment note",
        "de": "Frachtbrief CIM/SMGS",
        "zh": "国际货约/国际货协运单",
    },
    "smgs": {
        "ru": "Накладная СМГС",
        "en": "SMGS consignment note",
        "de": "Frachtbrief SMGS",
        "zh": "国际货协运单",
    },
}


@dataclass(frozen=True)
class Box:
    number: int
    key: str
    labels: dict[str, str]  # language → label
    source_field: str
    status: str  # "verified" / "unverified": the box number and content, per §3a
    label_status: str  # the same for the wording of the labels


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


@cache
def box_catalogue() -> tuple[Box, ...]:
    return tuple(
        Box(
            number=int(row["box"]),
            key=row["key"],
            labels={lang: row[f"label_{lang}"] for lang in ("ru", "en", "de", "zh")},
            source_field=row["source_field"],
            status=row["status"],
            label_status=row["label_status"],
        )
        for row in _rows("cim_smgs_boxes.csv")
    )


@cache
def attachment_labels() -> dict[str, dict[str, str]]:
    """Document kind → its name per language, in the order box 24 lists them."""
    return {
        row["kind"]: {lang: row[f"label_{lang}"] for lang in ("ru", "en", "de", "zh")}
        for row in _rows("cim_smgs_attachments.csv")
    }


@cache
def railway_law() -> dict[str, tuple[bool, bool]]:
    """Country → (applies SMGS, applies CIM)."""
    return {
        row["country"]: (row["smgs"] == "yes", row["cim"] == "yes")
        for row in _rows("railway_law_countries.csv")
    }


@cache
def rail_stations() -> dict[str, dict[str, str]]:
    """UN/LOCODE → place name as printed, railway, tariff station and its code, where known."""
    return {row["locode"]: row for row in _rows("rail_stations.csv")}


def is_smgs_only(data: PackData) -> bool:
    """Every country on the route applies SMGS and the destination does not apply CIM."""
    law = railway_law()
    countries = data.routing_countries
    if not countries or data.destination is None:
        return False
    everywhere_smgs = all(law.get(country, (False, False))[0] for country in countries)
    # An unknown destination counts as CIM: the joint note is the safe default.
    return everywhere_smgs and not law.get(data.destination.country, (False, True))[1]


def label_languages(data: PackData) -> tuple[str, ...]:
    if is_smgs_only(data):
        languages: tuple[str, ...] = ("ru",)
    else:
        destination = data.destination.country if data.destination else ""
        languages = ("ru", "de" if destination in GERMAN_SPEAKING else "en")
    return (*languages, "zh") if "CN" in data.routing_countries else languages


def attached_kinds(data: PackData) -> tuple[str, ...]:
    """The other documents of this pack that travel with the note (box 24).

    Decided by the same ``applies()`` the pack uses, so the list cannot drift from it.
    """
    from cloudcabin.documents.kinds import KINDS  # the registry imports this module

    present = {
        spec.kind for spec in KINDS if spec.kind != DocumentKind.CIM_SMGS and spec.applies(data)
    }
    return tuple(kind for kind in attachment_labels() if kind in present)


def _station(place: Place | None, data: PackData) -> dict[str, str]:
    if place is None:
        keys = ("name", "locode", "country", "country_name", "railway", "station", "code")
        return dict.fromkeys(keys, "")
    known = rail_stations().get(place.locode, {})
    return {
        "name": known.get("place_name") or place.name,
        "locode": place.locode,
        "country": place.country,
        "country_name": _country(place.country, data),
        "railway": known.get("railway", ""),
        "station": known.get("station_name", ""),
        "code": known.get("station_code", ""),
    }


def _country(code: str, data: PackData) -> str:
    english, chinese = data.lookups.country_names.get(code, (code, ""))
    return f"{english} {chinese}".strip()


def _labels(languages: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    return {
        box.key: {
            "number": str(box.number),
            "labels": [box.labels[lang] for lang in languages if box.labels.get(lang)],
        }
        for box in box_catalogue()
    }


def _party_name(data: PackData, role: str) -> str:
    party = data.parties.get(role)
    return party.name_latin if party else ""


class CimSmgsNote:
    kind = DocumentKind.CIM_SMGS.value
    formats: tuple[str, ...] = ("pdf",)

    def applies(self, data: PackData) -> bool:
        return data.header.get("route_kind") in RAIL_ROUTES

    def facts(self, data: PackData) -> Facts:
        return Facts(
            kind=self.kind,
            consignor=_party_name(data, "consignor"),
            consignee=_party_name(data, "consignee"),
            gross_kg=data.total_gross_kg,
            packages=data.total_packages,
            bill_no=data.header.get("consignment_note_number") or "",
            crossings=tuple(place.locode for place in data.crossings),
            attached=attached_kinds(data),
            hs_codes=tuple(line.hs_code for line in data.lines),
        )

    def payload(self, data: PackData) -> dict[str, Any]:
        """What the note prints, before the stamp; the tests read it too."""
        languages = label_languages(data)
        variant = "smgs" if is_smgs_only(data) else "cim_smgs"
        in_container: dict[int, list[str]] = {}
        for load in data.containers:
            for line_no, _ in load.lines:
                in_container.setdefault(line_no, []).append(load.number)
        tare = sum(
            (load.tare_kg for load in data.containers if load.tare_kg is not None), Decimal(0)
        )
        attached = attachment_labels()
        header = data.header
        return {
            "variant": variant,
            "title": [TITLES[variant][lang] for lang in languages],
            "languages": list(languages),
            "boxes": _labels(languages),
            "reference": header["reference"],
            "consignment_no": header.get("consignment_note_number") or "",
            "contract_number": header.get("contract_number") or "",
            "invoice_number": header.get("invoice_number") or "",
            "consignor": party_json(data.parties.get("consignor")),
            "consignee": party_json(data.parties.get("consignee")),
            "departure": _station(data.loading or data.origin, data),
            "destination": _station(data.destination, data),
            "crossings": [_station(place, data) for place in data.crossings],
            "containers": [
                {
                    "number": load.number,
                    "size_type": load.size_type,
                    "tare_kg": load.tare_kg if load.tare_kg is not None else "",
                    "seals": ", ".join(load.seals),
                    "packages": load.packages,
                    "net_kg": load.net_kg,
                    "gross_kg": load.gross_kg,
                }
                for load in data.containers
            ],
            "lines": [
                {
                    "line_no": line.line_no,
                    "description": line.description_en,
                    "description_zh": line.description_zh if "zh" in languages else "",
                    "hs_code": line.hs_code,
                    "package_type": line.package_type,
                    "package_name": data.lookups.customs_names.get(
                        ("packaging_type", line.package_type), ""
                    ),
                    "packages": line.packages,
                    "net_kg": line.net_kg,
                    "gross_kg": line.gross_kg,
                    "containers": ", ".join(in_container.get(line.line_no, [])),
                    "marks": line.marks,
                }
                for line in data.lines
            ],
            "total_packages": data.total_packages,
            "total_net_kg": data.total_net_kg,
            "total_gross_kg": data.total_gross_kg,
            "containers_tare_kg": mass(tare),
            "gross_with_containers_kg": mass(data.total_gross_kg + tare),
            "attached": [
                {
                    "kind": kind,
                    "label": " / ".join(
                        attached[kind][lang] for lang in languages if attached[kind].get(lang)
                    ),
                }
                for kind in attached_kinds(data)
            ],
        }

    def findings(self, data: PackData) -> list[Problem]:
        return []

    def render(self, data: PackData, stamps: Stamps) -> list[Rendered]:
        payload = self.payload(data) | {"stamp": stamp_json(stamps["pdf"])}
        content = render_typst("cim_smgs", payload)
        return [pdf(self.kind, f"{data.header['reference']}-cim-smgs.pdf", content)]
