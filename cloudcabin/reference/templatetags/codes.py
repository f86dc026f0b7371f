"""Template tags for code pickers: ``{% load codes %}``."""

from __future__ import annotations

from typing import Any

from django import template

from cloudcabin.reference import codes, declared_elements
from cloudcabin.reference.declared_elements import ElementsForm

register = template.Library()


@register.simple_tag
def unit_options(current: Any = "") -> list[tuple[str, str]]:
    return codes.unit_choices(str(current or ""))


@register.simple_tag
def customs_options(table: str, current: Any = "") -> list[tuple[str, str]]:
    return codes.customs_choices(table, str(current or ""), blank="—")


@register.simple_tag
def brand_type_options() -> list[tuple[str, str]]:
    return declared_elements.code_choices(declared_elements.BRAND_TYPES)


@register.simple_tag
def export_preference_options() -> list[tuple[str, str]]:
    return declared_elements.code_choices(declared_elements.EXPORT_PREFERENCES)


@register.simple_tag
def declared_elements_form(code: Any, text: Any) -> ElementsForm:
    """The form for ``code`` filled from ``text`` (the stored string, or the one the line
    editor composed and is sending)."""
    return declared_elements.elements_form(str(code or ""), str(text or ""))


@register.filter
def unit_label(rec20: Any) -> str:
    """'H87' → 'H87 个' (Chinese) or 'H87 piece'; a code the table lacks, as it is."""
    zh, en = codes.unit_name(str(rec20 or ""))
    name = codes.name_in_language(zh, en)
    return f"{rec20} {name}" if name else str(rec20 or "")


@register.filter
def customs_label(code: Any, table: str) -> str:
    """'22' → '22 纸制或纤维板制盒/箱' (or its English name); a code the table lacks, as it is."""
    code = str(code or "")
    zh, en = codes.customs_name(table, code)
    name = codes.name_in_language(zh, en)
    return f"{code} {name}" if name else code
