"""``{% form_field %}`` draws a field (label, input or code input, help, errors) exactly as
the ``_field.html`` include it replaced did, escaped the same way; container forms that
share one list of size-types draw the select each draws alone."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.utils.translation import override

from cloudcabin.reference.codes import container_choices
from cloudcabin.reference.tests.conftest import reference_data, reference_subset_dir  # noqa: F401
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


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_container_forms_sharing_the_size_types_draw_the_select_they_draw_alone(
    language: str,
    reference_data: object,  # noqa: F811
) -> None:
    with override(language):
        shared = container_choices()
        for current in ("45G1", "22G1", "ZZZZ", ""):
            alone = ContainerForm(initial={"size_type": current})["size_type"]
            together = ContainerForm(initial={"size_type": current}, size_types=shared)
            assert str(together["size_type"]) == str(alone)
            # A size-type the table does not list is kept, as the form alone keeps it.
            assert current == "" or f'value="{current}" selected' in str(alone)
