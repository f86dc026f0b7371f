from __future__ import annotations

from django.apps import AppConfig


class ShipmentsConfig(AppConfig):
    name = "cloudcabin.shipments"
    label = "shipments"
    verbose_name = "Shipments"
