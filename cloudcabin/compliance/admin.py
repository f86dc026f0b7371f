"""The compliance back office: one import line per concern's admin module."""

from __future__ import annotations

from cloudcabin.compliance.goods import admin as goods_admin  # noqa: F401
from cloudcabin.compliance.lists import admin as lists_admin  # noqa: F401
