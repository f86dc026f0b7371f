"""The tracking app's error codes, merged into the one catalogue (``cloudcabin.errors``).

Keep each block sorted by code; add, never rename.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cloudcabin.errors import CatalogueEntry, Severity

E, W = Severity.ERROR, Severity.WARNING

TRACKING_CATALOGUE: dict[str, CatalogueEntry] = {
    # recording events (tracking.services)
    "TRACKING_ACT_IN_FUTURE": CatalogueEntry(
        E, _("An actual event cannot be in the future ({time} is later than now)."), 422
    ),
    "TRACKING_BATCH_EMPTY": CatalogueEntry(E, _("Send at least one event."), 422),
    "TRACKING_BATCH_TOO_LARGE": CatalogueEntry(
        E, _("Send at most {limit} events at once; this batch has {count}."), 422
    ),
    "TRACKING_BOOKING_NOT_ACTIVE": CatalogueEntry(
        E, _("Booking {booking} is {status}; only confirmed or departed bookings are tracked."), 422
    ),
    "TRACKING_BOOKING_UNKNOWN": CatalogueEntry(
        E, _("No booking {booking} is yours to track."), 422
    ),
    "TRACKING_CLASSIFIER_UNKNOWN": CatalogueEntry(
        E, _("The classifier must be ACT (actual), EST (estimated) or PLN (planned)."), 422
    ),
    "TRACKING_CONTAINER_NOT_ON_BOOKING": CatalogueEntry(
        E, _("Container {container} is not on booking {booking}."), 422
    ),
    "TRACKING_EVENT_ALREADY_RETRACTED": CatalogueEntry(
        E, _("This event was already retracted."), 409
    ),
    "TRACKING_LOCATION_UNKNOWN": CatalogueEntry(E, _("{locode} is not a UN/LOCODE we know."), 422),
    "TRACKING_MILESTONE_UNKNOWN": CatalogueEntry(
        E, _("{milestone} is not a milestone we know."), 422
    ),
    "TRACKING_TIME_REQUIRED": CatalogueEntry(
        E, _("Give the event's date and time with its offset, e.g. 2026-12-04T10:00+08:00."), 422
    ),
    # ingest: API, CSV, agent forms (tracking.ingest)
    # EDIFACT IFTSTA in and out (tracking.edifact)
    # ETA (tracking.eta)
    # sharing shipments with other organizations (tracking.sharing)
    # timelines and consignee links (tracking.links)
    # notifications and webhooks (tracking.webhooks)
    "WEBHOOK_ENDPOINT_DISABLED": CatalogueEntry(
        E, _("This endpoint is disabled; enable it before sending to it."), 409
    ),
    "WEBHOOK_EVENT_TYPE_UNKNOWN": CatalogueEntry(
        E, _("{type} is not an event type we send; choose from {known}."), 422
    ),
    "WEBHOOK_EVENT_TYPES_REQUIRED": CatalogueEntry(
        E, _("Choose at least one event type to send."), 422
    ),
    "WEBHOOK_URL_INVALID": CatalogueEntry(
        E, _("Give the endpoint's full address, e.g. https://example.com/webhooks."), 422
    ),
    "WEBHOOK_URL_NOT_HTTPS": CatalogueEntry(
        E, _("Webhooks are sent only to https:// addresses."), 422
    ),
    "WEBHOOK_URL_NOT_PUBLIC": CatalogueEntry(
        E,
        _(
            "{host} resolves to {address}, a private, loopback or link-local address; "
            "webhooks are sent only to public addresses."
        ),
        422,
    ),
    "WEBHOOK_URL_UNRESOLVED": CatalogueEntry(E, _("{host} does not resolve to any address."), 422),
}
