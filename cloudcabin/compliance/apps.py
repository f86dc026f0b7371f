from __future__ import annotations

from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    """Denied-party screening, goods restricted on the route, HS suggestions.

    The app reads shipments, routes and reference data; nothing below it imports it. It
    reaches the booking and issue paths only through the hold registry they expose.
    """

    name = "cloudcabin.compliance"
    label = "compliance"
    verbose_name = "Compliance"

    def ready(self) -> None:
        # Receivers and hold sources, one import line per module.
        from cloudcabin.compliance import signals  # noqa: F401
        from cloudcabin.compliance.goods import hooks  # noqa: F401
        from cloudcabin.compliance.models import GoodsRule
        from cloudcabin.compliance.screening import holds, receivers  # noqa: F401
        from cloudcabin.reference.codes import keep_in_memory

        keep_in_memory(GoodsRule)  # goods.selectors.all_rules
