"""Which column holds which goods-line field: header synonyms (EN/ZH/RU) and saved templates."""

# ruff: noqa: RUF001  (Russian header words share letters with Latin ones on purpose)

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from django.db import transaction

from cloudcabin.accounts.tenancy import Actor
from cloudcabin.errors import Problem, ProblemError, problem
from cloudcabin.shipments.models import ImportTemplate

if TYPE_CHECKING:
    from cloudcabin.shipments.spreadsheets.reading import Sheet

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

# Header texts seen on shippers' invoices and packing lists, in English, Chinese and
# Russian. Compared after ``header_key`` (case, spaces, punctuation and bracketed units
# such as "(kg)", in ASCII or full-width brackets, ignored). The labels above are added to these.
# fmt: off
SYNONYMS: dict[str, tuple[str, ...]] = {
    "line_no": (
        "No", "Line", "Line No", "Item No", "S/N", "SN", "Pos", "Position",
        "序号", "项号", "行号",
        "№", "№ п/п", "Поз", "Позиция",
    ),
    "description_zh": (
        "Chinese description", "Description CN", "Description ZH", "Name (Chinese)",
        "品名", "商品名称", "中文名称", "货物名称", "名称", "货名",
    ),
    "description_en": (
        "Description", "Description of goods", "Goods description", "Commodity",
        "Commodity description", "Name of goods", "Goods", "Product", "Product name",
        "English description", "Description EN", "Name (English)",
        "英文名称", "英文品名",
        "Наименование", "Наименование товара", "Описание", "Описание товара", "Товар",
    ),
    "hs_code": (
        "HS", "HS No", "HS Code No", "Tariff code", "Commodity code", "Customs code",
        "HTS", "HTS code", "HS编码", "HS编号", "商品编码", "海关编码", "税号", "税则号",
        "Код ТН ВЭД", "ТН ВЭД", "Код ТНВЭД", "ТНВЭД", "Код товара",
    ),
    "national_code": (
        "National tariff code", "China code", "10-digit code", "本国子目", "十位编码",
        "10位编码", "商品编号",
    ),
    "brand_type": ("品牌类型",),
    "export_preference": ("出口享惠情况", "享惠情况"),
    "declared_elements": (
        "Declaration elements", "申报要素",
    ),
    "quantity": ("Qty", "Q'ty", "数量", "Количество", "Кол-во"),
    "unit": (
        "UOM", "Unit of measure", "单位", "计量单位",
        "Ед. изм.", "Ед изм", "Единица измерения", "Ед.",
    ),
    "net_kg": (
        "Net weight", "N.W.", "NW", "Net wt", "Net mass", "Net",
        "净重", "Вес нетто", "Нетто", "Масса нетто",
    ),
    "gross_kg": (
        "Gross weight", "G.W.", "GW", "Gross wt", "Gross mass", "Gross",
        "毛重", "Вес брутто", "Брутто", "Масса брутто",
    ),
    "packages": (
        "Pkgs", "No. of packages", "Number of packages", "Cartons", "CTNS",
        "件数", "箱数", "包装件数", "Кол-во мест", "Количество мест", "Мест", "Места",
    ),
    "package_type": (
        "Packing", "Kind of packages", "Type of packages", "包装种类", "包装方式", "包装类型",
        "Вид упаковки", "Упаковка",
    ),
    "unit_price": ("Price", "单价", "Цена", "Цена за единицу", "Цена за ед"),
    "amount": (
        "Total amount", "Total price", "Value", "Total value", "Total",
        "金额", "总价", "总金额", "Сумма", "Стоимость",
    ),
    "origin_country": (
        "Origin", "Origin country", "Made in", "COO", "原产国", "原产地", "原产国(地区)",
        "Страна происхождения", "Происхождение",
    ),
    "marks": (
        "Marks and numbers", "Marks & Nos", "Marks and Nos", "Shipping marks",
        "唛头", "标记唛码", "Маркировка", "Маркировка и номера",
    ),
    "un_number": ("UN No", "UN", "联合国编号", "危险品编号", "Номер ООН"),
}
# fmt: on

_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_NOT_WORD = re.compile(r"[\W_]+")
_PARTS = re.compile(r"[/|\n,;]")


def header_key(text: str, *, keep_brackets: bool = False) -> str:
    """A header's comparable form: case, width, punctuation and (by default) units ignored."""
    text = unicodedata.normalize("NFKC", text).casefold()
    if not keep_brackets:
        text = _BRACKETED.sub(" ", text)
    return _NOT_WORD.sub("", text)


