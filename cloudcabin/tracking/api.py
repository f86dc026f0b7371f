"""The tracking API under /api/v1/tracking: one thin module per concern joins this router."""

from __future__ import annotations

from ninja import Router

from cloudcabin.tracking.api_links import router as links_router
from cloudcabin.tracking.api_timeline import router as timeline_router

router = Router()
router.add_router("", links_router)
router.add_router("", timeline_router)
