"""The departure manifest as .xlsx (openpyxl) and as XML validated against our XSD."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from datetime import datetime
from functools import cache
from pathlib import Path

import xmlschema
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.styles import Font, PatternFill

from cloudcabin.bookings.manifest import Manifest, issue_label
from cloudcabin.bookings.models import station_text
from cloudcabin.errors import render_failure_is_a_finding
from cloudcabin.xlsx import new_workbook, workbook_bytes

XSD_PATH = Path(__file__).resolve().parent / "xsd" / "departure-manifest.xsd"
NAMESPACE = "urn:cloudcabin:departure-manifest:1"
ET.register_namespace("", NAMESPACE)
MANIFEST = gettext_lazy("Departure manifest")
FLAG_FILL = PatternFill(start_color="FDE8E7", end_color="FDE8E7", fill_type="solid")


@cache
def manifest_schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(XSD_PATH))


def filename(manifest: Manifest, extension: str) -> str:
    departure = manifest.departure
    return f"manifest-{departure.service.code}-{manifest.local_departs:%Y%m%d}.{extension}"


@render_failure_is_a_finding(MANIFEST)
def manifest_xlsx(manifest: Manifest) -> bytes:
    departure = manifest.departure
    book, sheet = new_workbook(_("Manifest"))
    sheet.append([_("Departure manifest"), departure.service.code, departure.service.name])
    sheet.append(
        [
            _("Departs (station time)"),
            f"{manifest.local_departs:%Y-%m-%d %H:%M} {departure.service.timezone}",
            _("Containers at the yard by (station time)"),
            station_text(departure.yard_deadline_at, departure.service.timezone),
        ]
    )
    sheet.append([])
    headers = [
        _("Container"),
        _("Size-type"),
        _("Booking"),
        _("Shipment"),
        _("Consignment note"),
        _("Consignor"),
        _("Consignee"),
        _("HS codes"),
        _("Packages"),
        _("Gross mass (kg)"),
        _("Seals"),
        _("Issues"),
    ]
    sheet.append(headers)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in manifest.rows:
        sheet.append(
            [
                row.container_number,
                row.size_type,
                row.booking,
                row.shipment,
                row.consignment_note,
                row.consignor,
                row.consignee,
                ", ".join(row.hs_codes),
                row.packages,
                row.gross_kg,
                ", ".join(row.seals),
                "; ".join(issue_label(code) for code in row.issues),
            ]
        )
        if row.flagged:
            for cell in sheet[sheet.max_row]:
                cell.fill = FLAG_FILL
    widths = (14, 9, 11, 14, 18, 28, 28, 18, 9, 14, 18, 30)
    for column, width in zip("ABCDEFGHIJKL", widths, strict=True):
        sheet.column_dimensions[column].width = width
    return workbook_bytes(book)


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _add(parent: ET.Element, tag: str, text: object) -> ET.Element:
    element = ET.SubElement(parent, f"{{{NAMESPACE}}}{tag}")
    element.text = str(text)
    return element


@render_failure_is_a_finding(MANIFEST)
def manifest_xml(manifest: Manifest) -> bytes:
    """The manifest as XML, validated against its XSD (a failure is RENDER_FAILED, 409)."""
    departure = manifest.departure
    service = departure.service
    root = ET.Element(
        f"{{{NAMESPACE}}}DepartureManifest",
        {"version": "1", "generatedAt": _iso(manifest.generated_at)},
    )
    head = ET.SubElement(root, f"{{{NAMESPACE}}}Departure")
    _add(head, "ServiceCode", service.code)
    _add(head, "TrainOperator", service.operator_name)
    _add(head, "Origin", service.origin_id)
    _add(head, "Destination", service.destination_id)
    _add(head, "DepartsAt", _iso(manifest.local_departs))
    _add(head, "YardDeadline", _iso(departure.yard_deadline_at))
    _add(head, "CapacityTEU", departure.capacity_teu)
    _add(head, "ConfirmedTEU", departure.confirmed_teu)
    containers = ET.SubElement(root, f"{{{NAMESPACE}}}Containers")
    for row in manifest.rows:
        item = ET.SubElement(containers, f"{{{NAMESPACE}}}Container")
        _add(item, "Number", row.container_number)
        _add(item, "SizeType", row.size_type)
        _add(item, "BookingReference", row.booking)
        _add(item, "ShipmentReference", row.shipment)
        _add(item, "ConsignmentNoteNumber", row.consignment_note)
        _add(item, "Consignor", row.consignor)
        _add(item, "Consignee", row.consignee)
        seals = ET.SubElement(item, f"{{{NAMESPACE}}}Seals")
        for seal in row.seals:
            _add(seals, "Seal", seal)
        goods = ET.SubElement(item, f"{{{NAMESPACE}}}Goods")
        for code in row.hs_codes:
            _add(goods, "HsCode", code)
        _add(goods, "Packages", row.packages)
        _add(goods, "GrossMassKg", row.gross_kg)
        for code in row.issues:
            _add(item, "Issue", code)
    document = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    manifest_schema().validate(io.BytesIO(document))
    return document
