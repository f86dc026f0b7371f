"""The compliance app's error codes, merged into the one catalogue (``cloudcabin.errors``).

Keep each block sorted by code; add, never rename.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _  # noqa: F401

from cloudcabin.errors import CatalogueEntry, Severity

E, W = Severity.ERROR, Severity.WARNING

COMPLIANCE_CATALOGUE: dict[str, CatalogueEntry] = {
    # lists and their loader (compliance.lists)
    # screening and the review queue (compliance.screening)
    # goods restricted on the route (compliance.goods)
    # HS suggestion (compliance.hs)
}
