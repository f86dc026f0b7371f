"""The departure manifest as .xlsx (openpyxl) and as XML validated against our XSD."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.styles import Font, PatternFill

from cloudcabin.bookings.manifest import Manifest, issue_label
from cloudcabin.bookings.models import station_text
from cloudcabin.errors import render_failure_is_a_finding
from cloudcabin.xlsx import new_workbook, workbook_bytes
from cloudcabin.xmlout import element, validated_xml

XSD_PATH = Path(__file__).resolve().parent / "xsd" / "departure-manifest.xsd"
NAMESPACE = "urn:cloudcabin:departure-manifest:1"
MANIFEST = gettext_lazy("Departure manifest")
FLAG_FILL = PatternFill(start_color="FDE8E7", end_color="FDE8E7", fill_type="solid")


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


@render_failure_is_a_finding(MANIFEST)
def manifest_xml(manifest: Manifest) -> bytes:
    """The manifest as XML, validated against its XSD (a failure is RENDER_FAILED, 409)."""
    departure = manifest.departure
    service = departure.service
    root = ET.Element(
        "DepartureManifest",
        {"xmlns": NAMESPACE, "version": "1", "generatedAt": _iso(manifest.generated_at)},
    )
    head = ET.SubElement(root, "Departure")
    element(head, "ServiceCode", service.code)
    element(head, "TrainOperator", service.operator_name)
    element(head, "Origin", service.origin_id)
    element(head, "Destination", service.destination_id)
    element(head, "DepartsAt", _iso(manifest.local_departs))
    element(head, "YardDeadline", _iso(departure.yard_deadline_at))
    element(head, "CapacityTEU", departure.capacity_teu)
    element(head, "ConfirmedTEU", departure.confirmed_teu)
    containers = ET.SubElement(root, "Containers")
    for row in manifest.rows:
        item = ET.SubElement(containers, "Container")
        element(item, "Number", row.container_number)
        element(item, "SizeType", row.size_type)
        element(item, "BookingReference", row.booking)
        element(item, "ShipmentReference", row.shipment)
        element(item, "ConsignmentNoteNumber", row.consignment_note)
        element(item, "Consignor", row.consignor)
        element(item, "Consignee", row.consignee)
        seals = ET.SubElement(item, "Seals")
        for seal in row.seals:
            element(seals, "Seal", seal)
        goods = ET.SubElement(item, "Goods")
        for code in row.hs_codes:
            element(goods, "HsCode", code)
        element(goods, "Packages", row.packages)
        element(goods, "GrossMassKg", row.gross_kg)
        for code in row.issues:
            element(item, "Issue", code)
    return validated_xml(str(MANIFEST), root, XSD_PATH)
