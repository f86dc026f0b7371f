"""The PDFs of a pack compile side by side: the same files, in the same order, as one by one."""

from __future__ import annotations

import io
import threading
from typing import Any

import pytest
from django.urls import get_script_prefix, set_script_prefix
from django.utils import translation
from pypdf import PdfReader

from cloudcabin.documents import selectors, services, typst_compile
from cloudcabin.documents.kinds import KINDS, PER_LINE, PerLine, base
from cloudcabin.documents.kinds.base import Rendered, Stamp, StampBook, in_parallel
from cloudcabin.documents.tests.test_issue_and_views import UnrenderableKind
from cloudcabin.errors import problem
from cloudcabin.shipments.models import Shipment
from cloudcabin.shipments.snapshot import shipment_snapshot
from conftest import Tenants


@pytest.fixture(autouse=True)
def threads(monkeypatch: pytest.MonkeyPatch) -> None:
    """Threads even on a one-CPU machine."""
    monkeypatch.setattr(base, "RENDER_THREADS", 4)


def test_in_parallel_keeps_the_order_of_the_items() -> None:
    names: set[str] = set()

    def square(n: int) -> int:
        names.add(threading.current_thread().name)
        return n * n

    assert in_parallel(square, list(range(20))) == [n * n for n in range(20)]
    assert all(name.startswith("render") for name in names)
    assert in_parallel(square, []) == []


def test_in_parallel_raises_the_first_failure_in_the_order_of_the_items() -> None:
    def check(n: int) -> int:
        if n % 3 == 2:
            raise ValueError(n)
        return n

    with pytest.raises(ValueError) as raised:
        in_parallel(check, list(range(10)))
    assert raised.value.args == (2,)


def test_in_parallel_tells_of_each_item_as_it_ends_not_in_the_order_of_the_items() -> None:
    slow_may_end = threading.Event()
    told: list[int] = []

    def work(n: int) -> int:
        if n == 0:
            assert slow_may_end.wait(10)
        return n

    def done(ended: int) -> None:
        told.append(ended)
        slow_may_end.set()  # the first item ends only after another was told

    assert in_parallel(work, [0, 1, 2], done) == [0, 1, 2]
    assert told == [1, 2, 3]


def test_in_parallel_works_in_the_callers_language_and_url_prefix() -> None:
    def seen(_: int) -> tuple[str | None, str]:
        return translation.get_language(), get_script_prefix()

    previous = get_script_prefix()
    set_script_prefix("/cabin/")
    try:
        with translation.override("zh-hans"):
            assert set(in_parallel(seen, [1, 2, 3, 4])) == {("zh-hans", "/cabin/")}
    finally:
        set_script_prefix(previous)


def _text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def _render(shipment: Shipment, threads: int, monkeypatch: pytest.MonkeyPatch) -> list[Rendered]:
    monkeypatch.setattr(base, "RENDER_THREADS", threads)
    data = selectors.pack_data(shipment_snapshot(shipment))
    code = "TESTCODE23"
    book = StampBook(lambda: Stamp(code, services.verify_url(code), 1, "Issuer", "2026-11-30"))
    files, failures = services.render_files(data, book)
    assert failures == []
    return files


