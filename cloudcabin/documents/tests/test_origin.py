from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.http import Http404

from cloudcabin.documents.models import MaterialLine, OriginLine
from cloudcabin.documents.origin.rules import (
    Material,
    Product,
    RvcMethod,
    evaluate,
    rvc_build_down,
    rvc_build_up,
)
from cloudcabin.documents.origin.services import origin_data_for, origin_results, save_origin
from cloudcabin.errors import ProblemError
from cloudcabin.numbers import percent_cut
from cloudcabin.shipments.models import Shipment
from conftest import Tenants

D = Decimal


def _non(description: str, hs_code: str, value: str) -> Material:
    return Material(description, hs_code, D(value), originating=False)


def _orig(description: str, hs_code: str, value: str) -> Material:
    return Material(description, hs_code, D(value), originating=True)


# --- the calculator, with figures a reviewer can check by hand -----------------------


def test_build_down_is_fob_minus_non_originating_over_fob() -> None:
    # FOB 100.00, non-originating 35.00 + 20.00 = 55.00 → (100 - 55) / 100 * 100 = 45 %
    product = Product(
        "854143", D("100.00"), (_non("cells", "854142", "35.00"), _non("glass", "700719", "20.00"))
    )
    result = evaluate(product, claimed="RVC40")
    assert result.vnm == D("55.00")
    assert result.rvc_build_down == D("45.00")
    assert result.claimed_is_met
    assert result.reason == ""


def test_build_up_adds_direct_costs_to_originating_materials() -> None:
    # VOM 10.00 + direct costs 30.00 = 40.00 over FOB 100.00 → exactly 40 %: met (≥ 40)
    product = Product("854143", D("100.00"), (_orig("frame", "761610", "10.00"),), D("30.00"))
    result = evaluate(product, claimed="RVC40", method=RvcMethod.BUILD_UP)
    assert result.vom == D("10.00")
    assert result.rvc_build_up == D("40.00")
    assert result.rvc == D("40.00")
    assert result.claimed_is_met


def test_a_quotient_just_under_forty_prints_39_99_and_fails() -> None:
    # (300.00 - 180.01) / 300.00 * 100 = 39.99666… → printed 39.99 (cut, not rounded up)
    assert rvc_build_down(D("300.00"), D("180.01")) < 40
    assert percent_cut(rvc_build_down(D("300.00"), D("180.01"))) == D("39.99")
    product = Product("854143", D("300.00"), (_non("cells", "854142", "180.01"),))
    result = evaluate(product, claimed="RVC40")
    assert not result.claimed_is_met
    assert result.reason == "RVC 39.99 % is below 40 %"


def test_exactly_forty_percent_passes() -> None:
    product = Product("854143", D("300.00"), (_non("cells", "854142", "180.00"),))
    assert evaluate(product, claimed="RVC40").claimed_is_met
    assert rvc_build_up(D("300.00"), D("120.00")) == D(40)


def test_rvc_cannot_be_met_without_a_fob_value() -> None:
    result = evaluate(Product("854143", None, (_non("cells", "854142", "1.00"),)), claimed="RVC40")
    assert result.rvc is None
    assert result.reason == "FOB value not given"


def test_cth_fails_when_a_non_originating_material_shares_the_heading() -> None:
    # cells 8541.42 stay in heading 8541 of the module 8541.43; frames 7616 change heading
    product = Product(
        "854143",
        D("100.00"),
        (_non("solar cells", "854142", "40.00"), _non("frames", "761610", "20.00")),
    )
    result = evaluate(product, claimed="CTH")
    assert "CTH" not in result.met
    assert "CTSH" in result.met
    assert "CC" not in result.met
    assert result.failing["CTH"] == ("solar cells",)
    assert result.reason == "non-originating: solar cells"


def test_de_minimis_lets_a_small_non_originating_material_through_cth() -> None:
    # cells worth 8.00 of FOB 100.00 = 8 % ≤ 10 %: CTH is met through de minimis
    product = Product("854143", D("100.00"), (_non("solar cells", "854142", "8.00"),))
    result = evaluate(product, claimed="CTH")
    assert result.claimed_is_met
    assert result.de_minimis == ("CC", "CTH")


def test_de_minimis_by_value_is_not_applied_to_textiles() -> None:
    # T-shirts 6109.10 from fabric of heading 6109: 1 % by value, but chapters 50-63
    # count de minimis by weight, which we do not hold.
    product = Product("610910", D("100.00"), (_non("knitted parts", "610990", "1.00"),))
    result = evaluate(product, claimed="CTH")
    assert not result.claimed_is_met
    assert "CTSH" in result.met


