"""What every document kind provides, and the helpers they share."""

from __future__ import annotations

import io
import json
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol, TypeVar

import segno
from django.urls import get_script_prefix, get_urlconf, set_script_prefix, set_urlconf
from django.utils import translation

from cloudcabin.documents import typst_compile
from cloudcabin.documents.data import PackData, Party
from cloudcabin.errors import Problem

TYPST_DIR = Path(__file__).resolve().parent.parent / "typst"
# Typst lets go of the GIL while it compiles, so the PDFs of a pack compile side by side,
# one per core.
RENDER_THREADS = os.cpu_count() or 1

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class Stamp:
    """How a file can be verified: printed on each PDF with a QR code of ``verify_url``."""

    short_code: str
    verify_url: str
    version: int
    issuer: str
    issued_at: str  # ISO 8601, or "" for a preview

    @property
    def is_preview(self) -> bool:
        return not self.issued_at


class StampBook:
    """One stamp per file of a pack, made on first use: by kind, format and part.

    A kind usually has one file per format; a declaration of more than 50 items has
    several parts, each file verified on its own.
    """

    def __init__(self, make: Callable[[], Stamp]) -> None:
        self._make = make
        self._stamps: dict[tuple[str, str, int], Stamp] = {}

    def stamp(self, kind: str, file_format: str, part: int = 1) -> Stamp:
        key = (kind, file_format, part)
        if key not in self._stamps:
            self._stamps[key] = self._make()
        return self._stamps[key]

    def for_kind(self, kind: str) -> Stamps:
        return Stamps(self, kind)


@dataclass(frozen=True)
class Stamps:
    """The stamps of one kind's files: ``stamps["pdf"]``, or ``stamps.get("pdf", part)``."""

    book: StampBook
    kind: str

    def get(self, file_format: str, part: int = 1) -> Stamp:
        return self.book.stamp(self.kind, file_format, part)

    def __getitem__(self, file_format: str) -> Stamp:
        return self.get(file_format)


@dataclass(frozen=True)
class Facts:
    """What one document states, compared across the pack by the cross-document checks."""

    kind: str
    consignor: str = ""
    consignee: str = ""
    gross_kg: Decimal | None = None
    packages: int | None = None
    amount: Decimal | None = None
    currency: str = ""
    bill_no: str | None = None
    crossings: tuple[str, ...] | None = None
    routing_countries: tuple[str, ...] | None = None
    hs_codes: tuple[str, ...] = ()
    attached: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Rendered:
    kind: str
    format: str  # "pdf" or "xml"
    filename: str
    content: bytes
    media_type: str
    part: int = 1  # a declaration of more than 50 items is issued in several parts


class DocumentSpec(Protocol):
    kind: str
    formats: tuple[str, ...]

    def applies(self, data: PackData) -> bool:
        """Whether the pack of this shipment includes this document."""

    def facts(self, data: PackData) -> Facts:
        """What the document states, read from the same data it is rendered from."""

    def findings(self, data: PackData) -> list[Problem]:
        """What would stop this document from being filed, with the field to fix.

        Issue refuses exactly these (with the shipment rules and the cross-document
        checks), so a document that renders must never fail here or in its XSD.
        """

    def render(self, data: PackData, stamps: Stamps) -> list[Rendered]:
        """The files, one per format (and part), each carrying its stamp."""


