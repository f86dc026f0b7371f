"""The compliance admin: one import line per concern's admin module."""

from __future__ import annotations

from cloudcabin.compliance.lists import admin as lists_admin  # noqa: F401
