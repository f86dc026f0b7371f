"""Seed the header synonym table (operators add their shippers' wordings in the admin).

Headers seen on Chinese factories' and European importers' packing lists and commercial
invoices, in Chinese, English and Russian. A bilingual header ("商品编码 HS Code",
"净重 N.W.(KG)") needs no row of its own: it matches by either part. The fields' own
labels (those the export writes) are known without a row.

Not seeded on purpose: "规格型号 Specification" (a factory's model/spec column, not the
declaration's 规格型号 = declared elements, which must start with the brand type),
"体积 Meas. (CBM)" (no goods-line field).
"""

# ruff: noqa: RUF001

from __future__ import annotations

from typing import Any

from django.db import migrations

PACKING_LIST = "packing lists and invoices"
SEEN_RU = "Russian and Central Asian invoices (СМГС practice)"

ROWS: dict[str, tuple[str, ...]] = {
    "line_no": (
        "No", "Line", "Line No", "Item", "Item No", "S/N", "SN", "Seq", "Ser No", "Pos",
        "Position", "序号", "项号", "行号", "№", "№ п/п", "Поз", "Позиция",
    ),
    "description_zh": (
        "Chinese description", "Description CN", "Description ZH", "Name (Chinese)",
        "品名", "中文品名", "商品名称", "中文名称", "货物名称", "产品名称", "名称", "货名",
        "中文描述", "货物描述",
    ),
    "description_en": (
        "Description", "Descriptions", "Description of goods", "Goods description",
        "Commodity", "Commodity description", "Name of goods", "Name of commodity", "Goods",
        "Product", "Product name", "Product description", "Item description",
        "English description", "Description EN", "Name (English)", "英文名称", "英文品名",
        "英文描述", "Наименование", "Наименование товара", "Описание", "Описание товара",
        "Товар",
    ),
    "hs_code": (
        "HS", "HS No", "HS Code No", "H.S. Code", "Tariff code", "Tariff No",
        "Commodity code", "Customs code", "Customs tariff code", "HTS", "HTS code", "HTS No",
        "HS编码", "HS编号", "商品编码", "海关编码", "海关商品编码", "税号", "税则号",
        "Код ТН ВЭД", "ТН ВЭД", "Код ТНВЭД", "ТНВЭД", "Код товара",
    ),
    "national_code": (
        "National tariff code", "China code", "10-digit code", "本国子目", "十位编码",
        "10位编码", "商品编号",
    ),
    "brand_type": ("品牌类型",),
    "export_preference": ("出口享惠情况", "享惠情况"),
    "declared_elements": ("Declaration elements", "Declared elements", "申报要素"),
    "quantity": (
        "Qty", "Q'ty", "Quantity", "Quantities", "PCS", "Pieces", "数量", "Количество",
        "Кол-во",
    ),
    "unit": (
        "UOM", "Unit of measure", "单位", "计量单位", "Ед. изм.", "Ед изм",
        "Единица измерения", "Ед.",
    ),
    "net_kg": (
        "Net weight", "N.W.", "N/W", "NW", "Net wt", "Net mass", "Net", "Total N.W.",
        "净重", "Вес нетто", "Нетто", "Масса нетто",
    ),
    "gross_kg": (
        "Gross weight", "G.W.", "G/W", "GW", "Gross wt", "Gross mass", "Gross",
        "Total G.W.", "毛重", "Вес брутто", "Брутто", "Масса брутто",
    ),
    "packages": (
        "Pkgs", "No. of packages", "Number of packages", "No. of pkgs", "Cartons", "CTNS",
        "CTN", "Total CTNS", "件数", "箱数", "包装件数", "Кол-во мест", "Количество мест",
        "Мест", "Места",
    ),
    "package_type": (
        "Packing", "Kind of packages", "Type of packages", "包装", "包装种类", "包装方式",
        "包装类型", "Вид упаковки", "Упаковка",
    ),
    "unit_price": (
        "Price", "U/Price", "U. Price", "单价", "Цена", "Цена за единицу", "Цена за ед",
    ),
    "amount": (
        "Total amount", "Total price", "Value", "Total value", "Total", "金额", "总价",
        "总金额", "总值", "Сумма", "Стоимость",
    ),
    "origin_country": (
        "Origin", "Origin country", "Country of origin", "Made in", "COO", "原产国",
        "原产地", "产地", "原产国(地区)", "Страна происхождения", "Происхождение",
    ),
    "marks": (
        "Marks", "Marks and numbers", "Marks & Nos", "Marks and Nos", "Shipping marks",
        "唛头", "唛码", "标记唛码", "Маркировка", "Маркировка и номера",
    ),
    "un_number": ("UN No", "UN", "联合国编号", "危险品编号", "Номер ООН"),
}
CYRILLIC = range(0x0400, 0x0500)


def seed(apps: Any, schema_editor: Any) -> None:
    synonym = apps.get_model("shipments", "HeaderSynonym")
    for field, texts in ROWS.items():
        for text in texts:
            russian = any(ord(char) in CYRILLIC for char in text)
            synonym.objects.get_or_create(
                text=text, defaults={"field": field, "note": SEEN_RU if russian else PACKING_LIST}
            )


class Migration(migrations.Migration):
    dependencies = [("shipments", "0009_header_synonyms")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
