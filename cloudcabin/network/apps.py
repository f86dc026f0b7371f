from __future__ import annotations

from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "cloudcabin.network"
    label = "network"
    verbose_name = "Network, routes and quotes"
