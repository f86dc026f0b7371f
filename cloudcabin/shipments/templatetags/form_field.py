"""``{% form_field field kind="places" wide=True %}``: one form field with its label, help
and errors (``kind`` "places"/"hs" adds the reference autocomplete).

Written in Python rather than an included template: the shipment page draws ~55 of them,
and the include's context and variable lookups cost ~12 ms of its processor time. The
outer markup is an f-string: ``format_html``'s and ``capfirst``'s lazy-string checks were
another ~2 ms of the page.
"""

from __future__ import annotations

from django import template
from django.forms import BoundField
from django.template.loader import render_to_string
from django.utils.html import conditional_escape, format_html, format_html_join
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
    label = str(field.label)
    label = label[:1].upper() + label[1:]  # capfirst, without its lazy-string wrapper
    css = f"field{' has-error' if errors else ''}{' wide' if wide else ''}"
    # As format_html writes it: the id and the label escaped, the rest already markup.
    return mark_safe(
        f'\n<div class="{css}">\n  <label for="{conditional_escape(field.id_for_label)}">'
        f"{conditional_escape(label)}</label>\n  {widget}\n  {help_text}\n  {error_list}\n</div>\n"
    )