def plain(value: Any) -> Any:
    """JSON for Typst: Decimals as strings (Typst prints them as given), no floats."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


# What trade documents write for a UN/ECE Rec. 20 unit in English: Rec. 20's symbol where it
# has one, else the usual abbreviation; any other unit goes by its English name.
UNIT_ABBREVIATIONS = {
    "H87": "pcs",
    "C62": "pcs",
    "KGM": "kg",
    "GRM": "g",
    "TNE": "t",
    "MTR": "m",
    "MTK": "m²",
    "MTQ": "m³",
    "LTR": "l",
    "MLT": "ml",
    "SET": "sets",
    "PR": "pairs",
}


def unit_name(data: PackData, rec20: str) -> str:
    """A line's unit as every document prints it, English then Chinese: 'H87' → 'pcs 个'.

    A code the unit table lacks is printed as it is."""
    zh, en = data.lookups.unit_names.get(rec20, ("", ""))
    english = UNIT_ABBREVIATIONS.get(rec20, en) if zh or en else ""
    return " ".join(part for part in (english, zh) if part) or rec20


def incoterm_place(data: PackData) -> str:
    """The Incoterm's named place as every document prints it: "Xi'an International Port,
    CN" for a UN/LOCODE (the place's name, as the documents spell it), the typed name first
    when there is one that says more; never a bare code the reference data can name."""
    header = data.header
    locode = str(header.get("incoterm_place_locode") or "")
    text = str(header.get("incoterm_place_text") or "").strip()
    place = data.lookups.places.get(locode)
    if place is None:
        return text or locode
    named = f"{place.name}, {place.country}"
    return f"{text}, {named}" if text and text.casefold() != place.name.casefold() else named


def party_json(party: Party | None) -> dict[str, str] | None:
    if party is None:
        return None
    return {
        "name": party.name,
        "name_latin": party.name_latin,
        "name_local": party.name_local,
        "address": party.address_latin or party.address_local,
        "address_local": party.address_local,
        "city": party.city,
        "postcode": party.postcode,
        "country": party.country,
        "uscc": party.uscc,
        "eori": party.eori,
        "vat_number": party.vat_number,
        "tin": party.tin,
        "customs_code": party.customs_code,
    }


def qr_svg(url: str) -> str:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=4, border=1)
    return buffer.getvalue().decode()


def stamp_json(stamp: Stamp) -> dict[str, Any]:
    return {
        "short_code": stamp.short_code,
        "verify_url": stamp.verify_url,
        "version": stamp.version,
        "issuer": stamp.issuer,
        "issued_at": stamp.issued_at,
        "preview": stamp.is_preview,
        "qr": qr_svg(stamp.verify_url),
    }


def render_typst(template: str, payload: dict[str, Any]) -> bytes:
    """Compile ``typst/<template>.typ`` with ``payload`` as JSON in ``sys.inputs.data``
    (a large document in a process of its own: ``documents.typst_compile``)."""
    return typst_compile.compile_pdf(
        str(TYPST_DIR / f"{template}.typ"),
        str(TYPST_DIR),
        json.dumps(plain(payload), ensure_ascii=False),
    )


def in_parallel(
    function: Callable[[T], R],
    items: Sequence[T],
    done: Callable[[int], None] | None = None,
) -> list[R]:
    """``[function(item) for item in items]``, on up to ``RENDER_THREADS`` threads.

    For work that is mostly Typst compiling; the items start in their order (put the
    longest first). The results keep the order of ``items``; the first exception in that
    order is raised, as in the loop, once every item has ended. Pure work only: no
    database (a thread has its own connection, outside the caller's transaction). The
    caller's language, URL prefix and URLconf are carried into the threads, so that a
    finding or a stamp's URL made there reads as the caller's would. ``done(n)`` is
    called in the caller's thread (which may write the database) as each item ends: n
    of them have.
    """
    workers = min(RENDER_THREADS, len(items))
    if workers < 2:
        results = []
        for item in items:
            results.append(function(item))
            if done is not None:
                done(len(results))
        return results
    language, prefix, urlconf = translation.get_language(), get_script_prefix(), get_urlconf()

    def run(item: T) -> R:
        set_script_prefix(prefix)
        set_urlconf(urlconf)
        with translation.override(language):
            return function(item)

    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="render") as pool:
        futures = [pool.submit(run, item) for item in items]
        for ended, _future in enumerate(as_completed(futures), start=1):
            if done is not None:
                done(ended)
    return [future.result() for future in futures]


def pdf(kind: str, filename: str, content: bytes, part: int = 1) -> Rendered:
    return Rendered(kind, "pdf", filename, content, "application/pdf", part)


def xml(kind: str, filename: str, content: bytes, part: int = 1) -> Rendered:
    return Rendered(kind, "xml", filename, content, "application/xml", part)
