from __future__ import annotations

from django.apps import AppConfig


class TrackingConfig(AppConfig):
    name = "cloudcabin.tracking"
    label = "tracking"
    verbose_name = "Tracking"

    def ready(self) -> None:
        # The receivers of the events' signals connect themselves, one module per concern.
        from cloudcabin.tracking.notifications import receivers as _notifications  # noqa: F401
        from cloudcabin.tracking.webhooks import receivers as _webhooks  # noqa: F401
