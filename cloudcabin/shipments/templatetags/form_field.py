"""``{% form_field field kind="places" wide=True %}``: one form field with its label, help
and errors (``kind`` "places"/"hs" adds the reference autocomplete).

Written in Python rather than an included template: the shipment page draws ~55 of them,
and the include's context and variable lookups cost ~12 ms of its processor time.
"""

from __future__ import annotations

from django import template
from django.forms import BoundField
from django.template.defaultfilters import capfirst
from django.template.loader import render_to_string
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag
def form_field(field: BoundField, kind: str = "", wide: bool = False) -> SafeString:
    errors = field.errors
    if kind:
        # the template's output, escaped by it
        widget = mark_safe(
            render_to_string(
                "shipments/_code_input.html",
                {
                    "id": field.id_for_label,
                    "name": field.html_name,
                    "value": field.value(),
                    "kind": kind,
                    "css": "",
                    "size": "",
                },
            )
        )
    else:
        widget = SafeString(field)
    help_text = (
        format_html('<small class="helptext">{}</small>', field.help_text)
        if field.help_text
        else ""
    )
    error_list = (
        format_html(
            '<ul class="errorlist" role="alert" data-field="{}">{}</ul>',
            field.name,
            format_html_join("", "<li>{}</li>", ((e,) for e in errors)),
        )
        if errors
        else ""
    )
    return format_html(
        '\n<div class="field{}{}">\n  <label for="{}">{}</label>\n  {}\n  {}\n  {}\n</div>\n',
        " has-error" if errors else "",
        " wide" if wide else "",
        field.id_for_label,
        capfirst(str(field.label)),
        widget,
        help_text,
        error_list,
    )
