"""The compliance app's error codes, merged into the one catalogue (``cloudcabin.errors``).

Keep each block sorted by code; add, never rename.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cloudcabin.errors import CatalogueEntry, Severity

E, W = Severity.ERROR, Severity.WARNING

COMPLIANCE_CATALOGUE: dict[str, CatalogueEntry] = {
    # lists and their loader (compliance.lists), the ad-hoc screen (compliance.matching)
    "LIST_FILE_MALFORMED": CatalogueEntry(
        E,
        _("The list file could not be read: {detail}. The current version is unchanged."),
        422,
    ),
    "LIST_SOURCE_UNKNOWN": CatalogueEntry(
        E, _("Unknown list {source}; the lists are {known}."), 422
    ),
    "SCREENING_QUERY_NAME_EMPTY": CatalogueEntry(
        E,
        _(
            "Give a name to screen: letters or digits besides legal forms such as "
            '"Co., Ltd.", 有限公司 or ООО, or give an identifier.'  # noqa: RUF001
        ),
        422,
    ),
    # screening and the review queue (compliance.screening)
    # goods restricted on the route (compliance.goods)
    # HS suggestion (compliance.hs)
}
