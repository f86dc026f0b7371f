from __future__ import annotations

from django.apps import AppConfig


class TrackingConfig(AppConfig):
    name = "cloudcabin.tracking"
    label = "tracking"
    verbose_name = "Tracking"

    def ready(self) -> None:
        from cloudcabin.tracking.eta import receivers  # noqa: F401  (connects them)
