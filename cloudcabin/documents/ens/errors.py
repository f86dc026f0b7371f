"""The ICS2 entry summary's error codes, one block of the one
catalogue (``cloudcabin.errors``).

Keep each block sorted by code; add, never rename.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cloudcabin.catalogue import CatalogueEntry, Severity

E, W = Severity.ERROR, Severity.WARNING

ENS_CATALOGUE: dict[str, CatalogueEntry] = {
    # documents: ICS2 entry summary (the rail ENS, IE3F51; paths name the shipment's field)
    "ENS_CARRIER_ADDRESS_INCOMPLETE": CatalogueEntry(
        E,
        _(
            "The operator's address needs a street, a city and a country for the EU entry "
            "summary, written as “street, postcode city”."
        ),
    ),
    "ENS_CARRIER_MISSING": CatalogueEntry(
        E,
        _(
            "The EU entry summary is filed by the carrier with its EORI number: enter the "
            "EORI number of the operator that runs the train."
        ),
    ),
    "ENS_DESCRIPTION_MISSING": CatalogueEntry(
        E,
        _(
            "Line {line}: the English description is missing; the EU entry summary "
            "describes every goods item in it."
        ),
    ),
    "ENS_ENTRY_OFFICE_UNKNOWN": CatalogueEntry(
        E,
        _(
            "The route enters the EU at {place} ({locode}), and no customs office of first "
            "entry is known for that place."
        ),
    ),
    "ENS_ENTRY_PLACE_MISSING": CatalogueEntry(
        E,
        _(
            "The route enters the EU in {country}, but names no place there: add the border "
            "station where the train enters the EU."
        ),
    ),
    "ENS_GROSS_MISSING": CatalogueEntry(
        E,
        _(
            "Line {line}: the gross mass is missing or zero; the EU entry summary states it "
            "for every goods item."
        ),
    ),
    "ENS_ITEM_TOO_LARGE": CatalogueEntry(
        E,
        _(
            "Line {line}: with the lines it is declared with, the goods item exceeds "
            "{limit}, the most the EU entry summary takes."
        ),
    ),
    "ENS_LINE_TOO_LONG": CatalogueEntry(
        E, _("Line {line}: longer than the EU entry summary allows ({limit} characters).")
    ),
    "ENS_LOADING_PLACE_MISSING": CatalogueEntry(
        E, _("Enter the origin or the place of loading: the EU entry summary names it.")
    ),
    "ENS_MARITIME_NOT_PRODUCED": CatalogueEntry(
        W,
        _(
            "The goods enter the EU by sea at {place} ({locode}): the entry summary for "
            "maritime transport is filed by the ocean carrier from the bill of lading; this "
            "pack does not produce it."
        ),
    ),
    "ENS_PACKAGE_TYPE_UNKNOWN": CatalogueEntry(
        E,
        _(
            "Line {line}: the package type {package_type} has no UN/ECE type of packages "
            "for the EU entry summary; choose carton, case, box, bag, drum, pallet, package "
            "or unpacked."
        ),
    ),
    "ENS_PARTY_CITY_MISSING": CatalogueEntry(
        E, _("The {role} has no city; the EU entry summary states it.")
    ),
    "ENS_PARTY_MISSING": CatalogueEntry(E, _("The EU entry summary names the {role}: choose one.")),
    "ENS_ROUTE_NOT_PLANNED": CatalogueEntry(
        E,
        _(
            "The EU entry summary states every country the goods pass through and the "
            "office of first entry: plan the route, so that they come from it and not from "
            "crossings typed by hand (which may leave countries out)."
        ),
    ),
    "ENS_SEALS_INVALID": CatalogueEntry(
        E,
        _(
            "Container {number}: the EU entry summary takes at most {count} seals of at most "
            "{limit} characters each."
        ),
    ),
    "ENS_TOO_LONG": CatalogueEntry(
        E, _("Longer than the EU entry summary allows ({limit} characters).")
    ),
    "ENS_TOO_MANY_ITEMS": CatalogueEntry(
        E,
        _(
            "The entry summary would have {items} goods items, more than one ICS2 "
            "message carries (99,999 house consignments of 999 items)."
        ),
    ),
    "ENS_TRAIN_MISSING": CatalogueEntry(
        E,
        _(
            "Enter the train number: the EU entry summary identifies the train that "
            "brings the goods into the EU."
        ),
    ),
    "ENS_TRANSPORT_DOCUMENT_MISSING": CatalogueEntry(
        E,
        _(
            "Enter the consignment note number: the EU entry summary refers to the CIM "
            "consignment note."
        ),
    ),
}
