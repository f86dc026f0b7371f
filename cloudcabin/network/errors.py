"""The network's error codes (places, routes, quotes, enquiries), one block of the one
catalogue (``cloudcabin.errors``).

Keep each block sorted by code; add, never rename.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cloudcabin.catalogue import CatalogueEntry, Severity

E, W = Severity.ERROR, Severity.WARNING

NETWORK_CATALOGUE: dict[str, CatalogueEntry] = {
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
}
