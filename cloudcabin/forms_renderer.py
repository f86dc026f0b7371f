"""The forms renderer (``FORM_RENDERER``): Django's templates, with inputs and selects
written in Python.

Django draws every input, and every ``<option>`` of a select, through a template include
(a quarter of a millisecond each): the shipment page's three container size-type selects
(~150 options each) and its ~45 header inputs cost more than its 200-line lines table.
For the widget templates that are plain inputs and selects, ``render`` writes the same
HTML as Django's templates (``cloudcabin/tests/test_forms_renderer.py`` compares the two), escaped
by Django (``format_html``). Every other template, and a select whose options use
another template, goes to Django's templates as before.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.http import HttpRequest
from django.utils.formats import localize
from django.utils.html import format_html
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


def _attrs(attrs: Mapping[str, Any]) -> SafeString:
    """``attrs.html``: ``name="value"`` in order, a True value as the bare name, False left out."""
    parts = [
        format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
        for name, value in attrs.items()
        if value is not False
    ]
    return mark_safe("".join(parts))  # each part is format_html's: escaped


def _input(widget: Mapping[str, Any]) -> str:
    value = "" if widget["value"] is None else format_html(' value="{}"', widget["value"])
    return format_html(
        '<input type="{}" name="{}"{}{}>',
        widget["type"],
        widget["name"],
        value,
        _attrs(widget["attrs"]),
    )


def _plain_options(widget: Mapping[str, Any]) -> bool:
    return all(
        option["template_name"] == OPTION_TEMPLATE
        for _name, options, _index in widget["optgroups"]
        for option in options
    )


def _select(widget: Mapping[str, Any]) -> str:
    # The line breaks are the templates': select.html's, and select_option.html's last.
    parts: list[str] = [
        format_html('<select name="{}"{}>', widget["name"], _attrs(widget["attrs"]))
    ]
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(format_html('\n  <optgroup label="{}">', localize(group_name)))
        parts.extend(
            format_html(
                '\n  <option value="{}"{}>{}</option>\n',
                option["value"],
                _attrs(option["attrs"]),
                localize(option["label"]),
            )
            for option in options
        )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)
