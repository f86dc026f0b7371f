"""Which column holds which goods-line field: header synonyms (a table operators edit,
seeded in English, Chinese, bilingual and Russian wordings) and saved templates."""

# ruff: noqa: RUF001  (full-width punctuation in bilingual headers, on purpose)

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import cached_property
from typing import TYPE_CHECKING

from django.db import transaction

from cloudcabin.accounts.tenancy import Actor
from cloudcabin.errors import Problem, ProblemError, problem
from cloudcabin.shipments.models import HeaderSynonym, ImportTemplate
from cloudcabin.shipments.spreadsheets.fields import IMPORT_FIELDS, LABELS_ZH

if TYPE_CHECKING:
    from cloudcabin.shipments.spreadsheets.reading import Sheet

# Characters of the CJK ideograph blocks: a bilingual header's Chinese part is a run of them.
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_NOT_WORD = re.compile(r"[\W_]+")
_PARTS = re.compile(r"[/|\n,;]")
DESCRIPTIONS = ("description_zh", "description_en")


def header_key(text: str, *, keep_brackets: bool = False) -> str:
    """A header's comparable form: case, width, punctuation and (by default) units ignored."""
    text = unicodedata.normalize("NFKC", text).casefold()
    if not keep_brackets:
        text = _BRACKETED.sub(" ", text)
    return _NOT_WORD.sub("", text)


def header_parts(text: str) -> list[str]:
    """The texts a header may be known by, whole first: "净重 N.W.(KG)" → the whole,
    "净重", "N.W.(KG)". Parts are cut at slashes, line breaks and the like, and where
    Chinese meets another script (bilingual headers often have only a space between)."""
    text = unicodedata.normalize("NFKC", text)
    parts = [text]
    for piece in _PARTS.split(text):
        parts.append(piece)
        chinese = _CJK.findall(_BRACKETED.sub(" ", piece))
        if chinese and _CJK.sub("", _BRACKETED.sub(" ", piece)).strip(" :：-"):
            parts.extend(chinese)
            parts.extend(_CJK.split(piece))
    return [part for part in dict.fromkeys(p.strip() for p in parts) if part]


class HeaderIndex:
    """Normalised header text → field: the fields' own labels (those the export writes,
    so an exported file always reads back) and the operators' synonym table."""

    def __init__(self, texts: Iterable[tuple[str, str]]) -> None:
        self._texts = texts

    @cached_property
    def index(self) -> dict[str, str]:
        """Built at first use: a file refused before its header is looked for costs no query."""
        texts = [
            *(
                (field, text)
                for field, label in IMPORT_FIELDS.items()
                for text in (label, LABELS_ZH[field])
            ),
            *self._texts,
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

    @classmethod
    def load(cls) -> HeaderIndex:
        rows = HeaderSynonym.objects.filter(field__in=IMPORT_FIELDS).order_by("pk")
        return cls(rows.values_list("field", "text"))  # a lazy query

    def fields_of(self, text: str) -> list[str]:
        """The fields a header names, best first: the whole text's, then each part's.

        "品名 Description" names both descriptions; ``detect`` picks one by the column's text.
        """
        found: list[str] = []
        if not text.strip():
            return found
        for part in header_parts(text):
            for keep in (True, False):
                # "Description (Chinese)" is known as it is: not also as "Description".
                field = self.index.get(header_key(part, keep_brackets=keep))
                if field is not None:
                    if field not in found:
                        found.append(field)
                    break
            if found and part == text:
                break  # the whole header is known: its parts say no more
        return found

    def field_of(self, text: str) -> str | None:
        fields = self.fields_of(text)
        return fields[0] if fields else None

    def detect(self, headers: list[str], rows: Iterable[list[str]] = ()) -> dict[str, str]:
        """field → header text for the headers recognised; the leftmost column wins a field.

        A header naming both descriptions ("品名 Description") takes the Chinese one when
        most of its filled cells (in ``rows``) hold Chinese, else the English one. A
        column of 8- or 10-digit codes mapped to the HS code also fills the national code
        (see ``importing``), so it is never needed twice.
        """
        rows = list(rows)
        mapping: dict[str, str] = {}
        for column, header in enumerate(headers):
            fields = self.fields_of(header)
            if set(DESCRIPTIONS) <= set(fields):
                chinese = _mostly_chinese(row[column] for row in rows if column < len(row))
                preferred = DESCRIPTIONS if chinese else DESCRIPTIONS[::-1]
                fields = [*preferred, *(f for f in fields if f not in DESCRIPTIONS)]
            for field in fields:
                if field not in mapping:
                    mapping[field] = header
                    break
        return mapping

    def score(self, cells: list[str], hints: Iterable[str] = ()) -> int:
        """How many distinct fields a row names: the header row is the row with the most.

        ``hints`` are header texts known to matter (a saved template's); each cell that
        matches one counts too, so a shipper's own wording is found without synonyms.
        """
        recognised = set(self.detect(cells).values())
        hinted = {header_key(h, keep_brackets=True) for h in hints} - {""}
        extra = {
            cell
            for cell in cells
            if cell not in recognised and header_key(cell, keep_brackets=True) in hinted
        }
        return len(recognised) + len(extra)


def _mostly_chinese(cells: Iterable[str]) -> bool:
    filled = [cell for cell in cells if cell.strip()]
    return bool(filled) and 2 * sum(1 for cell in filled if _CJK.search(cell)) >= len(filled)


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
