"""The forms renderer draws inputs and selects in Python: the same HTML, byte for byte, as
Django's own widget templates, and as safely escaped."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.translation import gettext_lazy, override

from cloudcabin.forms_renderer import Renderer
from cloudcabin.shipments.forms import ContainerForm, ShipmentForm
from cloudcabin.shipments.models import Party
from cloudcabin.widgets import ConfirmingSelect

HOSTILE = '"><script>alert(1)</script>&amp;'

WIDGETS: list[tuple[forms.Widget, Any, dict[str, Any]]] = [
    (forms.TextInput(), HOSTILE, {"id": "x", "required": True, "data-off": False, "data-n": None}),
    (forms.TextInput(attrs={"class": "w-xs", "maxlength": 2}), "", {}),
    (forms.NumberInput(), None, {"step": "any", "min": 0}),
    (forms.NumberInput(), Decimal("16800.500"), {}),
    (forms.HiddenInput(), 3, {}),
    (forms.EmailInput(), "a@b.example", {"autocomplete": "email"}),
    (forms.DateInput(attrs={"type": "date"}), "2026-12-01", {}),
    (forms.PasswordInput(), "secret", {}),
    (forms.CheckboxInput(), True, {"id": "c"}),
    (forms.CheckboxInput(), False, {}),
    (
        forms.Select(
            choices=[
                ("", "—"),
                (gettext_lazy("Common"), [("22G1", "22G1 20 ft <GP>"), ("45G1", "45G1")]),
                ("x", HOSTILE),
                (1, 1000),
                (2, gettext_lazy("Other ISO 6346 types")),
            ]
        ),
        "45G1",
        {"id": "f-size", "disabled": True, "aria-label": HOSTILE},
    ),
    (forms.Select(choices=[]), None, {}),
    (forms.SelectMultiple(choices=[("a", "A"), ("b", "B")]), ["a", "b"], {}),
    (
        ConfirmingSelect(choices=[("a", "A"), ("b", "B")], confirm={"b": HOSTILE}),
        "a",
        {},
    ),
    # Not drawn in Python: still Django's template.
    (forms.Textarea(), HOSTILE, {}),
    (forms.RadioSelect(choices=[("a", "A")]), "a", {}),
]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize(("widget", "value", "attrs"), WIDGETS)
def test_a_widget_is_drawn_as_djangos_templates_draw_it(
    widget: forms.Widget, value: Any, attrs: dict[str, Any], language: str
) -> None:
    with override(language):
        fast = widget.render("name<&>", value, attrs, renderer=Renderer())
        slow = widget.render("name<&>", value, attrs, renderer=DjangoTemplates())
    assert fast == slow
    assert "<script>" not in fast


def test_the_site_draws_its_forms_with_it() -> None:
    assert isinstance(forms.Form().renderer, Renderer)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_shipment_pages_forms_are_drawn_as_djangos_templates_draw_them(
    language: str,
) -> None:
    parties = [Party(pk=7, name_latin=HOSTILE, country="CN")]
    with override(language):
        forms_drawn = [
            ShipmentForm(parties=parties, initial={"incoterm": "FCA", "consignor": 7}),
            ShipmentForm(data={"incoterm": "XXX", "freight_amount": "abc"}, parties=parties),
            ContainerForm(initial={"size_type": "45G1", "number": HOSTILE}),
            ContainerForm(initial={"size_type": "ZZZZ"}),
        ]
        for form in forms_drawn:
            if form.is_bound:
                form.is_valid()  # drawn with its errors, as after a refused save
            for field in form:
                form.renderer = Renderer()
                fast = field.as_widget()
                form.renderer = DjangoTemplates()
                assert fast == field.as_widget(), field.name
