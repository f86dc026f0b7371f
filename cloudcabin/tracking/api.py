"""The tracking API under /api/v1/tracking: one thin module per concern joins this router."""

from __future__ import annotations

from ninja import Router

from cloudcabin.tracking.api_events import router as events_router
from cloudcabin.tracking.api_links import router as links_router
from cloudcabin.tracking.api_timeline import router as timeline_router
from cloudcabin.tracking.edifact.api import router as edifact_router
from cloudcabin.tracking.webhooks.api import router as webhooks_router

router = Router()
router.add_router("", events_router)
router.add_router("", edifact_router)
router.add_router("", links_router)
router.add_router("", timeline_router)
router.add_router("/webhooks", webhooks_router)
