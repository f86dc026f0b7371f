"""E-mails to the shipper, sent only once the transaction that changed the booking commits."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cloudcabin.accounts.mail import send_in_their_language
from cloudcabin.accounts.models import Membership, Role, User
from cloudcabin.bookings.models import Booking, BookingEventKind, station_text

SUBJECTS = {
    BookingEventKind.CONFIRMED: gettext_noop(
        "Booking {reference} confirmed on {service} {departs}"
    ),
    BookingEventKind.PROMOTED: gettext_noop(
        "Booking {reference} confirmed from the waitlist: {service} {departs}"
    ),
    BookingEventKind.WAITLISTED: gettext_noop(
        "Booking {reference} is on the waitlist of {service} {departs}"
    ),
    BookingEventKind.REJECTED: gettext_noop("Booking {reference} was rejected"),
    BookingEventKind.MOVED: gettext_noop("Booking {reference} moved to {service} {departs}"),
    BookingEventKind.REMINDED: gettext_noop(
        "Cut-off soon for booking {reference}: {service} {departs}"
    ),
    BookingEventKind.DEPARTURE_CLOSED: gettext_noop(
        "Booking {reference}: {service} {departs} is closed for booking"
    ),
    BookingEventKind.DEPARTED: gettext_noop(
        "Booking {reference}: train {service} departed {departs}"
    ),
    BookingEventKind.TRAIN_CANCELLED: gettext_noop(
        "Booking {reference}: train {service} {departs} was cancelled"
    ),
}


def recipients(booking: Booking) -> list[str]:
    """Whoever made the booking if they belong to the shipper, else the shipper's owners."""
    creator = booking.created_by
    if (
        creator is not None
        and creator.email
        and Membership.objects.filter(user=creator, organization_id=booking.organization_id)
        .exclude(role=Role.AGENT)
        .exists()
    ):
        return [creator.email]
    return sorted(
        Membership.objects.filter(organization_id=booking.organization_id, role=Role.OWNER)
        .values_list("user__email", flat=True)
        .distinct()
    )


def notify(booking: Booking, kind: BookingEventKind, *, to: User | None = None) -> None:
    """Queue the e-mail for this change; nothing is sent if the transaction rolls back.

    The mail is written from the booking as this transaction saved it (its related rows
    are already loaded by the service), after the commit and outside the departure's
    lock. ``to`` skips the recipient look-up when the caller already knows it (the
    signed-in shipper: neither their address nor their language is read again).
    """
    if kind not in SUBJECTS or booking.shipment_id is None:
        return

    def send() -> None:
        fresh = booking
        recipients_to = [to.email] if to is not None else recipients(fresh)
        if not recipients_to:
            return
        departure = fresh.departure
        zone = departure.service.timezone

        def compose() -> tuple[str, str]:
            fields = {
                "reference": fresh.reference,
                "service": departure.service.code,
                "departs": station_text(departure.departs_at, zone),
            }
            subject = _(SUBJECTS[kind]).format(**fields)
            body = "\n".join(
                [
                    subject,
                    "",
                    _("Shipment: {shipment}").format(shipment=fresh.shipment),
                    _("Containers: {count} ({teu} TEU)").format(
                        count=fresh.container_count, teu=fresh.teu
                    ),
                    _("Status: {status}").format(status=fresh.get_status_display()),
                    _("Cut-off: {cutoff}").format(cutoff=station_text(departure.cutoff_at, zone)),
                    _("Containers at the yard by: {deadline}").format(
                        deadline=station_text(departure.yard_deadline_at, zone)
                    ),
                ]
            )
            return subject, body

        known = {to.email: to.language} if to is not None else None
        send_in_their_language(recipients_to, compose, known=known)

    # A mail task: a mail server that is down is tried again later (accounts.tasks).
    transaction.on_commit(send)
