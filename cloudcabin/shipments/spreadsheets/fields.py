"""The goods-line fields a spreadsheet column can feed, with their English and Chinese labels.

Kept apart from ``mapping`` so that the models can name these fields (the header synonym
table's choices) without importing the mapping code, which imports the models.
"""

from __future__ import annotations

# GoodsLine field → English label, in display (and export) order.
IMPORT_FIELDS: dict[str, str] = {
    "line_no": "Line",
    "description_zh": "Description (Chinese)",
    "description_en": "Description (English)",
    "hs_code": "HS code",
    "national_code": "National code",
    "brand_type": "Brand type",
    "export_preference": "Export preference",
    "declared_elements": "Declared elements",
    "quantity": "Quantity",
    "unit": "Unit",
    "net_kg": "Net weight (kg)",
    "gross_kg": "Gross weight (kg)",
    "packages": "Packages",
    "package_type": "Package type",
    "unit_price": "Unit price",
    "amount": "Amount",
    "origin_country": "Country of origin",
    "marks": "Marks",
    "un_number": "UN number",
}

# The Chinese label of each field, used beside the English one in exported headers.
LABELS_ZH: dict[str, str] = {
    "line_no": "序号",
    "description_zh": "中文品名",
    "description_en": "英文品名",
    "hs_code": "HS编码",
    "national_code": "商品编号",
    "brand_type": "品牌类型",
    "export_preference": "出口享惠情况",
    "declared_elements": "申报要素",
    "quantity": "数量",
    "unit": "单位",
    "net_kg": "净重",
    "gross_kg": "毛重",
    "packages": "件数",
    "package_type": "包装种类",
    "unit_price": "单价",
    "amount": "金额",
    "origin_country": "原产国",
    "marks": "唛头",
    "un_number": "联合国编号",
}


def field_choices() -> list[tuple[str, str]]:
    """The fields as model choices: "net_kg — Net weight (kg) / 净重"."""
    return [
        (name, f"{name} — {label} / {LABELS_ZH[name]}") for name, label in IMPORT_FIELDS.items()
    ]
