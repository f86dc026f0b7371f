from __future__ import annotations

from django.apps import AppConfig


class TrackingConfig(AppConfig):
    name = "cloudcabin.tracking"
    label = "tracking"
    verbose_name = "Tracking"

    def ready(self) -> None:
        # Receivers of the tracking signals, one import line per module.
        from cloudcabin.tracking import ingest_status  # noqa: F401
