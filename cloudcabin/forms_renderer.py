"""The forms renderer (``FORM_RENDERER``): Django's templates, with inputs and selects
written in Python.

Django draws every input, and every ``<option>`` of a select, through a template include
(a quarter of a millisecond each): the shipment page's three container size-type selects
(~150 options each) and its ~45 header inputs cost more than its 200-line lines table.
For the widget templates that are plain inputs and selects, ``render`` writes the same
HTML as Django's templates (``cloudcabin/tests/test_forms_renderer.py`` compares the two),
each value escaped as Django's ``conditional_escape`` does (``_text``: without its
lazy-string wrapper, which cost ~4 ms of the shipment page's ~640 options). Every other
template, and a select whose options use another template, goes to Django's templates as
before.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.http import HttpRequest
from django.utils.formats import localize
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe

WIDGETS = "django/forms/widgets/"
# Django's templates that are only ``{% include "django/forms/widgets/input.html" %}``.
INPUT_TEMPLATES = frozenset(
    f"{WIDGETS}{name}.html"
    for name in (
        "input",
        "text",
        "number",
        "email",
        "url",
        "password",
        "hidden",
        "date",
        "datetime",
        "time",
        "search",
        "tel",
        "color",
        "checkbox",
    )
)
SELECT_TEMPLATE = f"{WIDGETS}select.html"
OPTION_TEMPLATE = f"{WIDGETS}select_option.html"


class Renderer(DjangoTemplates):
    def render(
        self, template_name: str, context: dict[str, Any], request: HttpRequest | None = None
    ) -> str:
        widget = context.get("widget")
        if widget is not None and template_name in INPUT_TEMPLATES:
            return _input(widget)
        if widget is not None and template_name == SELECT_TEMPLATE and _plain_options(widget):
            return _select(widget)
        return super().render(template_name, context, request)


def _text(value: Any) -> str:
    """``conditional_escape``: markup (``__html__``) kept, anything else escaped."""
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return escape(str(value))


def _attrs(attrs: Mapping[str, Any]) -> SafeString:
    """``attrs.html``: ``name="value"`` in order, a True value as the bare name, False left out."""
    parts = [
        f" {_text(name)}" if value is True else f' {_text(name)}="{_text(value)}"'
        for name, value in attrs.items()
        if value is not False
    ]
    return mark_safe("".join(parts))  # each part escaped by _text


def _input(widget: Mapping[str, Any]) -> str:
    value = "" if widget["value"] is None else f' value="{_text(widget["value"])}"'
    return mark_safe(
        f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"'
        f"{value}{_attrs(widget['attrs'])}>"
    )


def _plain_options(widget: Mapping[str, Any]) -> bool:
    return all(
        option["template_name"] == OPTION_TEMPLATE
        for _name, options, _index in widget["optgroups"]
        for option in options
    )


def _select(widget: Mapping[str, Any]) -> str:
    # The line breaks are the templates': select.html's, and select_option.html's last.
    parts: list[str] = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(localize(group_name))}">')
        parts.extend(
            f'\n  <option value="{_text(option["value"])}"{_attrs(option["attrs"])}>'
            f"{_text(localize(option['label']))}</option>\n"
            for option in options
        )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))  # each value escaped by _text