def test_produced_from_originating_materials_only_meets_pe_and_wo() -> None:
    product = Product("870830", D("50.00"), (_orig("iron castings", "732510", "20.00"),))
    result = evaluate(product, claimed="PE")
    assert {"WO", "PE", "CC", "CTH", "CTSH", "RVC40"} <= set(result.met)
    assert result.rvc_build_down == D("100.00")


# Line 1 (PV modules, FCA so FOB = invoice amount 59830.00) claims RVC40:
#   VNM = cells 20000.00 + glass 6000.00 = 26000.00
#   RVC = (59830.00 - 26000.00) / 59830.00 * 100 = 56.5435… → 56.54 %
# Line 2 (brake discs 8708.30) claims CTH: iron castings 7325.10 change heading.
RCEP_ORIGIN: dict[str, Any] = {
    "lines": {
        "1": {
            "criterion": "RVC40",
            "rvc_method": "build_down",
            "fob_value": None,
            "direct_costs": "0",
            "currency": "USD",
            "materials": [
                {
                    "description": "Solar cells",
                    "hs_code": "854142",
                    "value": "20000.00",
                    "originating": False,
                },
                {
                    "description": "Aluminium frames",
                    "hs_code": "761610",
                    "value": "9000.00",
                    "originating": True,
                },
                {
                    "description": "Solar glass",
                    "hs_code": "700719",
                    "value": "6000.00",
                    "originating": False,
                },
            ],
        },
        "2": {
            "criterion": "CTH",
            "materials": [
                {
                    "description": "Grey iron castings",
                    "hs_code": "732510",
                    "value": "8000.00",
                    "originating": False,
                },
            ],
        },
    }
}


# --- the services ----------------------------------------------------------------------

MATERIALS = RCEP_ORIGIN["lines"]["1"]["materials"]


def test_the_owner_saves_origin_data_and_reads_the_figures(
    demo_shipment: Shipment, tenants: Tenants
) -> None:
    actor = tenants.actor(tenants.owner)
    origin = save_origin(
        actor=actor, shipment_id=demo_shipment.pk, line_no=1, criterion="rvc40", materials=MATERIALS
    )
    assert (origin.criterion, origin.vnm, origin.rvc_percent) == (
        "RVC40",
        D("26000.00"),
        D("56.54"),
    )
    assert origin.criterion_is_met is True
    assert origin.materials.count() == 3
    results = origin_results(actor=actor, shipment_id=demo_shipment.pk)
    assert [r.line_no for r in results] == [1, 2]
    assert results[0].result is not None and results[0].result.claimed_is_met
    assert results[1].origin is None and results[1].result is None
    frozen = origin_data_for(demo_shipment.pk)
    assert frozen["lines"]["1"]["materials"][0]["value"] == "20000.00"
    # Saving again replaces the bill of materials.
    save_origin(actor=actor, shipment_id=demo_shipment.pk, line_no=1, criterion="WO")
    assert MaterialLine.objects.count() == 0


def test_bad_origin_input_is_refused_whole_with_every_field_named(
    demo_shipment: Shipment, tenants: Tenants
) -> None:
    actor = tenants.actor(tenants.owner)
    with pytest.raises(ProblemError) as refused:
        save_origin(
            actor=actor,
            shipment_id=demo_shipment.pk,
            line_no=9,
            criterion="XX",
            materials=[{"description": "", "hs_code": "85", "value": "-1", "currency": "EUR"}],
        )
    found = {(p.code, p.path) for p in refused.value.problems}
    assert found == {
        ("ORIGIN_LINE_UNKNOWN", "line_no"),
        ("ORIGIN_CRITERION_UNKNOWN", "criterion"),
        ("REQUIRED", "materials[0].description"),
        ("ORIGIN_MATERIAL_HS", "materials[0].hs_code"),
        ("ORIGIN_CURRENCY_MIXED", "materials[0].currency"),
        ("ORIGIN_VALUE_INVALID", "materials[0].value"),
    }
    assert refused.value.status == 422
    assert OriginLine.objects.count() == 0


def test_a_read_only_colleague_cannot_save_origin_data(
    demo_shipment: Shipment, tenants: Tenants
) -> None:
    with pytest.raises(ProblemError) as refused:
        save_origin(actor=tenants.actor(tenants.colleague), shipment_id=demo_shipment.pk, line_no=1)
    assert refused.value.problems[0].code == "PERMISSION_DENIED"
    assert OriginLine.objects.count() == 0


def test_a_stranger_gets_404_for_someone_elses_shipment(
    demo_shipment: Shipment, tenants: Tenants
) -> None:
    stranger = tenants.actor(tenants.stranger)
    with pytest.raises(Http404):
        save_origin(actor=stranger, shipment_id=demo_shipment.pk, line_no=1, criterion="WO")
    with pytest.raises(Http404):
        origin_results(actor=stranger, shipment_id=demo_shipment.pk)
    assert OriginLine.objects.count() == 0