def _build_index() -> dict[str, str]:
    texts = [
        (field, text)
        for field, label in IMPORT_FIELDS.items()
        for text in (label, LABELS_ZH[field], *SYNONYMS[field])
    ]
    # Whole texts first, so that "Description" (English) is not taken by the bracket-less
    # form of "Description (Chinese)".
    index: dict[str, str] = {}
    for field, text in texts:
        index.setdefault(header_key(text, keep_brackets=True), field)
    for field, text in texts:
        index.setdefault(header_key(text), field)
    index.pop("", None)
    return index


_INDEX = _build_index()


def field_of_header(text: str) -> str | None:
    """The goods-line field a header names, if it is a known one.

    Tries the whole text, then each part of a bilingual header such as
    "Net weight (kg) / 净重", with and without the bracketed part.
    """
    if not text.strip():
        return None
    candidates = [text, *_PARTS.split(unicodedata.normalize("NFKC", text))]
    for candidate in candidates:
        for keep in (True, False):
            field = _INDEX.get(header_key(candidate, keep_brackets=keep))
            if field is not None:
                return field
    return None


def detect_mapping(headers: list[str]) -> dict[str, str]:
    """field → header text for the headers recognised; the leftmost column wins a field."""
    mapping: dict[str, str] = {}
    for header in headers:
        field = field_of_header(header)
        if field is not None and field not in mapping:
            mapping[field] = header
    return mapping


def header_score(cells: list[str], hints: Iterable[str] = ()) -> int:
    """How many distinct fields a row names: the header row is the row with the most.

    ``hints`` are header texts known to matter (a saved template's); each cell that
    matches one counts too, so a shipper's own wording is found without synonyms.
    """
    recognised = set(detect_mapping(cells).values())
    hinted = {header_key(h, keep_brackets=True) for h in hints} - {""}
    extra = {
        cell
        for cell in cells
        if cell not in recognised and header_key(cell, keep_brackets=True) in hinted
    }
    return len(recognised) + len(extra)


def column_of(headers: list[str], header: str) -> int | None:
    """The index of the column with this header: exact text first, then ignoring case."""
    for index, text in enumerate(headers):
        if text == header:
            return index
    key = header_key(header, keep_brackets=True)
    if not key:
        return None
    for index, text in enumerate(headers):
        if header_key(text, keep_brackets=True) == key:
            return index
    return None


def mapping_from_template(sheet: Sheet, template: ImportTemplate) -> dict[str, str]:
    """The template's mapping, kept for the fields whose column this sheet has.

    Values are the sheet's own header texts, so the result can go to ``import_lines``.
    """
    mapping: dict[str, str] = {}
    for field, header in (template.mapping or {}).items():
        if field not in IMPORT_FIELDS or not isinstance(header, str):
            continue
        index = column_of(sheet.headers, header)
        if index is not None:
            mapping[field] = sheet.headers[index]
    return mapping


def mapping_problems(mapping: Mapping[str, object]) -> list[Problem]:
    problems = []
    for field, header in mapping.items():
        path = f"mapping.{field}"
        if field not in IMPORT_FIELDS:
            problems.append(problem("IMPORT_FIELD_UNKNOWN", path=path, field=field))
        elif not isinstance(header, str) or len(header) > 200:
            problems.append(problem("INVALID", path=path, detail="Give the column's header text."))
    return problems


TEMPLATE_NAME_MAX = ImportTemplate._meta.get_field("name").max_length or 100


@transaction.atomic
def save_template(*, actor: Actor, name: str, mapping: dict[str, str]) -> ImportTemplate:
    """Create or replace the organization's template of this name."""
    actor.require_write()
    name = name.strip()
    problems = mapping_problems(mapping)
    if not name:
        problems.insert(0, problem("REQUIRED", path="name"))
    elif len(name) > TEMPLATE_NAME_MAX:
        problems.insert(0, problem("TOO_LONG", path="name", limit=TEMPLATE_NAME_MAX))
    if problems:
        raise ProblemError(*problems, status=422)
    cleaned = {field: header for field, header in mapping.items() if header.strip()}
    template, _ = ImportTemplate.objects.update_or_create(
        organization=actor.organization, name=name, defaults={"mapping": cleaned}
    )
    return template
