"""The tracking API under /api/v1/tracking: one thin module per concern joins this router."""

from __future__ import annotations

from ninja import Router

router = Router()
