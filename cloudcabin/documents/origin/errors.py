"""The certificate of origin's error codes, one block of the one
catalogue (``cloudcabin.errors``).

Keep each block sorted by code; add, never rename.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cloudcabin.catalogue import CatalogueEntry, Severity

E, W = Severity.ERROR, Severity.WARNING

ORIGIN_CATALOGUE: dict[str, CatalogueEntry] = {
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
    "ORIGIN_NOT_CHINESE": CatalogueEntry(
        W,
        _(
            "Line {line}: the country of origin is {country}; the certificate of origin of "
            "China covers only goods produced in China, so it is left out of the pack."
        ),
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
    "ORIGIN_VALUE_INVALID": CatalogueEntry(
        E, _("“{value}” is not a value: give a number of zero or more."), 422
    ),
}
