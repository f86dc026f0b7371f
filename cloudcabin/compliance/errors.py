"""The compliance app's error codes, one block of the one catalogue (``cloudcabin.errors``).

Keep each block sorted by code; add, never rename.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cloudcabin.catalogue import CatalogueEntry, Severity

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
    "SCREENING_DECISION_UNCHANGED": CatalogueEntry(E, _("This hit is already {status}."), 409),
    "SCREENING_NOT_AGENT": CatalogueEntry(
        E, _("Only an agent of the operator clears or confirms a screening hit."), 403
    ),
    "SCREENING_PARTY_CONFIRMED": CatalogueEntry(
        E,
        _(
            "The {role} {party} is confirmed as {listed} on {list}: an agent decided it is "
            "the listed party. The shipment may not be booked or its documents issued."
        ),
        409,
    ),
    "SCREENING_PARTY_HELD": CatalogueEntry(
        E,
        _(
            "The {role} {party} is held: it may be {listed} on {list} (score {score}). "
            "Booking confirmation and document issue wait until an agent clears it."
        ),
        409,
    ),
    "SCREENING_PARTY_NOTE": CatalogueEntry(
        W,
        _(
            "The {role} {party} resembles {listed} on {list} (score {score}): a weak "
            "resemblance, noted for the agents; it holds nothing."
        ),
    ),
    "SCREENING_PENDING": CatalogueEntry(
        E,
        _(
            "The {role} {party} has not been screened against the lists loaded now; "
            "screening runs in the background, try again in a minute."
        ),
        409,
    ),
    "SCREENING_REASON_REQUIRED": CatalogueEntry(
        E, _("Say why: the reason is kept with the decision."), 422
    ),
    # goods restricted on the route (compliance.goods)
    "GOODS_BLOCKED": CatalogueEntry(
        E,
        _("Line {line}, HS {hs}: may not travel this route. {summary} ({legal_ref}; {source})"),
        409,
    ),
    "GOODS_CLAUSE": CatalogueEntry(
        W,
        _("Line {line}, HS {hs}: a contract clause is required. {summary} ({legal_ref}; {source})"),
    ),
    "GOODS_HS_INVALID": CatalogueEntry(
        E, _("“{value}” is not an HS code: give 4 to 10 digits (dots and spaces are ignored)."), 422
    ),
    "GOODS_LICENCE": CatalogueEntry(
        W,
        _("Line {line}, HS {hs}: a licence may be required. {summary} ({legal_ref}; {source})"),
    ),
    "GOODS_ROUTE_UNPLANNED": CatalogueEntry(
        W,
        _(
            "No route planned: the goods were checked against their origin, export country "
            "and destination only. Plan the route to check the countries they transit."
        ),
    ),
    "GOODS_SEED_INVALID": CatalogueEntry(
        E, _("The goods rule file {file} could not be loaded: {detail}"), 422
    ),
    "GOODS_WARN": CatalogueEntry(W, _("Line {line}, HS {hs}: {summary} ({legal_ref}; {source})")),
    # HS suggestion (compliance.hs)
}
