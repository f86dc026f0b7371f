"""API: spreadsheet import and export of goods lines."""

from __future__ import annotations

from ninja import Router

router = Router()
