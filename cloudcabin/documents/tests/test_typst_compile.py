"""A large document compiles in a process of its own, to the same PDF as in this one."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from cloudcabin.documents import typst_compile


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_a_document_over_the_size_compiles_in_a_child_process_to_the_same_pdf(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    source = "#let d = json(bytes(sys.inputs.data))\n#for n in d.lines [Line #n 货物 \\ ]\n"
    template = tmp_path / "lines.typ"
    template.write_text(source)
    data = json.dumps({"lines": list(range(1, 300))})
    here = typst_compile.compile_pdf(str(template), str(tmp_path), data)

    def not_here(path: str, root: str, data: str) -> bytes:
        raise AssertionError("compiled in this process")

    # The child runs the module afresh: only this process's compile is refused.
    monkeypatch.setattr(typst_compile, "PROCESS_ABOVE_BYTES", len(data) - 1)
    monkeypatch.setattr(typst_compile, "compile_here", not_here)
    with pytest.raises(AssertionError):
        typst_compile.compile_here(str(template), str(tmp_path), data)
    in_child = typst_compile.compile_pdf(str(template), str(tmp_path), data)
    assert "Line 299 货物" in _text(in_child)
    assert _text(in_child) == _text(here)


def test_a_child_that_fails_says_why(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    template = tmp_path / "broken.typ"
    template.write_text("#let d = json(bytes(sys.inputs.data))\n#d.missing\n")
    monkeypatch.setattr(typst_compile, "PROCESS_ABOVE_BYTES", 0)
    with pytest.raises(typst_compile.ChildCompileError, match="missing"):
        typst_compile.compile_pdf(str(template), str(tmp_path), "{}")
