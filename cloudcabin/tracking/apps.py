from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db.models.signals import post_migrate


class TrackingConfig(AppConfig):
    name = "cloudcabin.tracking"
    label = "tracking"
    verbose_name = "Tracking"

    def ready(self) -> None:
        post_migrate.connect(seed_milestones_if_empty, sender=self)
        # Receivers of the tracking signals, one import line per module.
        from cloudcabin.tracking import ingest_status  # noqa: F401
        from cloudcabin.tracking.eta import receivers  # noqa: F401
        from cloudcabin.tracking.notifications import receivers as _notifications  # noqa: F401
        from cloudcabin.tracking.webhooks import receivers as _webhooks  # noqa: F401


def seed_milestones_if_empty(sender: Any, apps: Any = global_apps, **kwargs: Any) -> None:
    """Migration 0001 seeds the milestone table, but a flush (between transactional tests)
    empties it and then sends ``post_migrate``: seed it again, only when it is empty, so
    that operators' edits are never overwritten."""
    from cloudcabin.tracking.milestones import load_milestones

    model = apps.get_model("tracking", "Milestone")
    if not model.objects.exists():
        load_milestones(model)
