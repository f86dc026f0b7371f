"""The tracking API under /api/v1/tracking: one thin module per concern joins this router."""

from __future__ import annotations

from ninja import Router

from cloudcabin.tracking.webhooks.api import router as webhooks_router

router = Router()
router.add_router("/webhooks", webhooks_router)
