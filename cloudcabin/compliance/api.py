"""The compliance API under /api/v1/compliance: one thin module per concern joins this router."""

from __future__ import annotations

from ninja import Router

from cloudcabin.compliance.goods.api import router as goods_router

router = Router()
router.add_router("", goods_router)
