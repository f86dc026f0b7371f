"""Reads for documents: reference lookups for a snapshot, packs, files, verification."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.http import Http404

from cloudcabin.bookings.selectors import on_train_bookings
from cloudcabin.documents.checks import check_pack
from cloudcabin.documents.data import BookedDeparture, Lookups, PackData, Place
from cloudcabin.documents.declaration.lookups import customs_names, filing_lookups
from cloudcabin.documents.declaration.record import DeclarationRecord
from cloudcabin.documents.derive import build_pack_data
from cloudcabin.documents.kinds import KINDS
from cloudcabin.documents.models import DocumentPack, IssuedFile
from cloudcabin.documents.origin.services import origin_data_for
from cloudcabin.errors import Problem, Severity
from cloudcabin.network.models import Node
from cloudcabin.reference.selectors import code_lists, code_tables, locations_named
from cloudcabin.shipments.checks.context import ShipmentView
from cloudcabin.shipments.holds import holds_on
from cloudcabin.shipments.models import GoodsLine, Shipment
from cloudcabin.shipments.selectors import check_shipment
from cloudcabin.shipments.snapshot import shipment_snapshot


def lookups_for(snapshot: dict[str, Any]) -> Lookups:
    """The reference answers a snapshot's documents need, in a handful of queries."""
    header = snapshot["shipment"]
    locodes = {
        code
        for code in (
            header.get("origin_locode"),
            header.get("destination_locode"),
            header.get("loading_locode"),
            header.get("incoterm_place_locode"),
            *(header.get("border_crossings") or []),
        )
        if code
    }
    lines = snapshot["lines"]
    places = {
        locode: Place(locode=locode, name=name, country=country)
        for locode, (name, country) in locations_named(locodes).items()
    }
    # One spelling per place: a place on our network is written as the network writes it
    # (UN/LOCODE's list has "Xian" and "Lodz"; the network Xi'an and Łódź, with Chinese).
    on_network = {
        locode: Place(locode=locode, name=name, country=country, name_zh=name_zh)
        for locode, name, country, name_zh in Node.objects.filter(locode__in=locodes).values_list(
            "locode", "name", "country", "name_zh"
        )
    }
    places |= on_network
    units: dict[str, str] = {}
    unit_names: dict[str, str] = {}
    rec20_names: dict[str, tuple[str, str]] = {}
    # Several customs units map to one Rec. 20 code (个/只/件 → H87): the lowest code wins.
    tables = code_tables()
    for code, rec20, name, name_en in tables.unit_rows:
        unit_names[code] = name
        if rec20:
            units.setdefault(rec20, code)
            rec20_names.setdefault(rec20, (name, name_en))
    return Lookups(
        places=places,
        country_alpha3=tables.country_alpha3,
        country_names=tables.countries,
        customs_unit_for_rec20=units,
        customs_unit_names=unit_names,
        unit_names=rec20_names,
        customs_names=customs_names(),
        filing=filing_lookups(
            locodes=locodes,
            national_codes={str(line.get("national_code") or "") for line in lines},
            place_names_zh={locode: place.name_zh for locode, place in on_network.items()},
        ),
        code_lists=code_lists(),
    )


def booked_departure(shipment_id: int) -> BookedDeparture | None:
    """The first confirmed (or departed) booking's departure (box 4 of Form RCEP, the
    ENS's arrival), from the shipment's bookings on a train (read once a page)."""
    booking = min(
        on_train_bookings(shipment_id),
        key=lambda booking: (booking.departure.departs_at, booking.pk),
        default=None,
    )
    if booking is None:
        return None
    departs_at, service = booking.departure.departs_at, booking.departure.service
    return BookedDeparture(
        departs_at=departs_at,
        local_date=departs_at.astimezone(ZoneInfo(service.timezone)).date(),
        train=f"{service.code} {service.name}".strip(),
        transit_days=int(service.transit_days),
    )


def pack_data(snapshot: dict[str, Any]) -> PackData:
    # Origin data and bookings are entered beside the shipment, not in its snapshot; they
    # are read at render time and, once issued, fixed in the files whose hashes are kept.
    shipment_id = int(snapshot["shipment"]["id"])
    return replace(
        build_pack_data(snapshot, lookups_for(snapshot)),
        origin_data=origin_data_for(shipment_id),
        departure=booked_departure(shipment_id),
    )


