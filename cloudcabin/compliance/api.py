"""The compliance API under /api/v1/compliance: one thin module per concern joins this router."""

from __future__ import annotations

from ninja import Router

from cloudcabin.compliance.goods.api import router as goods_router
from cloudcabin.compliance.hs.api import router as hs_router
from cloudcabin.compliance.matching.api import router as matching_router
from cloudcabin.compliance.screening.api import router as screening_router

router = Router()
router.add_router("", matching_router)
router.add_router("", goods_router)
router.add_router("", hs_router)
router.add_router("", screening_router)
