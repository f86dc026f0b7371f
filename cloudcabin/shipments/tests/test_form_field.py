"""``{% form_field %}`` draws a field (label, input or code input, help, errors) exactly as
the ``_field.html`` include it replaced did, escaped the same way."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.utils.translation import override

from cloudcabin.shipments.forms import ContainerForm, ShipmentForm
from cloudcabin.shipments.models import Party

HOSTILE = '"><script>alert(1)</script>&amp;'

# The include the tag replaced (shipments/_field.html before 1 Dec 2026), verbatim.
INCLUDED = Template(
    """{% comment %}One form field with its label, help and errors. kind="places"/"hs" adds the autocomplete.{% endcomment %}
<div class="field{% if field.errors %} has-error{% endif %}{% if wide %} wide{% endif %}">
  <label for="{{ field.id_for_label }}">{{ field.label|capfirst }}</label>
  {% if kind %}{% include "shipments/_code_input.html" with id=field.id_for_label name=field.html_name value=field.value kind=kind css="" size="" %}{% else %}{{ field }}{% endif %}
  {% if field.help_text %}<small class="helptext">{{ field.help_text }}</small>{% endif %}
  {% if field.errors %}<ul class="errorlist" role="alert" data-field="{{ field.name }}">{% for e in field.errors %}<li>{{ e }}</li>{% endfor %}</ul>{% endif %}
</div>
"""  # noqa: E501
)
TAG = Template("{% load form_field %}{% form_field field kind=kind wide=wide %}")


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_field_is_drawn_as_the_include_drew_it(language: str) -> None:
    parties = [Party(pk=7, name_latin=HOSTILE, country="CN")]
    with override(language):
        forms_drawn = [
            ShipmentForm(
                parties=parties,
                initial={"incoterm": "FCA", "consignor": 7, "origin_locode": HOSTILE},
            ),
            ShipmentForm(
                data={"incoterm": "XXX", "freight_amount": "abc", "origin_locode": HOSTILE},
                parties=parties,
            ),
            ContainerForm(initial={"size_type": "45G1", "number": HOSTILE}),
            ContainerForm(data={"number": HOSTILE, "tare_kg": "-1"}),
        ]
        drawn = 0
        for form in forms_drawn:
            if form.is_bound:
                form.is_valid()  # drawn with its errors, as after a refused save
            for field in form:
                for kind, wide in (("", False), ("", True), ("places", False), ("hs", False)):
                    context = {"field": field, "kind": kind, "wide": wide}
                    fast = TAG.render(Context(context))
                    assert fast == INCLUDED.render(Context(context)), (field.name, kind)
                    assert "<script>" not in fast
                    drawn += 1
    assert drawn > 200
    assert any("has-error" in TAG.render(Context({"field": f, "kind": ""})) for f in form)
