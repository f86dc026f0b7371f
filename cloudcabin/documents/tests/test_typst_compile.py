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


def _lines_template(tmp_path: Path) -> tuple[Path, str]:
    template = tmp_path / "lines.typ"
    template.write_text("#let d = json(bytes(sys.inputs.data))\n#for n in d.lines [Line #n \\ ]\n")
    return template, json.dumps({"lines": list(range(1, 50))})


def test_a_process_started_ahead_compiles_the_next_large_document(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    template, data = _lines_template(tmp_path)
    monkeypatch.setattr(typst_compile, "PROCESS_ABOVE_BYTES", 0)
    started: list[object] = []
    start = typst_compile._start

    def counted() -> object:
        started.append(1)
        return start()

    with typst_compile.processes_ready(1):
        monkeypatch.setattr(typst_compile, "_start", counted)
        first = typst_compile.compile_pdf(str(template), str(tmp_path), data)
        assert started == []  # the process started ahead took it
        second = typst_compile.compile_pdf(str(template), str(tmp_path), data)
        assert started == [1]  # none left ahead: one is started for it
    assert "Line 49" in _text(first)
    assert _text(first) == _text(second)


def test_processes_no_document_took_are_stopped_at_the_end(tmp_path: Path) -> None:
    with typst_compile.processes_ready(2):
        ready = list(typst_compile._ready)
        assert len(ready) == 2
        assert all(process.poll() is None for process in ready)
    assert typst_compile._ready == []
    assert all(process.returncode is not None for process in ready)


def test_a_process_that_died_before_its_document_came_fails_the_compile_cleanly(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    template, data = _lines_template(tmp_path)
    monkeypatch.setattr(typst_compile, "PROCESS_ABOVE_BYTES", 0)
    with typst_compile.processes_ready(1):
        typst_compile._ready[0].kill()
        typst_compile._ready[0].wait()
        with pytest.raises(typst_compile.ChildCompileError, match="ended with -9"):
            typst_compile.compile_pdf(str(template), str(tmp_path), data)
        # The next document is not held up by the dead one.
        assert "Line 49" in _text(typst_compile.compile_pdf(str(template), str(tmp_path), data))
    assert typst_compile._ready == []
