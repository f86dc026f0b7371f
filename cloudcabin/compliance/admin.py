"""The compliance back office, one module per concern."""

from cloudcabin.compliance.goods import admin as goods_admin  # noqa: F401