def packs_of(shipment: Shipment) -> QuerySet[DocumentPack]:
    return (
        DocumentPack.objects.filter(shipment=shipment)
        .select_related("issued_by", "revision")
        .prefetch_related("files")
    )


def pack(shipment: Shipment, version: int) -> DocumentPack:
    found = packs_of(shipment).filter(version=version).first()
    if found is None:
        raise Http404
    return found


def issued_file(pack: DocumentPack, kind: str, file_format: str, part: int = 1) -> IssuedFile:
    found = pack.files.filter(kind=kind, format=file_format, part=part).first()
    if found is None:
        raise Http404
    return found


def file_by_code(short_code: str) -> IssuedFile:
    """The public verification lookup: the file with this code, whatever its organization."""
    found = (
        IssuedFile.objects.select_related("pack", "pack__organization")
        .filter(short_code=short_code.strip().upper())
        .first()
    )
    if found is None:
        raise Http404
    return found


def pack_zip(pack: DocumentPack) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for issued in pack.files.all():
            with issued.file.open("rb") as handle:
                archive.writestr(issued.file.name.rsplit("/", 1)[-1], handle.read())
    return buffer.getvalue()


@dataclass(frozen=True)
class PackFindings:
    """The shipment's rule findings and the pack's document findings: "ready" in one place."""

    rules: list[Problem]
    documents: list[Problem]
    # what domains above shipments hold it for (compliance: a party, the goods on the route)
    holds: list[Problem] = field(default_factory=list)

    @property
    def all(self) -> list[Problem]:
        return self.rules + self.documents + self.holds

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.all if p.severity == Severity.ERROR]

    @property
    def error_count(self) -> int:
        return len(self.errors)

    @property
    def warning_count(self) -> int:
        return len(self.all) - self.error_count


def findings_for(
    shipment: Shipment,
    data: PackData,
    *,
    rules: list[Problem] | None = None,
    lines: Sequence[GoodsLine] | None = None,
) -> PackFindings:
    """Everything that would stop (or be noted on) an issue of ``data`` now.

    The shipment rules, the cross-document checks (each kind's ``Facts``) and each
    kind's own findings (the declaration's filing rules). Issue refuses exactly the
    errors listed here before it renders anything. ``lines``: the shipment's goods lines
    as the caller has just read them, for the holds not to read them again.
    """
    specs = [spec for spec in KINDS if spec.applies(data)]
    documents = check_pack([spec.facts(data) for spec in specs], data)
    documents += [found for spec in specs for found in spec.findings(data)]
    if rules is None:
        rules = check_shipment(shipment)
    return PackFindings(rules=rules, documents=documents, holds=holds_on(shipment, lines))


def pack_findings(shipment: Shipment) -> PackFindings:
    """The findings of the shipment as it is now (the page, ``GET …/checks``)."""
    return findings_for(shipment, pack_data(shipment_snapshot(shipment)))


@dataclass(frozen=True)
class Readiness:
    """What the shipment page shows: every finding, and the declaration as derived now."""

    findings: PackFindings
    declaration: DeclarationRecord
    data: PackData


@dataclass(frozen=True)
class DeclarationPart:
    """One declaration of a split: its number, item count and the goods lines in it."""

    part: int
    items: int
    lines: str  # e.g. "1–50"


def declaration_split(record: DeclarationRecord) -> list[DeclarationPart]:
    """How the declaration will be issued: one part, or several of at most 50 items."""
    result = []
    for number, items in enumerate(record.parts, start=1):
        numbers = sorted(d.line.line_no for item in items for d in item.lines)
        lines = f"{numbers[0]}–{numbers[-1]}" if len(numbers) > 1 else str(numbers[0])
        result.append(DeclarationPart(part=number, items=len(items), lines=lines))
    return result


def readiness_now(shipment: Shipment) -> Readiness:
    """``readiness`` of the shipment as it is now, rules included."""
    return readiness(shipment, check_shipment(shipment))


def readiness(
    shipment: Shipment, rules: list[Problem], view: ShipmentView | None = None
) -> Readiness:
    """``pack_findings`` for a page that has already run the shipment ``rules`` (on
    ``view``, whose lines it reads again otherwise)."""
    data = pack_data(shipment_snapshot(shipment, view))
    return Readiness(
        findings=findings_for(
            shipment, data, rules=rules, lines=view.lines if view is not None else None
        ),
        declaration=data.declaration,
        data=data,
    )
