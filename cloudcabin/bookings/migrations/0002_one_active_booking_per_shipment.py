from django.db import migrations, models
from django.db.models import Count, F

ACTIVE = ["confirmed", "held", "requested", "waitlisted"]


def cancel_duplicates(apps, schema_editor):
    """Before the constraint: keep the oldest active booking of a shipment on a departure.

    Later duplicates (parallel requests once made them) are cancelled, their confirmed TEU
    given back to the departure, and the cancellation written to their audit trail.
    """
    Booking = apps.get_model("bookings", "Booking")
    BookingEvent = apps.get_model("bookings", "BookingEvent")
    Departure = apps.get_model("bookings", "Departure")
    doubled = (
        Booking.objects.filter(status__in=ACTIVE, shipment__isnull=False)
        .values("shipment_id", "departure_id")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    for pair in doubled:
        later = Booking.objects.filter(
            shipment_id=pair["shipment_id"],
            departure_id=pair["departure_id"],
            status__in=ACTIVE,
        ).order_by("created_at", "id")[1:]
        for booking in later:
            before = {"status": booking.status, "teu": str(booking.teu)}
            if booking.status == "confirmed":
                Departure.objects.filter(pk=booking.departure_id).update(
                    confirmed_teu=F("confirmed_teu") - booking.teu
                )
            booking.status = "cancelled"
            booking.save(update_fields=["status"])
            BookingEvent.objects.create(
                organization_id=booking.organization_id,
                booking=booking,
                departure_id=booking.departure_id,
                kind="cancelled",
                before=before,
                after={"status": "cancelled", "teu": str(booking.teu), "duplicate": True},
            )


class Migration(migrations.Migration):
    dependencies = [
        ("bookings", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(cancel_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="booking",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status__in", ACTIVE)),
                fields=("shipment", "departure"),
                name="one_active_booking_per_shipment",
            ),
        ),
    ]
