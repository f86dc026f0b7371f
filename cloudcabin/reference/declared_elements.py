"""Declared elements (规范申报要素): the pipe string customs reads, as a form people fill.

An export string starts with the brand type and the export preference (codes below, from
``shared/reference/trade-documents.md``, "GModel prefix for exports"), then the elements
the code's template lists, in order. ``compose`` builds the string from the inputs and
``parse`` splits a stored one back into them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from cloudcabin.reference.codes import Template, chinese, name_in_language, template_for

SEPARATOR = "|"
# 品牌类型
BRAND_TYPES = {
    "0": ("无品牌", _("no brand")),
    "1": ("境内自主品牌", _("own domestic brand")),
    "2": ("境内收购品牌", _("acquired domestic brand")),
    "3": ("境外品牌(贴牌生产)", _("foreign brand, made under licence (OEM)")),
    "4": ("境外品牌(其他)", _("foreign brand, other")),
}
# 出口享惠情况
EXPORT_PREFERENCES = {
    "0": ("不享受", _("no preferential duty at destination")),
    "1": ("享受", _("preferential duty at destination")),
    "2": ("不能确定", _("cannot tell")),
}


def code_choices(codes: Mapping[str, tuple[str, object]]) -> list[tuple[str, str]]:
    return [("", "—")] + [
        (code, f"{code} {name_in_language(zh, str(en))}") for code, (zh, en) in codes.items()
    ]


@dataclass(frozen=True)
class Element:
    name: str  # in the reader's language
    name_zh: str
    value: str


@dataclass(frozen=True)
class ElementsForm:
    """What the line editor shows for one line: a template's inputs, or free text."""

    template: Template | None
    brand_type: str
    export_preference: str
    elements: tuple[Element, ...]
    text: str  # the stored string
    # The stored string does not fit the template (more parts than it has elements).
    misfit: bool = False

    @property
    def structured(self) -> bool:
        return self.template is not None and not self.misfit


class PipeInElement(ValueError):
    pass


def compose(brand_type: str, export_preference: str, values: list[str]) -> str:
    """The pipe string; empty elements at the end are left out."""
    parts = [brand_type.strip(), export_preference.strip(), *(v.strip() for v in values)]
    if any(SEPARATOR in part for part in parts):
        raise PipeInElement
    while len(parts) > 2 and not parts[-1]:
        parts.pop()
    return SEPARATOR.join(parts) if any(parts) else ""


def parse(text: str, size: int) -> tuple[str, str, list[str]] | None:
    """(brand type, export preference, ``size`` values), or None when it has too many."""
    parts = text.split(SEPARATOR) if text else []
    if len(parts) > size + 2:
        return None
    parts += [""] * (size + 2 - len(parts))
    return parts[0], parts[1], parts[2:]


def elements_form(code: str, text: str) -> ElementsForm:
    template = template_for(code) if code else None
    if template is None:
        return ElementsForm(None, "", "", (), text)
    parsed = parse(text, len(template.names_zh))
    if parsed is None:
        return ElementsForm(template, "", "", (), text, misfit=True)
    brand, preference, values = parsed
    zh = chinese()
    names_en = [*template.names_en, *[""] * len(template.names_zh)]
    elements = tuple(
        Element(name=name if zh or not names_en[i] else names_en[i], name_zh=name, value=value)
        for i, (name, value) in enumerate(zip(template.names_zh, values, strict=True))
    )
    return ElementsForm(template, brand, preference, elements, text)
