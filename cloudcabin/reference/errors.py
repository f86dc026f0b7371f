"""The reference data's error codes, one block of the one
catalogue (``cloudcabin.errors``).

Keep each block sorted by code; add, never rename.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cloudcabin.catalogue import CatalogueEntry, Severity

E, W = Severity.ERROR, Severity.WARNING

REFERENCE_CATALOGUE: dict[str, CatalogueEntry] = {
    # reference data
    "CURRENCY_UNKNOWN": CatalogueEntry(E, _("“{value}” is not an ISO 4217 currency code.")),
    "HS_UNKNOWN": CatalogueEntry(E, _("“{value}” is not an HS 2022 code.")),
    "LOCODE_UNKNOWN": CatalogueEntry(E, _("“{value}” is not a known UN/LOCODE.")),
    "QUERY_TOO_SHORT": CatalogueEntry(E, _("Type at least {minimum} characters.")),
}
