"""Codes on the shipment page are picked by name: each picker shows code and name in the
reader's language, and the declared elements are a form that composes the customs string."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from cloudcabin.reference.models import (
    ContainerType,
    CustomsCode,
    CustomsTable,
    CustomsUnit,
    DeclaredElementsTemplate,
)
from cloudcabin.shipments.models import GoodsLine, Shipment
from cloudcabin.shipments.tests.test_views import a_shipment
from conftest import Tenants

pytestmark = pytest.mark.django_db


@pytest.fixture
def codes(db: None) -> None:
    for table, code, zh, en in (
        (CustomsTable.SUPERVISION_MODE, "0110", "一般贸易", "General trade"),
        (CustomsTable.LEVY_NATURE, "101", "一般征税", "General taxation"),
        (CustomsTable.TRANSACTION_MODE, "3", "FOB", "FOB (free on board)"),
        (
            CustomsTable.PACKAGING_TYPE,
            "22",
            "纸制或纤维板制盒/箱",
            "Paper or fibreboard boxes/cartons",
        ),
        (CustomsTable.CONTAINER_SPEC, "11", "普通2*标准箱(L)", "General purpose 40 ft (L)"),
    ):
        CustomsCode.objects.create(table=table, code=code, name_zh=zh, name_en=en)
    CustomsUnit.objects.create(code="007", name_zh="个", name_en="piece", unece_rec20="H87")
    CustomsUnit.objects.create(
        code="011", name_zh="件", name_en="piece (article)", unece_rec20="H87"
    )
    CustomsUnit.objects.create(code="035", name_zh="千克", name_en="kilogram", unece_rec20="KGM")
    ContainerType.objects.create(
        code="45G1",
        description="High Cube",
        length_ft=Decimal(40),
        height_ft=Decimal("9.5"),
        teu=Decimal(2),
        typical_tare_kg=Decimal(3940),
    )
    DeclaredElementsTemplate.objects.create(
        prefix="854143",
        elements_zh="额定功率\n品牌(中文及外文名称)\n型号",
        elements_en="rated power\nbrand (Chinese and foreign name)\nmodel",
        source="https://example.org/854143",
    )


@pytest.fixture
def shipment(tenants: Tenants, codes: None) -> Shipment:
    return a_shipment(tenants)


def _page(tenants: Tenants, shipment: Shipment, language: str) -> str:
    tenants.owner.language = language
    tenants.owner.save(update_fields=["language"])
    client = tenants.client_for(tenants.owner)
    page = client.get(reverse("shipments:detail", args=[shipment.pk])).content.decode()
    # The line's pickers are in its editor, which opens on its own.
    line = GoodsLine.objects.get(shipment=shipment)
    editor = client.get(reverse("shipments:line_row", args=[shipment.pk, line.pk]), {"edit": "1"})
    return page + editor.content.decode()


def test_the_pickers_show_code_and_chinese_name_in_chinese(
    tenants: Tenants, shipment: Shipment
) -> None:
    html = _page(tenants, shipment, "zh-hans")
    assert '<option value="0110" selected>0110 一般贸易</option>' in html
    assert '<option value="101" selected>101 一般征税</option>' in html
    assert '<option value="3" selected>3 FOB</option>' in html  # derived from FCA
    # Units by name, the Rec. 20 code stays the stored value; 个 (007) stands for H87.
    assert '<option value="H87" selected>H87 个</option>' in html
    assert '<option value="KGM">KGM 千克</option>' in html
    assert '<option value="22">22 纸制或纤维板制盒/箱</option>' in html
    assert '<option value="45G1" selected>45G1 普通2*标准箱(L) · High Cube</option>' in html


def test_the_pickers_show_code_and_english_name_in_english(
    tenants: Tenants, shipment: Shipment
) -> None:
    html = _page(tenants, shipment, "en")
    assert '<option value="0110" selected>0110 General trade</option>' in html
    assert '<option value="H87" selected>H87 piece</option>' in html
    assert '<option value="22">22 Paper or fibreboard boxes/cartons</option>' in html
    assert '<option value="45G1" selected>45G1 40 ft High Cube</option>' in html
    assert "rated power" in html  # the line's declared elements, as a form


def test_a_code_the_table_lacks_is_still_offered_so_showing_it_never_changes_it(
    tenants: Tenants, shipment: Shipment
) -> None:
    Shipment.objects.filter(pk=shipment.pk).update(supervision_mode="9999")
    html = _page(tenants, shipment, "en")
    assert '<option value="9999" selected>9999 (not in the code table)</option>' in html


def test_the_composed_string_is_saved_and_the_form_shows_it_split_again(
    tenants: Tenants, shipment: Shipment
) -> None:
    # The editor's script composes the parts into declared_elements (and copies the first two
    # into brand type and export preference), then posts the changed fields as usual.
    line = GoodsLine.objects.get(shipment=shipment)
    client: Client = tenants.client_for(tenants.owner)
    response = client.post(
        reverse("shipments:line", args=[shipment.pk, line.pk]),
        {"version": str(line.version), "row_index": "0", "brand_type": "4"}
        | {"export_preference": "2", "declared_elements": "4|2|550W|SRT|SRT-550M"}
        | {"package_type": "22", "unit": "KGM"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    line.refresh_from_db()
    assert line.declared_elements == "4|2|550W|SRT|SRT-550M"
    assert (line.brand_type, line.export_preference) == ("4", "2")
    assert (line.unit, line.package_type) == ("KGM", "22")
    body = response.content.decode()
    assert 'value="SRT-550M"' in body and '<option value="4" selected>' in body
