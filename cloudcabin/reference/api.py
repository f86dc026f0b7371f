"""API: reference data search and lookups."""

from __future__ import annotations

from ninja import Router

router = Router()
