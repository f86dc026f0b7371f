"""The China customs declaration's error codes, one block of the one
catalogue (``cloudcabin.errors``).

Keep each block sorted by code; add, never rename.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cloudcabin.catalogue import CatalogueEntry, Severity

E, W = Severity.ERROR, Severity.WARNING

DECLARATION_CATALOGUE: dict[str, CatalogueEntry] = {
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
    "DEC_HEADER_CODE_MISSING": CatalogueEntry(E, _("{label} is missing.")),
    "DEC_INSURANCE_MISSING": CatalogueEntry(E, _("Insurance is required on {terms} terms.")),
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
}
