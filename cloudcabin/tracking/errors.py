"""The tracking app's error codes, one block of the one catalogue (``cloudcabin.errors``).

Keep each block sorted by code; add, never rename.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cloudcabin.catalogue import CatalogueEntry, Severity

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
    "TRACKING_CONTAINER_UNKNOWN": CatalogueEntry(
        E, _("No container {container} is on a shipment of yours."), 422
    ),
    "TRACKING_CSV_COLUMN_MISSING": CatalogueEntry(
        E, _("The file has no “{column}” column; the header row names the fields."), 422
    ),
    "TRACKING_CSV_COLUMN_UNKNOWN": CatalogueEntry(
        E, _("“{column}” is not a field of an event; use the API's field names."), 422
    ),
    "TRACKING_CSV_EMPTY": CatalogueEntry(E, _("The file has no header row and no events."), 422),
    "TRACKING_CSV_ROW_LENGTH": CatalogueEntry(
        E, _("This row has {count} fields; the header row has {expected}."), 422
    ),
    "TRACKING_CSV_UNREADABLE": CatalogueEntry(
        E, _("The file is not CSV text (UTF-8 or GB 18030)."), 422
    ),
    "TRACKING_DEPARTURE_NOTHING_TO_TRACK": CatalogueEntry(
        E, _("No confirmed or departed booking on this train is yours to track."), 422
    ),
    # EDIFACT IFTSTA in and out (tracking.edifact)
    "TRACKING_EDIFACT_PROFILE_INACTIVE": CatalogueEntry(
        E, _("The EDIFACT profile for {partner} is switched off; switch it on to send."), 409
    ),
    "TRACKING_EDIFACT_PROFILE_PARTNER": CatalogueEntry(
        E, _("Name the partner, or choose its organization on the platform."), 422
    ),
    "TRACKING_IFTSTA_BOOKING_MISSING": CatalogueEntry(
        E,
        _(
            "This status names no booking: give RFF+BN with our booking reference "
            "(BK-000123), or RFF+AAS with the consignment note number."
        ),
        422,
    ),
    "TRACKING_IFTSTA_CONTENT_TYPE": CatalogueEntry(
        E, _("Send the EDIFACT text as the request body, with the content type {types}."), 415
    ),
    "TRACKING_IFTSTA_COUNT_WRONG": CatalogueEntry(
        E, _("The count says {declared}, but there are {actual}."), 422
    ),
    "TRACKING_IFTSTA_ELEMENT_MISSING": CatalogueEntry(
        E, _("{tag} needs its data element {element}."), 422
    ),
    "TRACKING_IFTSTA_ENVELOPE": CatalogueEntry(
        E, _("The interchange must have {expected} here."), 422
    ),
    "TRACKING_IFTSTA_LOCATION_MALFORMED": CatalogueEntry(
        E, _("{value} is not a UN/LOCODE (two letters of the country, three of the place)."), 422
    ),
    "TRACKING_IFTSTA_MESSAGE_UNCLOSED": CatalogueEntry(
        E, _("The message before this point is not closed by UNT."), 422
    ),
    "TRACKING_IFTSTA_MESSAGE_UNSUPPORTED": CatalogueEntry(
        E,
        _(
            "{message} is not a message we read: send IFTSTA of a directory from D.96B to "
            "D.13B (the layout led by CNI), e.g. IFTSTA:D:00B:UN."
        ),
        422,
    ),
    "TRACKING_IFTSTA_NO_STATUS": CatalogueEntry(
        E, _("The interchange holds no status (STS) to record."), 422
    ),
    "TRACKING_IFTSTA_NOTE_AMBIGUOUS": CatalogueEntry(
        E, _("Consignment note {note} is on several bookings ({bookings}); give RFF+BN."), 422
    ),
    "TRACKING_IFTSTA_NOTE_UNKNOWN": CatalogueEntry(
        E, _("No booking of yours that is tracked has consignment note {note}."), 422
    ),
    "TRACKING_IFTSTA_NOTHING_TO_SEND": CatalogueEntry(
        E, _("Booking {booking} has no events that IFTSTA can carry yet."), 409
    ),
    "TRACKING_IFTSTA_QUALIFIER_UNKNOWN": CatalogueEntry(
        E, _("{tag}: {qualifier} is not a code we read here; expected one of {expected}."), 422
    ),
    "TRACKING_IFTSTA_REFERENCE_MISMATCH": CatalogueEntry(
        E, _("The reference {reference} does not match the one its header gave."), 422
    ),
    "TRACKING_IFTSTA_SEGMENT_UNEXPECTED": CatalogueEntry(
        E, _("{tag} is not expected here in the IFTSTA layout led by CNI."), 422
    ),
    "TRACKING_IFTSTA_STATUS_AMBIGUOUS": CatalogueEntry(
        E,
        _(
            "Status {status} could be any of {milestones}; give the place (LOC+175 with the "
            "UN/LOCODE) so that we can tell which."
        ),
        422,
    ),
    "TRACKING_IFTSTA_STATUS_UNMAPPED": CatalogueEntry(
        E, _("Status {status} (UN/ECE Rec. 24) is none of our milestones."), 422
    ),
    "TRACKING_IFTSTA_TIME_MALFORMED": CatalogueEntry(
        E,
        _(
            "{value} is not a date and time in format {format} (203: CCYYMMDDHHMM in UTC; "
            "303: the same followed by the zone, e.g. +08)."
        ),
        422,
    ),
    "TRACKING_IFTSTA_TIME_MISSING": CatalogueEntry(
        E,
        _(
            "This status has no event time: give a DTM with qualifier 334, 178, 186, 132, "
            "133, 17, 232 or 189."
        ),
        422,
    ),
    "TRACKING_IFTSTA_UNREADABLE": CatalogueEntry(
        E, _("The EDIFACT text could not be read: {detail}"), 422
    ),
    # ETA (tracking.eta)
    # sharing shipments with other organizations (shipments.sharing)
    "SHARE_ALREADY": CatalogueEntry(E, _("{organization} already sees this shipment."), 409),
    "SHARE_ORGANIZATION_UNKNOWN": CatalogueEntry(
        E,
        _(
            "No organization on cloudcabin with this id is named on the shipment's parties: "
            "share with one of them, or invite the company by e-mail."
        ),
        422,
    ),
    "SHARE_OWN_ORGANIZATION": CatalogueEntry(
        E, _("This shipment is your organization's own: there is nobody to share it with."), 409
    ),
    "SHARE_ROLE_UNKNOWN": CatalogueEntry(
        E, _("Choose the role: consignee, notify party, customs broker or forwarder."), 422
    ),
    "SHARE_TARGET_REQUIRED": CatalogueEntry(
        E, _("Give either an organization or an e-mail address (one of the two)."), 422
    ),
    # timelines and consignee links (tracking.links)
    "TRACKING_LINK_DAYS": CatalogueEntry(
        E, _("A tracking link lasts from 1 to {limit} days."), 422
    ),
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
