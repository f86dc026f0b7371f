"""The import's shortcuts keep every finding: values parsed once per distinct text, numbers
given their text once per sheet, one statement to delete the old lines, and a rule's
message translated once for all its findings."""

from __future__ import annotations

import math

import pytest
from django.utils import translation

from cloudcabin.errors import problem, problems_of
from cloudcabin.reference.tests.conftest import reference_data, reference_subset_dir  # noqa: F401
from cloudcabin.shipments import services
from cloudcabin.shipments.models import Allocation, Container, GoodsLine
from cloudcabin.shipments.spreadsheets.reading import _cell_text, _texts
from cloudcabin.shipments.spreadsheets.values import uses_decimal_comma
from cloudcabin.shipments.tests.test_import import ENGLISH_HEADER, run_import, xlsx

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]


@pytest.fixture
def shipment(tenants):
    return services.create_shipment(actor=tenants.actor(tenants.owner), reference="CC-IMP-9")


def goods_row(number, hs_code, quantity):
    amount = quantity * 2 if isinstance(quantity, int) else 2
    return [
        number,
        f"Brake pads {number}",
        "刹车片",
        hs_code,
        quantity,
        "PCS",
        10,
        12,
        1,
        2,
        amount,
    ]


def test_a_repeated_bad_cell_is_reported_on_every_row_it_is_on(tenants, shipment):
    rows = [goods_row(n, "8708.3X", 1) for n in (1, 2, 3)] + [goods_row(4, "8708.30", "about 5")]
    rows[2][4] = "about 5"
    data = xlsx([ENGLISH_HEADER[:11], *rows])
    with pytest.raises(Exception) as caught:
        run_import(tenants, shipment, data, "invoice.xlsx")
    found = {(p.code, p.path) for p in caught.value.problems}
    assert {p for p in found if p[0] == "IMPORT_HS_INVALID"} == {
        ("IMPORT_HS_INVALID", f"rows[{row}].hs_code") for row in (2, 3, 4)
    }
    assert {p for p in found if p[1].endswith(".quantity")} == {
        ("IMPORT_NUMBER_INVALID", "rows[4].quantity"),
        ("IMPORT_NUMBER_INVALID", "rows[5].quantity"),
    }


def test_numbers_repeated_down_a_sheet_read_as_each_one_alone():
    row = [0.0, -0.0, 1.5, 1.5, 0.1 + 0.2, 3, True, None, " x ", math.nan, math.inf, 1e21, -2.25]
    numbers: dict[float, str] = {}
    assert _texts(row, numbers) == [_cell_text(value) for value in row]
    assert _texts(list(reversed(row)), numbers) == [_cell_text(v) for v in reversed(row)]
    assert _texts(row, numbers)[:2] == ["0", "-0"]


def test_the_decimal_mark_is_judged_by_every_cell_not_by_each_distinct_text():
    assert uses_decimal_comma(["12,5", "12,5", "12.5"])
    assert not uses_decimal_comma(["12,5", "12.5", "7.25"])


def test_goods_lines_are_referenced_by_their_stowage_only():
    # The import deletes the stowage, then the lines in one statement (bulk.delete): a new
    # reference to goods lines must be deleted there too.
    assert [(rel.related_model, rel.field.name) for rel in GoodsLine._meta.related_objects] == [
        (Allocation, "line")
    ]


def test_an_import_deletes_the_old_lines_and_their_stowage_and_keeps_the_containers(
    tenants, shipment
):
    actor = tenants.actor(tenants.owner)
    line = services.save_line(actor=actor, shipment_id=shipment.pk, hs_code="854143", packages=2)
    other = services.save_line(actor=actor, shipment_id=shipment.pk, hs_code="870830", packages=1)
    container = services.save_container(actor=actor, shipment_id=shipment.pk, number="CSQU3054383")
    for stowed in (line, other):
        services.stow(
            actor=actor,
            shipment_id=shipment.pk,
            container_id=container.pk,
            line_id=stowed.pk,
            packages=stowed.packages,
        )
    elsewhere = services.create_shipment(actor=actor, reference="CC-IMP-10")
    kept = services.save_line(actor=actor, shipment_id=elsewhere.pk, hs_code="854143", packages=1)
    data = xlsx([ENGLISH_HEADER[:11], goods_row(1, "8708.30", 4), goods_row(2, "8708.30", 5)])
    result = run_import(tenants, shipment, data, "invoice.xlsx")
    assert result.lines == 2
    assert list(GoodsLine.objects.filter(shipment=shipment).values_list("quantity", flat=True)) == [
        4,
        5,
    ]
    assert not GoodsLine.objects.filter(pk__in=[line.pk, other.pk]).exists()
    assert not Allocation.objects.filter(container=container).exists()
    assert Container.objects.filter(pk=container.pk).exists()
    assert GoodsLine.objects.filter(pk=kept.pk).exists()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_findings_made_in_a_batch_read_as_those_made_one_by_one(language):
    params = {"line": 3, "description": "Brake pads", "suggested": "8708.30", "label": "Brakes"}
    with translation.override(language):
        make = problems_of("HS_DESCRIPTION_MISMATCH")
        for hs in ("8708.99", "8541.43"):
            assert make(path="lines[2].hs_code", hs=hs, **params) == problem(
                "HS_DESCRIPTION_MISMATCH", path="lines[2].hs_code", hs=hs, **params
            )
