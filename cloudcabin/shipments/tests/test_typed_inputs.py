"""The services' typed inputs (``shipments/inputs.py``) and their two readers: the API's
schemas and the pages' forms name the same fields with the model columns' limits, and a
field none of them has is refused at every way in, never silently dropped."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation

from cloudcabin.errors import ProblemError
from cloudcabin.shipments import inputs, services
from cloudcabin.shipments.checks.context import PARTY_ROLES
from cloudcabin.shipments.forms import ContainerForm, LineForm, PartyForm, ShipmentForm
from cloudcabin.shipments.models import GoodsLine, Party, Shipment
from cloudcabin.shipments.schemas import (
    ContainerIn,
    ContainerPatch,
    LineIn,
    LinePatch,
    PartyIn,
    PartyPatch,
    ShipmentPatch,
)

pytestmark = pytest.mark.django_db
API = "/api/v1/shipments"
JSON = "application/json"


@pytest.mark.parametrize(
    ("schema", "typed"),
    [
        (ShipmentPatch, inputs.ShipmentFields),
        (LineIn, inputs.LineFields),
        (LinePatch, inputs.LineFields),
        (ContainerIn, inputs.ContainerFields),
        (ContainerPatch, inputs.ContainerFields),
        (PartyIn, inputs.PartyFields),
        (PartyPatch, inputs.PartyFields),
    ],
)
def test_each_api_schema_has_exactly_the_fields_of_its_typed_input(schema, typed):
    assert set(schema.model_fields) - {"version"} == set(typed.__annotations__)


@pytest.mark.parametrize(
    ("form", "names"),
    [
        (ShipmentForm, inputs.SHIPMENT_FIELDS),
        (LineForm, inputs.LINE_FIELDS),
        (ContainerForm, inputs.CONTAINER_FIELDS),
        (PartyForm, inputs.PARTY_FIELDS),
    ],
)
def test_each_page_form_has_exactly_the_fields_of_its_typed_input_in_its_order(form, names):
    shown = [name for name in form().fields if name not in {"version", *PARTY_ROLES}]
    assert shown == list(names)


def test_a_patch_keeps_the_limits_of_the_schema_it_is_derived_from():
    for name, info in LineIn.model_fields.items():
        patch = LinePatch.model_fields[name]
        assert patch.metadata == info.metadata, name
        assert patch.default is None and not patch.is_required()
    assert PartyIn.model_fields["name_latin"].is_required()
    assert not PartyPatch.model_fields["name_latin"].is_required()


@pytest.mark.parametrize(
    ("model", "schema", "name"),
    [(GoodsLine, LineIn, "description_zh"), (Shipment, ShipmentPatch, "contract_number")],
)
def test_a_text_limit_of_the_api_is_its_model_column_s(model, schema, name):
    limits = {type(m).__name__: m for m in schema.model_fields[name].metadata}
    assert limits["MaxLen"].max_length == model._meta.get_field(name).max_length


def test_a_decimal_limit_of_the_api_is_its_model_column_s():
    column = GoodsLine._meta.get_field("unit_price")
    facts = {
        key: getattr(m, key)
        for m in LinePatch.model_fields["unit_price"].metadata
        for key in ("max_digits", "decimal_places", "ge")
        if hasattr(m, key)
    }
    assert (facts["max_digits"], facts["decimal_places"], facts["ge"]) == (
        column.max_digits,
        column.decimal_places,
        0,
    )


@pytest.fixture
def shipment(tenants):
    return services.create_shipment(actor=tenants.actor(tenants.owner), reference="CC-TYPED-1")


@pytest.mark.parametrize(
    ("method", "where", "body", "path"),
    [
        ("post", "/lines", {"hs_cod": "854143"}, "hs_cod"),
        ("patch", "/lines/{line}", {"descripton_en": "Modules"}, "descripton_en"),
        ("patch", "", {"referenc": "CC-X"}, "referenc"),
        ("patch", "", {"parties": {"sellr": None}}, "parties.sellr"),
        ("post", "/containers", {"number": "MSCU1234565", "seal": ["X1"]}, "seal"),
    ],
)
def test_the_api_refuses_a_field_the_typed_input_lacks_and_saves_nothing(
    tenants, shipment, method, where, body, path
):
    actor = tenants.actor(tenants.owner)
    line = services.save_line(actor=actor, shipment_id=shipment.pk, description_en="Kept")
    client = tenants.client_for(tenants.owner)
    url = f"{API}/{shipment.pk}{where.format(line=line.pk)}"

    response = getattr(client, method)(url, body, content_type=JSON)

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"code": "INVALID", "severity": "error", "path": path, "message": "Unknown field."}
    ]
    shipment.refresh_from_db()
    assert (shipment.reference, shipment.version) == ("CC-TYPED-1", 1)
    assert [line.description_en for line in GoodsLine.objects.filter(shipment=shipment)] == ["Kept"]
    assert not shipment.containers.exists()


def test_the_unknown_field_answer_is_translated(tenants, shipment):
    tenants.owner.language = "zh-hans"
    tenants.owner.save(update_fields=["language"])
    client = tenants.client_for(tenants.owner)
    with translation.override("zh-hans"):
        expected = str(translation.gettext("Unknown field."))
    response = client.post(f"{API}/{shipment.pk}/lines", {"hs_cod": "854143"}, content_type=JSON)
    assert response.json()["errors"][0]["message"] == expected != "Unknown field."


def test_an_untyped_caller_naming_another_field_is_refused_by_the_service(tenants, shipment):
    fields: dict[str, Any] = {"description_en": "Modules", "colour": "red"}

    with pytest.raises(ProblemError) as refused:
        services.save_line(actor=tenants.actor(tenants.owner), shipment_id=shipment.pk, **fields)

    assert [(p.code, p.path, p.message) for p in refused.value.problems] == [
        ("INVALID", "colour", "Unknown field.")
    ]
    assert not GoodsLine.objects.filter(shipment=shipment).exists()


def test_a_patch_changes_only_the_fields_it_names_and_null_clears_text(tenants, shipment):
    actor = tenants.actor(tenants.owner)
    line = services.save_line(
        actor=actor,
        shipment_id=shipment.pk,
        description_en="Modules",
        marks="N/M",
        quantity=Decimal("600"),
    )
    client = tenants.client_for(tenants.owner)

    response = client.patch(
        f"{API}/{shipment.pk}/lines/{line.pk}",
        {"marks": None, "version": line.version},
        content_type=JSON,
    )

    assert response.status_code == 200, response.content
    line.refresh_from_db()
    assert (line.description_en, line.marks, line.quantity) == ("Modules", "", Decimal("600"))


def test_a_new_party_from_the_api_without_its_required_name_is_refused(tenants):
    client = tenants.client_for(tenants.owner)

    response = client.post(f"{API}/parties", {"country": "DE"}, content_type=JSON)

    assert response.status_code == 422
    assert [e["path"] for e in response.json()["errors"]] == ["name_latin"]
    assert not Party.objects.filter(organization=tenants.org).exists()
