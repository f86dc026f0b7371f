"""The one error shape and the one catalogue of stable error codes (DESIGN.md §4).

Every refusal the product shows, from the API, a form, an import or a rule check, is a
``Problem``: ``{code, severity, path, message}``. Codes never change meaning once used;
messages are translated (English and Simplified Chinese) through Django's gettext.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class CatalogueEntry:
    severity: Severity
    message: Promise  # a lazy, translatable template with {named} placeholders
    http_status: int = 400


E, W = Severity.ERROR, Severity.WARNING

# Keep sorted by code within each domain block. Add, never rename.
CATALOGUE: dict[str, CatalogueEntry] = {
    # generic input and access
    "REQUIRED": CatalogueEntry(E, _("This field is required.")),
    "INVALID": CatalogueEntry(E, _("{detail}"), 422),
    "TOO_LONG": CatalogueEntry(E, _("At most {limit} characters.")),
    "NOT_FOUND": CatalogueEntry(E, _("Not found."), 404),
    "PERMISSION_DENIED": CatalogueEntry(E, _("Your role does not allow this change."), 403),
    "AUTH_REQUIRED": CatalogueEntry(E, _("Sign in or send a valid API key."), 401),
    "RATE_LIMITED": CatalogueEntry(E, _("Too many attempts; try again later."), 429),
    "CONFLICT": CatalogueEntry(E, _("{detail}"), 409),
    # input: what a field accepts (cloudcabin.fields)
    "NUMBER_OUT_OF_RANGE": CatalogueEntry(
        E, _("Give a whole number from {minimum} to {maximum}."), 422
    ),
    "NUMBER_OUT_OF_RANGE_DECIMAL": CatalogueEntry(
        E,
        _(
            "Give a number of zero or more, with at most {whole} digits before the decimal "
            "point and {places} after it."
        ),
        422,
    ),
    "RENDER_FAILED": CatalogueEntry(
        E,
        _(
            "{document} could not be produced from the stored data ({detail}); correct "
            "the shipment and try again."
        ),
        409,
    ),
    "TEXT_BIDI_CONTROL": CatalogueEntry(
        E,
        _(
            "Contains the bidirectional control character {char}, which makes text display "
            "in a different order from what it says; remove it."
        ),
        422,
    ),
    "TEXT_CONTROL_CHARACTER": CatalogueEntry(
        E,
        _(
            "Contains the control character {char}, which cannot be printed or sent to "
            "customs; remove it."
        ),
        422,
    ),
    # requests and storage (cloudcabin.faults, api.main)
    "CSRF_FAILED": CatalogueEntry(
        E, _("The page expired or the request came from another site; reload and try again."), 403
    ),
    "METHOD_NOT_ALLOWED": CatalogueEntry(E, _("This address does not accept {method}."), 405),
    "REQUEST_MALFORMED": CatalogueEntry(E, _("The request could not be read.")),
    "REQUEST_TOO_LARGE": CatalogueEntry(E, _("The request body is larger than {limit}."), 413),
    "SERVER_ERROR": CatalogueEntry(E, _("Something broke on our side; it has been logged."), 500),
    "SERVICE_UNAVAILABLE": CatalogueEntry(
        E,
        _(
            "The service cannot write its data or files right now; nothing was changed. "
            "Try again later."
        ),
        503,
    ),
    # accounts
    "COUNTRY_UNKNOWN": CatalogueEntry(E, _("“{value}” is not an ISO 3166 country code.")),
    "EMAIL_TAKEN": CatalogueEntry(E, _("An account with this e-mail address already exists.")),
    "EORI_INVALID": CatalogueEntry(E, _("“{value}” is not an EORI number: {reason}")),
    "EORI_NOT_EU": CatalogueEntry(W, _("EORI numbers are issued by EU member states.")),
    "IDENTIFIER_NOT_ASKED": CatalogueEntry(
        E, _("Companies of the chosen country do not give this identifier.")
    ),
    "IDENTIFIER_REQUIRED": CatalogueEntry(E, _("Companies of the chosen country must give this.")),
    "INVITATION_INVALID": CatalogueEntry(E, _("This invitation is unknown, used or expired.")),
    "INVITATION_OTHER_EMAIL": CatalogueEntry(
        E, _("This invitation is for {email}: sign in with that address to accept it."), 403
    ),
    "LAST_OWNER": CatalogueEntry(E, _("An organization must keep at least one owner."), 409),
    "ALREADY_MEMBER": CatalogueEntry(E, _("This person is already a member."), 409),
    "ROLE_NOT_GRANTABLE": CatalogueEntry(
        E, _("The role “{role}” is for the operator's own staff, not for a customer company.")
    ),
    "USCC_CHECK_DIGIT": CatalogueEntry(
        W,
        _(
            "The check character of “{value}” does not match GB 32100 (expected {expected}). "
            "Some early codes are legal yet fail it: confirm to keep it."
        ),
    ),
    "USCC_INVALID": CatalogueEntry(E, _("“{value}” is not a Unified Social Credit Code: {reason}")),
    "USCC_NOT_CN": CatalogueEntry(E, _("A Unified Social Credit Code belongs to a Chinese party.")),
    "VAT_INVALID": CatalogueEntry(E, _("“{value}” is not a valid EU VAT number: {reason}")),
    # shipments: rule checks and edits
    "AMOUNT_MISMATCH": CatalogueEntry(
        E, _("Line {line}: amount {amount} is not quantity × unit price ({expected}).")
    ),
    "CONTAINER_CHECK_DIGIT": CatalogueEntry(
        E, _("Container {value}: the ISO 6346 check digit should be {expected}.")
    ),
    "CONTAINER_NUMBER_INVALID": CatalogueEntry(
        E, _("“{value}” is not an ISO 6346 container number (4 letters, 7 digits).")
    ),
    "CONTAINER_OVERWEIGHT": CatalogueEntry(
        E,
        _("Container {number} would weigh {gross} kg with its tare, over its {limit} kg maximum."),
    ),
    "CONTAINER_TYPE_UNKNOWN": CatalogueEntry(E, _("“{value}” is not an ISO 6346 size-type code.")),
    "DECLARED_ELEMENTS_PREFIX": CatalogueEntry(
        E,
        _(
            "Line {line}: declared elements must start with the brand type (0–4) and the "
            "export preference (0–2), e.g. “0|0|…”."
        ),
    ),
    "EORI_MISSING": CatalogueEntry(
        W, _("The consignee has no EORI number; the EU entry summary will need one.")
    ),
    "HS_DESCRIPTION_MISMATCH": CatalogueEntry(
        W,
        _(
            "Line {line}: “{description}” reads like {suggested} ({label}), not {hs}; "
            "check the code."
        ),
    ),
    "HS_MISSING": CatalogueEntry(E, _("Line {line}: the HS code is missing.")),
    "HS_NOT_6_DIGITS": CatalogueEntry(E, _("Line {line}: “{value}” is not a 6-digit HS code.")),
    "INCOTERM_MISSING": CatalogueEntry(E, _("Choose an Incoterms 2020 rule.")),
    "INCOTERM_MODE": CatalogueEntry(
        E, _("{incoterm} is a rule for sea and inland waterway; this route is “{route}”.")
    ),
    "LINE_NO_DUPLICATE": CatalogueEntry(E, _("Line number {line} is used twice.")),
    "NAMED_PLACE_MISSING": CatalogueEntry(E, _("{incoterm} needs its named place.")),
    "NATIONAL_CODE_MISMATCH": CatalogueEntry(
        E, _("National code “{value}” must have 8 or 10 digits and start with HS {hs}.")
    ),
    "NATIONAL_CODE_UNKNOWN": CatalogueEntry(
        E, _("Line {line}: {value} is not in the China tariff.")
    ),
    "NET_GT_GROSS": CatalogueEntry(
        E, _("Line {line}: net mass {net} kg is more than gross mass {gross} kg.")
    ),
    "PACKAGES_NOT_STOWED": CatalogueEntry(
        E, _("Line {line}: {stowed} of {packages} packages are stowed in containers.")
    ),
    "PARTY_MISSING": CatalogueEntry(E, _("This party is required.")),
    "PARTY_VAT_COUNTRY": CatalogueEntry(
        W, _("The VAT number starts with {prefix} but the party is in {country}.")
    ),
    "REVISION_FROZEN": CatalogueEntry(E, _("{detail}"), 409),
    "STALE_VERSION": CatalogueEntry(
        E,
        _(
            "Someone else saved this record after you opened it, so your change was not "
            "saved. The current values are shown: make your change again if it is still "
            "needed."
        ),
        409,
    ),
    "TOTAL_AMOUNT_MISMATCH": CatalogueEntry(
        E, _("The invoice total is {stated} but the lines add up to {lines}.")
    ),
    "TOTAL_GROSS_MISMATCH": CatalogueEntry(
        E, _("The stated gross mass is {stated} kg but the lines add up to {lines} kg.")
    ),
    "TOTAL_PACKAGES_MISMATCH": CatalogueEntry(
        E, _("The stated package count is {stated} but the lines add up to {lines}.")
    ),
    "UN_NUMBER_INVALID": CatalogueEntry(E, _("“{value}” is not a 4-digit UN number.")),
    "UNIT_MISSING": CatalogueEntry(E, _("Line {line}: a quantity needs its unit.")),
    "UNIT_UNKNOWN": CatalogueEntry(
        W, _("Unit “{value}” has no China customs unit mapped to it (UN/ECE Rec. 20).")
    ),
    "USCC_MISSING": CatalogueEntry(
        E, _("A Chinese exporter needs its Unified Social Credit Code on the declaration.")
    ),
    # shipments: the route
    "ROUTE_CROSSINGS_DERIVED": CatalogueEntry(
        E,
        _(
            "The border crossings come from the planned route ({route}): plan the route "
            "again or change the origin or destination instead."
        ),
        409,
    ),
    "ROUTE_DIRECTION_DERIVED": CatalogueEntry(
        E,
        _(
            "The direction comes from the planned route ({route}): {direction}. Change "
            "the origin or destination instead."
        ),
        409,
    ),
    # documents: cross-document checks and issue
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
    "DOCUMENTS_BLOCKED": CatalogueEntry(
        E, _("The pack cannot be issued until its errors are fixed."), 409
    ),
    "DOCUMENTS_CHANGED_WHILE_ISSUING": CatalogueEntry(
        E, _("The shipment kept changing while its documents were rendered: issue again."), 409
    ),
    "DECLARATION_TOO_MANY_ITEMS": CatalogueEntry(
        E,
        _(
            "The declaration would have {items} items after merging lines with the same code, "
            "name, elements, unit and origin; customs accepts at most 50: split the shipment."
        ),
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
    # documents: the China customs declaration (paths name the shipment's field)
    "DEC_BORDER_CUSTOMS_MISSING": CatalogueEntry(
        E,
        _(
            "Exit or entry customs (出境/进境关别) is missing: the route has no China border "
            "crossing with a known customs district. Enter the 4-digit code."
        ),
    ),
    "DEC_BORDER_PORT_MISSING": CatalogueEntry(
        E,
        _(
            "Port of exit or entry (离境/入境口岸) is missing: the route has no China border "
            "crossing with a known port code. Enter the 6-digit code."
        ),
    ),
    "DEC_CIQ_CHOOSE": CatalogueEntry(
        E, _("Line {line}: pick the CIQ code (检验检疫编码) that fits: {choices}.")
    ),
    "DEC_CIQ_MISSING": CatalogueEntry(
        E,
        _(
            "Line {line}: enter the 3-digit CIQ code (检验检疫编码) of {tariff}; "
            "our tables do not list it."
        ),
    ),
    "DEC_CIQ_UNKNOWN": CatalogueEntry(
        E, _("Line {line}: CIQ code “{value}” is not listed for {tariff}.")
    ),
    "DEC_CODE_TS_CHOOSE": CatalogueEntry(
        E,
        _("Line {line}: {tariff} has several 10-digit codes; enter the one that fits: {choices}."),
    ),
    "DEC_CODE_TS_MISSING": CatalogueEntry(
        E,
        _(
            "Line {line}: enter the 10-digit commodity code of {tariff} (our tables list "
            "10-digit codes for chapters 84, 85, 87, 94 and 95 only)."
        ),
    ),
    "DEC_CODE_TS_OUTSIDE": CatalogueEntry(
        E, _("Line {line}: {value} is not a 10-digit code of {tariff}; known codes: {choices}.")
    ),
    "DEC_CODE_UNKNOWN": CatalogueEntry(
        E,
        _(
            "“{value}” is not in the customs code table; pick a listed code "
            "(an operator adds missing codes in the back office)."
        ),
    ),
    "DEC_CONTRACT_MISSING": CatalogueEntry(
        E, _("The contract number (合同协议号) is missing; customs requires it.")
    ),
    "DEC_COUNTRY_MISSING": CatalogueEntry(
        E, _("The country is missing: customs needs the trading and destination countries.")
    ),
    "DEC_CURRENCY_MISSING": CatalogueEntry(
        E, _("The invoice currency is missing; the declaration states every price in it.")
    ),
    "DEC_DECLARANT_MISSING": CatalogueEntry(
        E, _("Name the declarant (customs broker, 申报单位) who files the declaration.")
    ),
    "DEC_DECLARING_CUSTOMS_MISSING": CatalogueEntry(
        E,
        _(
            "Declaring customs (申报地海关) is missing: no customs district is known for the "
            "hub. Enter the 4-digit code."
        ),
    ),
    "DEC_DOMESTIC_PARTY_MISSING": CatalogueEntry(
        E, _("Name the domestic consignor or consignee (境内收发货人) of the declaration.")
    ),
    "DEC_DUTY_MODE_MISSING": CatalogueEntry(
        E, _("Line {line}: the duty mode (征免方式) is missing.")
    ),
    "DEC_ELEMENTS_MISSING": CatalogueEntry(
        E, _("Line {line}: the declared elements (规格型号) are missing.")
    ),
    "DEC_ELEMENTS_TOO_LONG": CatalogueEntry(
        E,
        _(
            "Line {line}: the declared elements exceed {limit} bytes "
            "(a Chinese character counts 2)."
        ),
    ),
    "DEC_FOREIGN_PORT_MISSING": CatalogueEntry(
        E,
        _(
            "Port of destination or departure (指运港/启运港) is missing: no port code is known "
            "for the place or its country. Enter the 6-character code."
        ),
    ),
    "DEC_FREIGHT_MISSING": CatalogueEntry(E, _("Freight is required on {terms} terms.")),
    "DEC_INSURANCE_MISSING": CatalogueEntry(E, _("Insurance is required on {terms} terms.")),
    "DEC_HEADER_CODE_MISSING": CatalogueEntry(E, _("{label} is missing.")),
    "DEC_LEGAL_QTY_MISSING": CatalogueEntry(
        E,
        _(
            "Line {line}: enter the quantity in the legal unit {unit}; "
            "it cannot be derived from the line's unit or mass."
        ),
    ),
    "DEC_LEGAL_QTY_ZERO": CatalogueEntry(
        E, _("Line {line}: the quantity in the legal unit {unit} must be more than zero.")
    ),
    "DEC_LEGAL_UNIT_UNKNOWN": CatalogueEntry(
        E, _("Line {line}: the tariff lists no legal unit for {tariff}.")
    ),
    "DEC_LICENCE_INVALID": CatalogueEntry(
        E, _("Licence document “{value}”: give a listed document code and its number.")
    ),
    "DEC_LINE_CODE_UNKNOWN": CatalogueEntry(
        E,
        _(
            "Line {line}: {label} “{value}” is not in the customs code table; pick a listed "
            "code (an operator adds missing codes in the back office)."
        ),
    ),
    "DEC_LINE_NUMBER_TOO_LARGE": CatalogueEntry(
        E,
        _(
            "Line {line}: {label} {value} is too large for the declaration, which takes at "
            "most {digits} digits before the decimal point."
        ),
    ),
    "DEC_NAME_ZH_MISSING": CatalogueEntry(
        E, _("Line {line}: the Chinese description (商品名称) is missing.")
    ),
    "DEC_NATIONAL_CODE_MISSING": CatalogueEntry(
        E, _("Line {line}: the China tariff code (商品编号) is missing.")
    ),
    "DEC_NUMBER_TOO_LARGE": CatalogueEntry(
        E,
        _(
            "{label} {value} is too large for the declaration, which takes at most {digits} "
            "digits before the decimal point."
        ),
    ),
    "DEC_ORIGIN_MISSING": CatalogueEntry(E, _("Line {line}: the country of origin is missing.")),
    "DEC_PACKAGE_TYPE_MISSING": CatalogueEntry(E, _("Line {line}: the package type is missing.")),
    "DEC_PARTY_CODE_MISSING": CatalogueEntry(
        E, _("{party} has no 10-character China customs code (海关编码).")
    ),
    "DEC_PROMISES_INVALID": CatalogueEntry(
        E, _("“{value}” is not a confirmation code: three or five digits, each 1, 0 or 9.")
    ),
    "DEC_PROMISES_MISSING": CatalogueEntry(
        E,
        _("Confirm special relationship, price influence and royalties (其他事项确认), e.g. 000."),
    ),
    "DEC_QUANTITY_MISSING": CatalogueEntry(E, _("Line {line}: the quantity is missing or zero.")),
    "DEC_REGION_MISSING": CatalogueEntry(
        E,
        _(
            "Line {line}: the domestic region (境内货源地/目的地) could not be found from the "
            "address; enter its 5-character code."
        ),
    ),
    "DEC_ROUTE_NO_CHINA_ENTRY": CatalogueEntry(
        E,
        _(
            "The planned route names no station where the goods enter China (the border "
            "lies inside a longer leg), so the entry customs (进境关别) and port of entry "
            "(入境口岸) cannot be derived: enter them, or plan a route through a border station."
        ),
    ),
    "DEC_ROUTE_NO_CHINA_EXIT": CatalogueEntry(
        E,
        _(
            "The planned route names no station where the goods leave China (the border "
            "lies inside a longer leg), so the exit customs (出境关别) and port of exit "
            "(离境口岸) cannot be derived: enter them, or plan a route through a border station."
        ),
    ),
    "DEC_SECOND_QTY_NOT_IN_TARIFF": CatalogueEntry(
        E, _("Line {line}: {tariff} has no legal second unit; clear the second quantity.")
    ),
    "DEC_TOO_LONG": CatalogueEntry(
        E, _("Longer than the declaration allows ({limit} characters).")
    ),
    "DEC_TOTAL_TOO_LARGE": CatalogueEntry(
        E,
        _(
            "Line {line}: the declaration's total {label} would be {value}, more than the "
            "{digits} digits before the decimal point it takes; check this line's figure."
        ),
    ),
    "DEC_TRANSPORT_MODE_MISSING": CatalogueEntry(
        E, _("Choose the route, so that the transport mode (运输方式) is known.")
    ),
    "DEC_TRANSPORT_NAME_MISSING": CatalogueEntry(
        E,
        _(
            "The means of transport (运输工具名称) is missing: for rail, the wagon number or "
            "handover-list number."
        ),
    ),
    "DEC_UNIT_NOT_CUSTOMS": CatalogueEntry(
        E, _("Line {line}: unit {unit} has no China customs unit; use another unit.")
    ),
    "PACK_NO_CONTAINERS": CatalogueEntry(
        E, _("No container yet: add the containers the goods travel in.")
    ),
    "PACK_NO_LINES": CatalogueEntry(
        E, _("The shipment has no goods lines yet: there is nothing to declare.")
    ),
    # reference data
    "CURRENCY_UNKNOWN": CatalogueEntry(E, _("“{value}” is not an ISO 4217 currency code.")),
    "HS_UNKNOWN": CatalogueEntry(E, _("“{value}” is not an HS 2022 code.")),
    "LOCODE_UNKNOWN": CatalogueEntry(E, _("“{value}” is not a known UN/LOCODE.")),
    "QUERY_TOO_SHORT": CatalogueEntry(E, _("Type at least {minimum} characters.")),
    # shipments: import
    "FILE_EMPTY": CatalogueEntry(E, _("The file has no rows."), 422),
    "FILE_ENCRYPTED": CatalogueEntry(
        E, _("The file is protected by a password: save it without one and upload it again."), 422
    ),
    "FILE_FORMULAS_UNCALCULATED": CatalogueEntry(
        E,
        _(
            "More than {limit} cells hold formulas whose results the file does not store, or "
            "errors: save the file from Excel or LibreOffice, which store the results, and "
            "upload it again."
        ),
        422,
    ),
    "FILE_NO_HEADER": CatalogueEntry(
        E,
        _(
            "No header row found in the first {rows} rows: give the columns names such as "
            "“HS code”, “Description” and “Quantity”."
        ),
        422,
    ),
    "FILE_NOT_SPREADSHEET": CatalogueEntry(
        E, _("“{filename}” is not an .xlsx or .csv spreadsheet we can read: {reason}"), 422
    ),
    "FILE_ROWS_PAST_LIMIT": CatalogueEntry(
        E,
        _(
            "The file goes on to row {row}; at most {limit} rows are read, empty ones "
            "included. Delete the rows below the goods lines, or split the file, and upload "
            "it again."
        ),
        422,
    ),
    "FILE_TOO_LARGE": CatalogueEntry(
        E, _("The file is larger than {limit} MB: split it into smaller files."), 413
    ),
    "FILE_TOO_MANY_CELLS": CatalogueEntry(
        E,
        _(
            "The workbook holds more than {limit} cells or other XML elements and was not "
            "opened: copy the goods lines alone into a new workbook."
        ),
        422,
    ),
    "FILE_TOO_MANY_ROWS": CatalogueEntry(
        E, _("The file has more than {limit} rows: split it into smaller files."), 422
    ),
    "FILE_UNPACKS_TOO_LARGE": CatalogueEntry(
        E,
        _(
            "The workbook unpacks to more than {limit} MB or is compressed suspiciously "
            "well; it was not opened."
        ),
        422,
    ),
    "IMPORT_CELL_FORMULA": CatalogueEntry(
        E,
        _(
            "Cell {cell} holds a formula whose result the file does not store, or an error: "
            "paste the cells as values only, or save the file from Excel or LibreOffice, "
            "which store the results."
        ),
        422,
    ),
    "IMPORT_COLUMN_MISSING": CatalogueEntry(
        E, _("There is no column “{column}” in the file (chosen for {field})."), 422
    ),
    "IMPORT_COLUMN_REQUIRED": CatalogueEntry(
        E, _("Choose the column that holds the {field}."), 422
    ),
    "IMPORT_FIELD_UNKNOWN": CatalogueEntry(E, _("“{field}” is not a goods-line field."), 422),
    "IMPORT_HS_INVALID": CatalogueEntry(
        E, _("“{value}” is not an HS code (6 digits, or the 8- or 10-digit national code)."), 422
    ),
    "IMPORT_NO_LINES": CatalogueEntry(
        E, _("The file has no goods lines below its header row."), 422
    ),
    "IMPORT_NUMBER_INVALID": CatalogueEntry(E, _("“{value}” is not a number."), 422),
    "IMPORT_NUMBER_NEGATIVE": CatalogueEntry(E, _("“{value}” must not be negative."), 422),
    "IMPORT_NUMBER_TOO_LARGE": CatalogueEntry(
        E, _("“{value}” is too large: at most {digits} digits before the decimal point."), 422
    ),
    "IMPORT_PACKAGE_TYPE_INVALID": CatalogueEntry(
        E,
        _(
            "“{value}” is not a China customs packaging code "
            "(e.g. 22 cartons, 23 wooden cases, 06 bags)."
        ),
        422,
    ),
    "IMPORT_ROWS_BELOW_TOTAL": CatalogueEntry(
        W,
        _(
            "Rows {first}–{last} ({count} filled) are below the total row: they were not "
            "read as goods lines."
        ),
    ),
    "IMPORT_STOWAGE_CLEARED": CatalogueEntry(
        W, _("The previous lines' stowage in containers was removed: stow the new lines again.")
    ),
    "IMPORT_TEXT_TOO_LONG": CatalogueEntry(
        E, _("“{value}” is longer than {limit} characters."), 422
    ),
    "IMPORT_TOO_MANY_PROBLEMS": CatalogueEntry(
        E, _("… and {more} more problems: fix those shown first."), 422
    ),
    "IMPORT_TOTAL_ROW_SKIPPED": CatalogueEntry(
        W, _("Row {row} (“{text}”) is a total row: it was skipped, not imported as a line.")
    ),
    "IMPORT_UNIT_INVALID": CatalogueEntry(
        E, _("“{value}” is not a unit of measure we know (e.g. PCS, KG, SET or H87, KGM)."), 422
    ),
    "IMPORT_WHOLE_NUMBER": CatalogueEntry(E, _("“{value}” is not a whole number."), 422),
    # network
    "ENQUIRY_CONTACT_REQUIRED": CatalogueEntry(E, _("Give an e-mail address or a phone number.")),
    "PLACE_NOT_ON_NETWORK": CatalogueEntry(
        E, _("“{value}” is not on our network. Nearest hubs we serve: {nearest}."), 422
    ),
    "PLACE_UNKNOWN": CatalogueEntry(
        E, _("“{value}” is neither a UN/LOCODE nor a place on our network."), 422
    ),
    "QUOTE_EXPIRED": CatalogueEntry(E, _("This quote expired on {date}."), 409),
    "ROUTE_NONE": CatalogueEntry(
        E,
        _(
            "Every route from {origin} to {destination} is excluded by your constraints. "
            "A route exists if you allow: {relaxations}."
        ),
        422,
    ),
    "ROUTE_NONE_AT_ALL": CatalogueEntry(
        E, _("Our network has no route from {origin} to {destination}."), 422
    ),
    "ROUTE_SAME_PLACE": CatalogueEntry(E, _("Origin and destination are the same place.")),
    # bookings
    "BOOKING_CUT_OFF": CatalogueEntry(
        E, _("Booking closed at the cut-off, {cutoff}; ask an agent for a late booking."), 409
    ),
    "BOOKING_DEPARTED": CatalogueEntry(
        E, _("The train left on {departed}; this booking can no longer be cancelled."), 409
    ),
    "BOOKING_EXISTS": CatalogueEntry(
        E,
        _("The shipment is already booked on this departure ({reference}); change that booking."),
        409,
    ),
    "BOOKING_NOT_ACTIVE": CatalogueEntry(E, _("This booking is {status}; it cannot change."), 409),
    "BOOKING_NOT_OPEN": CatalogueEntry(E, _("Booking for this departure opens {opens}."), 409),
    "BOOKING_OVER_CAPACITY": CatalogueEntry(
        E, _("{teu} TEU is more than the whole train carries ({capacity} TEU)."), 409
    ),
    "BOOKING_OVER_SHIPMENT": CatalogueEntry(
        E, _("The shipment has {own} × {size_type}; {count} cannot be booked."), 422
    ),
    "BOOKING_ROUTE_MISMATCH": CatalogueEntry(
        E, _("This departure runs {service_route}; the shipment goes {shipment_route}."), 422
    ),
    "BOOKING_SHIPMENT_HELD": CatalogueEntry(
        E,
        _(
            "The shipment is held by compliance screening: the booking cannot be confirmed "
            "until an agent clears it. A request stays requested."
        ),
        409,
    ),
    "CAPACITY_SHORT": CatalogueEntry(
        E, _("Only {remaining} TEU remain on this departure; {teu} TEU are needed."), 409
    ),
    "CAPACITY_BELOW_BOOKED": CatalogueEntry(
        E, _("{booked} TEU are confirmed or held; capacity cannot go below that."), 409
    ),
    "CONTAINERS_REQUIRED": CatalogueEntry(
        E, _("Enter the shipment's containers first: a booking is for its own containers.")
    ),
    "DEPARTURE_NOT_BOOKABLE": CatalogueEntry(E, _("This departure is {status}."), 409),
    "DEPARTURE_STATUS_FINAL": CatalogueEntry(
        E, _("This departure is {status}; its status can no longer change."), 409
    ),
    "IDEMPOTENCY_KEY_REUSED": CatalogueEntry(
        E, _("This Idempotency-Key was used for a different request."), 422
    ),
    # documents: verification
    "VERIFY_FILE_REQUIRED": CatalogueEntry(E, _("Choose the file to compare.")),
    "VERIFY_FILE_TOO_LARGE": CatalogueEntry(
        E, _("The file is larger than {limit} MB, more than any issued document."), 413
    ),
    # documents: origin
    "ORIGIN_CRITERION_MISSING": CatalogueEntry(
        W,
        _(
            "Line {line}: no origin criterion is given for the RCEP certificate of origin; "
            "the certificate is left out of the pack until every line has one."
        ),
    ),
    "ORIGIN_CRITERION_NOT_MET": CatalogueEntry(
        W,
        _(
            "Line {line}: the origin criterion {criterion} is not met: {reason}; "
            "the certificate of origin is left out of the pack."
        ),
    ),
    "ORIGIN_CRITERION_UNKNOWN": CatalogueEntry(
        E, _("“{value}” is not an origin criterion (WO, PE, CC, CTH, CTSH, RVC40)."), 422
    ),
    "ORIGIN_CURRENCY_MIXED": CatalogueEntry(
        E, _("“{material}” is valued in {currency}; give every material in {expected}."), 422
    ),
    "ORIGIN_LINE_UNKNOWN": CatalogueEntry(E, _("The shipment has no goods line {line}."), 422),
    "ORIGIN_MATERIAL_HS": CatalogueEntry(
        E, _("“{value}” is not an HS code for a material (6 to 10 digits)."), 422
    ),
    "ORIGIN_VALUE_INVALID": CatalogueEntry(
        E, _("“{value}” is not a value: give a number of zero or more."), 422
    ),
    "ORIGIN_PSR_MISSING": CatalogueEntry(
        W,
        _(
            "Line {line}: no RCEP product-specific rule for HS {hs} is on file, so the claim "
            "{criterion} cannot be checked; the certificate of origin is left out of the pack."
        ),
    ),
    "ORIGIN_PSR_NOT_MET": CatalogueEntry(
        W,
        _(
            "Line {line}: the RCEP product-specific rule for HS {hs} is {rule}; the claim "
            "{criterion} does not meet it, so the certificate of origin is left out of the pack."
        ),
    ),
    "ORIGIN_NOT_CHINESE": CatalogueEntry(
        W,
        _(
            "Line {line}: the country of origin is {country}; the certificate of origin of "
            "China covers only goods produced in China, so it is left out of the pack."
        ),
    ),
}


def _app_catalogues() -> None:
    """Apps with their own block of codes (``<app>/errors.py``) join the one catalogue."""
    from cloudcabin.compliance.errors import COMPLIANCE_CATALOGUE
    from cloudcabin.tracking.errors import TRACKING_CATALOGUE

    for catalogue in (TRACKING_CATALOGUE, COMPLIANCE_CATALOGUE):
        clashes = CATALOGUE.keys() & catalogue.keys()
        assert not clashes, f"error codes defined twice: {sorted(clashes)}"
        CATALOGUE.update(catalogue)


@dataclass(frozen=True)
class Problem:
    code: str
    severity: Severity
    path: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {
            "code": self.code,
            "severity": str(self.severity),
            "path": self.path,
            "message": self.message,
        }


def problem(
    code: str, *, path: str = "", severity: Severity | None = None, **params: Any
) -> Problem:
    """Build a Problem from the catalogue, its message rendered in the active language."""
    entry = CATALOGUE[code]
    return Problem(
        code=code,
        severity=severity or entry.severity,
        path=path,
        message=str(entry.message).format(**params),
    )


class ProblemError(Exception):
    """Input was refused; carries the problems that say why."""

    def __init__(self, *problems: Problem, status: int | None = None) -> None:
        if not problems:
            raise ValueError("ProblemError needs at least one problem")
        self.problems = list(problems)
        self.status = status or CATALOGUE[problems[0].code].http_status
        super().__init__("; ".join(f"{p.path or '-'}: {p.code}" for p in problems))

    @classmethod
    def of(cls, code: str, *, path: str = "", **params: Any) -> ProblemError:
        return cls(problem(code, path=path, **params))


class StaleVersionError(ProblemError):
    """A save named an older version of a record than the stored one (optimistic
    concurrency): refused with STALE_VERSION, carrying the record as it is stored now so
    that the answer can show it. ``current`` is that record as the API renders it, set by
    the endpoint that knows its shape."""

    def __init__(self, record: Any) -> None:
        super().__init__(problem("STALE_VERSION", path="version"))
        self.record = record
        self.current: dict[str, Any] | None = None


def errors_only(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == Severity.ERROR]


def add_problems_to_form(form: Any, problems: list[Problem]) -> None:
    """Show problems on a Django form: on the field their path names, else above the form."""
    for found in problems:
        field = found.path if found.path in form.fields else None
        form.add_error(field, found.message)


logger = logging.getLogger(__name__)


@contextmanager
def render_failure_is_a_finding(document: str | Promise) -> Iterator[None]:
    """Around a renderer (PDF, XML, xlsx): stored data it cannot write becomes a 409 finding
    (RENDER_FAILED) instead of a 500. Usable as a decorator too.

    Writes refuse such data (``cloudcabin.fields``), but rows written before, or around the
    services, must not take a page or a train's manifest down for everyone.
    """
    try:
        yield
    except (ProblemError, Http404):
        raise
    except Exception as exc:
        logger.exception("rendering the %s failed", document)
        detail = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        raise ProblemError.of("RENDER_FAILED", document=str(document), detail=detail) from exc


_app_catalogues()
