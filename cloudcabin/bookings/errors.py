"""The bookings app's error codes, one block of the one
catalogue (``cloudcabin.errors``).

Keep each block sorted by code; add, never rename.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cloudcabin.catalogue import CatalogueEntry, Severity

E, W = Severity.ERROR, Severity.WARNING

BOOKINGS_CATALOGUE: dict[str, CatalogueEntry] = {
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
    "CAPACITY_BELOW_BOOKED": CatalogueEntry(
        E, _("{booked} TEU are confirmed or held; capacity cannot go below that."), 409
    ),
    "CAPACITY_SHORT": CatalogueEntry(
        E, _("Only {remaining} TEU remain on this departure; {teu} TEU are needed."), 409
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
}
