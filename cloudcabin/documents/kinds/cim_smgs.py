"""The CIM/SMGS rail consignment note, or the plain SMGS note when the route stays in SMGS.

The box catalogue (per variant: GLV-CIM/SMGS numbers on the common note, SMGS numbers on
the SMGS note; labels in Russian/English/German/Chinese; verified or not) and the names of
attached documents are the form's layout, files in ``documents/layouts`` (see SOURCES.md
there). The railway law of each country, its UIC code (box 62) and the station serving
each place are ``reference`` code lists an operator keeps in the admin. Label languages
(trade-documents.md §3a): Russian plus English (German for German-speaking destinations)
on the CIM/SMGS note, Russian alone on the SMGS note, and Chinese beside them whenever the
route touches China.

On a route that also goes by sea the note covers the rail part only (``PackData.rail_part``):
Chongqing → Qinzhou port on Chongqing → Qinzhou → (sea) Singapore; the sea leg travels on
a bill of lading made from the shipping instructions.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

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
from cloudcabin.errors import Problem, problem
from cloudcabin.numbers import mass

LAYOUTS_DIR = Path(__file__).resolve().parent.parent / "layouts"
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
    variant: str  # "cim_smgs" (GLV-CIM/SMGS numbering) or "smgs" (SMGS numbering)
    number: int | None  # None: the item is on the form, its number is not in our sources
    key: str
    labels: dict[str, str]  # language → label
    source_field: str
    status: str  # "verified" / "unverified": the box number and content
    label_status: str  # the same for the wording of the labels
    source: str


def _rows(name: str) -> list[dict[str, str]]:
    with (LAYOUTS_DIR / name).open(encoding="utf-8", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


@cache
def box_catalogue() -> tuple[Box, ...]:
    return tuple(
        Box(
            variant=row["variant"],
            number=int(row["box"]) if row["box"] else None,
            key=row["key"],
            labels={lang: row[f"label_{lang}"] for lang in ("ru", "en", "de", "zh")},
            source_field=row["source_field"],
            status=row["status"],
            label_status=row["label_status"],
            source=row["source"],
        )
        for row in _rows("cim_smgs_boxes.csv")
    )


def boxes_of(variant: str) -> dict[str, Box]:
    """The boxes of one variant of the note, by key."""
    return {box.key: box for box in box_catalogue() if box.variant == variant}


@cache
def attachment_labels() -> dict[str, dict[str, str]]:
    """Document kind → its name per language, in the order box 24 lists them."""
    return {
        row["kind"]: {lang: row[f"label_{lang}"] for lang in ("ru", "en", "de", "zh")}
        for row in _rows("cim_smgs_attachments.csv")
    }


def luhn_check_digit(digits: str) -> int:
    """The check digit of a consignment number, per CIT (filing-notes.md §a).

    The digits are multiplied alternately by 2 and 1 from the left, the digits of the
    products added up, and the check digit is what brings the sum to the next multiple
    of 10: 70268 → 14, 0, 4, 6, 16 → 22 → 8.
    """
    if not digits.isdigit():
        raise ValueError(f"{digits!r} is not a string of digits")
    total = sum(
        sum(int(d) for d in str(int(digit) * (2 if index % 2 == 0 else 1)))
        for index, digit in enumerate(digits)
    )
    return -total % 10


def consignment_number_ok(number: str) -> bool:
    """Box 62 takes a consignment number of exactly five digits (the check digit is ours)."""
    return len(number) == 5 and number.isascii() and number.isdigit()


def rail_countries(data: PackData) -> list[str]:
    """The countries the note's carriage crosses: the rail part's on a route by sea."""
    return data.rail_part.countries if data.rail_part else data.routing_countries


def is_smgs_only(data: PackData) -> bool:
    """Every country of the carriage applies SMGS and the destination does not apply CIM."""
    law = data.lookups.code_lists.railway_law
    countries = rail_countries(data)
    end, _field = destination(data)
    if not countries or end is None:
        return False
    everywhere_smgs = all(country in law and law[country].smgs for country in countries)
    # An unknown destination counts as CIM: the joint note is the safe default.
    return everywhere_smgs and end.country in law and not law[end.country].cim


def label_languages(data: PackData) -> tuple[str, ...]:
    if is_smgs_only(data):
        languages: tuple[str, ...] = ("ru",)
    else:
        end, _field = destination(data)
        languages = ("ru", "de" if end and end.country in GERMAN_SPEAKING else "en")
    return (*languages, "zh") if "CN" in rail_countries(data) else languages


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
        return dict.fromkeys((*keys, "code_system"), "")
    known = data.lookups.code_lists.rail_stations.get(place.locode)
    return {
        "name": (known.place_name if known else "") or place.name,
        "locode": place.locode,
        "country": place.country,
        "country_name": _country(place.country, data),
        "railway": known.railway if known else "",
        "station": known.station_name if known else "",
        "code": known.station_code if known else "",
        "code_system": known.code_system if known else "",
    }


def _country(code: str, data: PackData) -> str:
    english, chinese = data.lookups.country_names.get(code, (code, ""))
    return f"{english} {chinese}".strip()


def _labels(variant: str, languages: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    return {
        key: {
            "number": str(box.number) if box.number is not None else "",
            "labels": [box.labels[lang] for lang in languages if box.labels.get(lang)],
        }
        for key, box in boxes_of(variant).items()
    }


def _party_name(data: PackData, role: str) -> str:
    party = data.parties.get(role)
    return party.name_latin if party else ""


def variant_of(data: PackData) -> str:
    return "smgs" if is_smgs_only(data) else "cim_smgs"


def departure(data: PackData) -> tuple[Place | None, str]:
    """The station of departure and the shipment field it comes from."""
    if data.rail_part is not None:
        return data.rail_part.start, "route_option"
    if data.loading is not None:
        return data.loading, "loading_locode"
    return data.origin, "origin_locode"


def destination(data: PackData) -> tuple[Place | None, str]:
    """The station of destination (the rail part's last on a route by sea) and its field."""
    if data.rail_part is not None:
        return data.rail_part.end, "route_option"
    return data.destination, "destination_locode"


def stations(data: PackData) -> list[tuple[str, str, Place]]:
    """Every station the note names with its code: (box key, shipment field, place)."""
    start, start_field = departure(data)
    end, end_field = destination(data)
    named = [("departure", start_field, start), ("destination", end_field, end)]
    route = [place.locode for place in data.crossings]
    named += [
        ("crossings", f"border_crossings[{route.index(p.locode)}]", p) for p in data.rail_crossings
    ]
    return [(key, path, place) for key, path, place in named if place is not None]


def _uic_code(country: str, data: PackData) -> str:
    law = data.lookups.code_lists.railway_law.get(country)
    return law.uic_code if law else ""


def consignment_identifier(data: PackData) -> dict[str, str]:
    """Box 62 as far as the shipment knows it: UIC country, station, carrier, number, check.

    The carrier code at departure is not on the shipment: left for the carrier.
    """
    start, _field = departure(data)
    number = (data.header.get("consignment_note_number") or "").strip()
    ok = consignment_number_ok(number)
    return {
        "country": _uic_code(start.country, data) if start else "",
        "station": _station(start, data)["code"],
        "carrier": "",
        "number": number if ok else "",
        "check_digit": str(luhn_check_digit(number)) if ok else "",
    }


class CimSmgsNote:
    kind = DocumentKind.CIM_SMGS.value
    formats: tuple[str, ...] = ("pdf",)

    def applies(self, data: PackData) -> bool:
        """Whether the route has a rail leg (the route kind says so without a route)."""
        if data.has_route:
            return "rail" in data.transport_modes
        return data.header.get("route_kind") in RAIL_ROUTES

    def facts(self, data: PackData) -> Facts:
        return Facts(
            kind=self.kind,
            consignor=_party_name(data, "consignor"),
            consignee=_party_name(data, "consignee"),
            gross_kg=data.total_gross_kg,
            packages=data.total_packages,
            bill_no=data.header.get("consignment_note_number") or "",
            crossings=tuple(place.locode for place in data.rail_crossings),
            attached=attached_kinds(data),
            hs_codes=tuple(line.hs_code for line in data.lines),
        )

    def payload(self, data: PackData) -> dict[str, Any]:
        """What the note prints, before the stamp; the tests read it too."""
        languages = label_languages(data)
        variant = variant_of(data)
        tare = _containers_tare(data)
        header = data.header
        start, _field = departure(data)
        return {
            "variant": variant,
            "title": [TITLES[variant][lang] for lang in languages],
            "languages": list(languages),
            "boxes": _labels(variant, languages),
            "reference": header["reference"],
            "consignment_no": header.get("consignment_note_number") or "",
            "consignment_id": consignment_identifier(data) if variant == "cim_smgs" else None,
            "contract_number": header.get("contract_number") or "",
            "invoice_number": header.get("invoice_number") or "",
            "consignor": party_json(data.parties.get("consignor")),
            "consignee": party_json(data.parties.get("consignee")),
            "departure": _station(start, data),
            "destination": _station(destination(data)[0], data),
            "crossings": [_station(place, data) for place in data.rail_crossings],
            "containers": _container_rows(data),
            "lines": _line_rows(data, languages),
            "total_packages": data.total_packages,
            "total_net_kg": data.total_net_kg,
            "total_gross_kg": data.total_gross_kg,
            "containers_tare_kg": mass(tare) if tare is not None else "",
            "gross_with_containers_kg": (
                mass(data.total_gross_kg + tare) if tare is not None else ""
            ),
            "attached": _attached_rows(data, languages),
        }

    def findings(self, data: PackData) -> list[Problem]:
        variant = variant_of(data)
        boxes = boxes_of(variant)
        found: list[Problem] = []
        for key, path, place in stations(data):
            station = _station(place, data)
            if not station["code"]:
                # A warning: no source we hold has the freight-station codes of the inland
                # hubs (Xi'an International Port, Duisburg's terminals); the departure
                # railway enters the code on acceptance, and the name is not in doubt.
                found.append(
                    problem(
                        "CIM_SMGS_STATION_CODE_MISSING",
                        path=path,
                        box=_box_name(boxes[key]),
                        station=station["name"],
                        locode=station["locode"],
                    )
                )
        for crossing in data.border_crossings:
            if crossing.exit is None and crossing.entry is None and not crossing.by_sea:
                found.append(
                    problem(
                        "CIM_SMGS_CROSSING_UNNAMED",
                        path="border_crossings",
                        box=_box_name(boxes["crossings"]),
                        from_country=crossing.from_country,
                        to_country=crossing.to_country,
                    )
                )
        for index, load in enumerate(data.containers):
            if load.tare_kg is None:
                found.append(
                    problem(
                        "CIM_SMGS_TARE_MISSING",
                        path=f"containers[{index}].tare_kg",
                        number=load.number,
                        box=_box_name(boxes["goods"]),
                    )
                )
        number = (data.header.get("consignment_note_number") or "").strip()
        if variant == "cim_smgs" and number and not consignment_number_ok(number):
            found.append(
                problem(
                    "CIM_SMGS_CONSIGNMENT_NUMBER",
                    path="consignment_note_number",
                    value=number,
                    box=_box_name(boxes["consignment_id"]),
                )
            )
        return found

    def render(self, data: PackData, stamps: Stamps) -> list[Rendered]:
        payload = self.payload(data) | {"stamp": stamp_json(stamps["pdf"])}
        content = render_typst("cim_smgs", payload)
        return [pdf(self.kind, f"{data.header['reference']}-cim-smgs.pdf", content)]


def _box_name(box: Box) -> str:
    """How a finding names a box: its number when known, and its label in the UI language."""
    language = "zh" if (get_language() or "").startswith("zh") else "en"
    label = box.labels[language] or box.labels["en"]
    if box.number is None:
        return str(_("Box “{label}”")).format(label=label)
    return str(_("Box {number} “{label}”")).format(number=box.number, label=label)


def _containers_tare(data: PackData) -> Decimal | None:
    """The containers' tare together; None when one is unknown (a finding), and the
    totals with containers are not printed then."""
    known = [load.tare_kg for load in data.containers if load.tare_kg is not None]
    return sum(known, Decimal(0)) if len(known) == len(data.containers) else None


def _container_rows(data: PackData) -> list[dict[str, Any]]:
    return [
        {
            "number": load.number,
            "size_type": load.size_type,
            "tare_kg": mass(load.tare_kg) if load.tare_kg is not None else "",
            "seals": ", ".join(load.seals),
            "packages": load.packages,
            "net_kg": load.net_kg,
            "gross_kg": load.gross_kg,
        }
        for load in data.containers
    ]


def _line_rows(data: PackData, languages: Sequence[str]) -> list[dict[str, Any]]:
    in_container = data.containers_of_lines()
    return [
        {
            "line_no": line.line_no,
            "description": line.description_en,
            "description_zh": line.description_zh if "zh" in languages else "",
            # The HS code, labelled HS: GNG/ETSNG codes are not in our data.
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
    ]


def _attached_rows(data: PackData, languages: Sequence[str]) -> list[dict[str, str]]:
    attached = attachment_labels()
    return [
        {
            "kind": kind,
            "label": " / ".join(
                attached[kind][lang] for lang in languages if attached[kind].get(lang)
            ),
        }
        for kind in attached_kinds(data)
    ]
