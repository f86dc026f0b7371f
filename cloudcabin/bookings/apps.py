from __future__ import annotations

from django.apps import AppConfig


class BookingsConfig(AppConfig):
    name = "cloudcabin.bookings"
    label = "bookings"
    verbose_name = "Bookings"
