"""The documents app's error codes (cross-document checks, issue, the CIM/SMGS note,
shipping instructions, verification), one block of the one
catalogue (``cloudcabin.errors``).

Keep each block sorted by code; add, never rename.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cloudcabin.catalogue import CatalogueEntry, Severity

E, W = Severity.ERROR, Severity.WARNING

DOCUMENTS_CATALOGUE: dict[str, CatalogueEntry] = {
    # documents: cross-document checks and issue
    "DECLARATION_TOO_MANY_ITEMS": CatalogueEntry(
        E,
        _(
            "The declaration would have {items} items after merging lines with the same code, "
            "name, elements, unit and origin; customs accepts at most 50: split the shipment."
        ),
    ),
    "DOCUMENTS_BLOCKED": CatalogueEntry(
        E, _("The pack cannot be issued until its errors are fixed."), 409
    ),
    "DOCUMENTS_CHANGED_WHILE_ISSUING": CatalogueEntry(
        E, _("The shipment kept changing while its documents were rendered: issue again."), 409
    ),
    "DOCUMENTS_JOB_FAILED": CatalogueEntry(
        E, _("Rendering the documents failed in the worker; it is logged. Issue again.")
    ),
    "DOCUMENTS_JOB_LOST": CatalogueEntry(
        E, _("The worker rendering these documents stopped answering. Issue again.")
    ),
    "XDOC_AMOUNT_DIFFERS": CatalogueEntry(
        E, _("The {kind} states {amount}; the other documents state {expected}.")
    ),
    "XDOC_ATTACHMENT_MISSING": CatalogueEntry(
        E, _("The {kind} lists “{missing}” as attached, but the pack has no such document.")
    ),
    "XDOC_BILL_NO": CatalogueEntry(
        E,
        _(
            "The declaration's bill number must equal the consignment note number ({kinds}); "
            "enter the consignment note number."
        ),
    ),
    "XDOC_CONSIGNEE_DIFFERS": CatalogueEntry(E, _("The consignee differs between: {kinds}.")),
    "XDOC_CONSIGNOR_DIFFERS": CatalogueEntry(E, _("The consignor differs between: {kinds}.")),
    "XDOC_CROSSINGS": CatalogueEntry(
        E, _("The border crossings on the {kind} are not the route's.")
    ),
    "XDOC_GROSS_DIFFERS": CatalogueEntry(
        E, _("The {kind} states {gross} kg gross; the {reference} states {expected} kg (over 1 %).")
    ),
    "XDOC_HS_SHORT": CatalogueEntry(E, _("The {kind} has HS codes under 6 digits: {codes}.")),
    "XDOC_PACKAGES_DIFFER": CatalogueEntry(
        E, _("The {kind} states {packages} packages; the {reference} states {expected}.")
    ),
    "XDOC_ROUTING": CatalogueEntry(
        E, _("The countries of routing on the {kind} do not follow the route.")
    ),
    # like RENDER_FAILED: the stored data cannot be written, whoever asks (409, never 500)
    "XML_INVALID": CatalogueEntry(
        E, _("The {kind} XML does not validate against its XSD: {detail}"), 409
    ),
    # documents: CIM/SMGS note
    "CIM_SMGS_CONSIGNMENT_NUMBER": CatalogueEntry(
        W,
        _(
            "{box}: the consignment note number “{value}” is not 5 digits, so the "
            "consignment identifier cannot be built with its check digit; the departure "
            "carrier will complete it."
        ),
    ),
    "CIM_SMGS_CROSSING_UNNAMED": CatalogueEntry(
        W,
        _(
            "{box}: the route passes from {from_country} into {to_country} inside one leg "
            "and no border station is known there, so the note names only the known ones; "
            "the railway completes the list."
        ),
    ),
    "CIM_SMGS_STATION_CODE_MISSING": CatalogueEntry(
        W,
        _(
            "{box}: no railway station code is known for {station} ({locode}); the "
            "note leaves it for the railway. Add it to the station list if you know it."
        ),
    ),
    "CIM_SMGS_TARE_MISSING": CatalogueEntry(
        W,
        _(
            "Container {number}: the tare is unknown, so {box} leaves it and the mass with "
            "containers blank. Enter it from the container's plate."
        ),
    ),
    # documents: shipping instructions (the sea legs' bill of lading)
    "SI_DESCRIPTION_MISSING": CatalogueEntry(
        E,
        _(
            "Line {line}: the English description is missing; the bill of lading "
            "describes every goods line in it."
        ),
    ),
    "SI_NOTIFY_PARTY_MISSING": CatalogueEntry(
        E,
        _(
            "The shipping instructions name the notify party the carrier tells of the "
            "arrival: choose one (it may be the consignee)."
        ),
    ),
    "SI_PORT_OF_DISCHARGE_NOT_A_PORT": CatalogueEntry(
        E,
        _(
            "The sea leg discharges at {place} ({locode}), which is not a port: the port of "
            "discharge must be one. Plan the route again through a seaport."
        ),
    ),
    "SI_PORT_OF_LOADING_NOT_A_PORT": CatalogueEntry(
        E,
        _(
            "The sea leg loads at {place} ({locode}), which is not a port: the port of "
            "loading must be one. Plan the route again through a seaport."
        ),
    ),
    "SI_SEALS_MISSING": CatalogueEntry(
        E,
        _(
            "Container {number}: no seal number; the bill of lading states the seals of "
            "every container."
        ),
    ),
    # documents: verification
    "VERIFY_FILE_REQUIRED": CatalogueEntry(E, _("Choose the file to compare.")),
    "VERIFY_FILE_TOO_LARGE": CatalogueEntry(
        E, _("The file is larger than {limit} MB, more than any issued document."), 413
    ),
}
