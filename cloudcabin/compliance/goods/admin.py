"""The back office for the goods rules: operators add, edit and end rules."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from cloudcabin.compliance.models.goods import GoodsRule


@admin.register(GoodsRule)
class GoodsRuleAdmin(admin.ModelAdmin[GoodsRule]):
    list_display = ("key", "hs_prefix", "effect", "regime", "valid_from", "valid_to", "seed")
    list_filter = ("effect", "regime", "seed")
    search_fields = ("key", "hs_prefix", "legal_ref", "summary_en", "summary_zh")
    readonly_fields = ("seed", "updated_at")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def save_model(self, request: HttpRequest, obj: GoodsRule, form: Any, change: bool) -> None:
        # An operator's edit takes the rule over from the seed file: reloading the seed
        # leaves it as the operator left it (goods.loading).
        obj.seed = ""
        super().save_model(request, obj, form, change)