def test_a_pack_rendered_side_by_side_is_the_pack_rendered_one_by_one(
    demo_shipment: Shipment, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Two declaration items, one per part, so that the parts render side by side too.
    monkeypatch.setattr("cloudcabin.documents.declaration.record.MAX_ITEMS", 1)
    one_by_one = _render(demo_shipment, 1, monkeypatch)
    side_by_side = _render(demo_shipment, 4, monkeypatch)

    def names(files: list[Rendered]) -> list[tuple[str, str, int, str]]:
        return [(f.kind, f.format, f.part, f.filename) for f in files]

    assert names(side_by_side) == names(one_by_one)
    parts = [f.part for f in side_by_side if f.kind == "customs_declaration"]
    assert parts == [1, 1, 2, 2]
    kinds = list(dict.fromkeys(f.kind for f in side_by_side))
    assert kinds == [spec.kind for spec in KINDS if spec.kind in kinds]
    for threaded, single in zip(side_by_side, one_by_one, strict=True):
        if threaded.format == "xml":
            assert threaded.content == single.content
        else:
            assert _text(threaded.content) == _text(single.content)


def test_a_failure_in_a_render_thread_is_worded_in_the_callers_language(
    demo_shipment: Shipment, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services, "KINDS", (*KINDS, UnrenderableKind()))
    data = selectors.pack_data(shipment_snapshot(demo_shipment))
    book = StampBook(lambda: Stamp("PREVIEW", services.verify_url("PREVIEW"), 0, "Issuer", ""))
    with translation.override("zh-hans"):
        _, failures = services.render_files(data, book)
        expected = problem("XML_INVALID", kind="broken_kind", detail="test")
    assert [p.message for p in failures] == [expected.message]
    assert "XSD 校验" in expected.message


def test_the_longest_documents_start_first_and_the_files_keep_the_order_of_the_kinds(
    demo_shipment: Shipment, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[str] = []
    for spec in KINDS:

        def render(data: Any, stamps: Any, spec: Any = spec, render: Any = spec.render) -> Any:
            started.append(spec.kind)
            return render(data, stamps)

        monkeypatch.setattr(spec, "render", render)
    files = _render(demo_shipment, 1, monkeypatch)

    # Per goods line the packing list costs Typst most, then the CIM/SMGS note, the invoice
    # and the origin application; the documents that do not grow with the lines follow.
    assert started[:4] == ["packing_list", "cim_smgs", "commercial_invoice", "origin_application"]
    assert started[4:] == [spec.kind for spec in KINDS if spec.kind in started[4:]]
    kinds = list(dict.fromkeys(f.kind for f in files))
    assert kinds == [spec.kind for spec in KINDS if spec.kind in started]


def test_an_issue_with_a_large_document_starts_the_typst_process_before_its_findings(
    tenants: Tenants, demo_shipment: Shipment, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Only the packing list over the size, on the demo's few lines.
    monkeypatch.setitem(PER_LINE, "packing_list", PerLine(10**6, 580))
    monkeypatch.setattr(typst_compile, "PROCESS_ABOVE_BYTES", 100_000)
    seen: list[str] = []
    start, findings_for = typst_compile.start, selectors.findings_for
    compile_pdf = typst_compile.compile_pdf

    def start_watched() -> None:
        seen.append("start")
        start()

    def findings_watched(*args: Any, **kwargs: Any) -> Any:
        seen.append("findings")
        return findings_for(*args, **kwargs)

    monkeypatch.setattr(typst_compile, "start", start_watched)
    monkeypatch.setattr(selectors, "findings_for", findings_watched)

    def compile_large(path: str, root: str, data: str) -> bytes:
        if "packing_list" in path:
            seen.append("packing list")
            data = data + " " * 100_000  # JSON still, and over the size
        return compile_pdf(path, root, data)

    monkeypatch.setattr(typst_compile, "compile_pdf", compile_large)
    issued = services.issue_pack(actor=tenants.actor(tenants.owner), shipment_id=demo_shipment.pk)

    assert issued.created
    assert seen == ["start", "findings", "packing list"]
    files = {f.kind: f for f in issued.pack.files.all()}
    with files["packing_list"].file.open("rb") as stored:
        assert "Packing list" in "".join(_text(stored.read()))


def test_a_typst_process_that_dies_is_a_finding_of_its_document_and_the_rest_render(
    demo_shipment: Shipment, monkeypatch: pytest.MonkeyPatch
) -> None:
    compile_pdf = typst_compile.compile_pdf

    def dies_on_the_packing_list(path: str, root: str, data: str) -> bytes:
        if "packing_list" in path:
            raise typst_compile.ChildCompileError("Typst process ended without an answer")
        return compile_pdf(path, root, data)

    monkeypatch.setattr(typst_compile, "compile_pdf", dies_on_the_packing_list)
    data = selectors.pack_data(shipment_snapshot(demo_shipment))
    book = StampBook(lambda: Stamp("PREVIEW", services.verify_url("PREVIEW"), 0, "Issuer", ""))
    files, failures = services.render_files(data, book)

    assert [p.code for p in failures] == ["RENDER_FAILED"]
    assert "without an answer" in failures[0].message
    kinds = list(dict.fromkeys(f.kind for f in files))
    assert "packing_list" not in kinds
    assert kinds == [spec.kind for spec in KINDS if spec.kind in kinds]
