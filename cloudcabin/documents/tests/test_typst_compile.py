"""A large document compiles in a process of its own, to the same PDF as in this one."""

from __future__ import annotations

import io
import json
import os
import signal
import threading
import time
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


def _children(pid: int) -> list[int]:
    return [int(n) for n in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def test_large_documents_compile_in_children_of_one_process_that_searched_the_fonts(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    template, data = _lines_template(tmp_path)
    monkeypatch.setattr(typst_compile, "PROCESS_ABOVE_BYTES", 0)
    typst_compile.start()
    first = typst_compile._template()
    used = typst_compile.usage.cpu_seconds
    pdfs = [typst_compile.compile_pdf(str(template), str(tmp_path), data) for _ in range(2)]

    assert typst_compile._template() is first and first.alive()
    assert (
        _text(pdfs[0])
        == _text(pdfs[1])
        == _text(typst_compile.compile_here(str(template), str(tmp_path), data))
    )
    assert typst_compile.usage.cpu_seconds > used  # the children's time is counted
    assert typst_compile.usage.peak_kb > 0


def test_a_child_that_dies_while_compiling_fails_its_document_cleanly(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    slow = tmp_path / "slow.typ"
    slow.write_text("#let n = 0\n#for i in range(100000000) { n += i }\n#n\n")
    template, data = _lines_template(tmp_path)
    monkeypatch.setattr(typst_compile, "PROCESS_ABOVE_BYTES", 0)
    parent = typst_compile._template().process.pid
    failure: list[BaseException] = []

    def compile_slow() -> None:
        try:
            typst_compile.compile_pdf(str(slow), str(tmp_path), "{}")
        except BaseException as exc:
            failure.append(exc)

    thread = threading.Thread(target=compile_slow)
    thread.start()
    deadline = time.monotonic() + 20
    while not _children(parent) and time.monotonic() < deadline:
        time.sleep(0.01)
    (child,) = _children(parent)
    os.kill(child, signal.SIGKILL)
    thread.join(20)

    assert not thread.is_alive()
    assert len(failure) == 1 and isinstance(failure[0], typst_compile.ChildCompileError)
    assert "without an answer" in str(failure[0])
    # The next document does not notice.
    assert "Line 49" in _text(typst_compile.compile_pdf(str(template), str(tmp_path), data))


def test_a_template_process_that_died_is_started_again(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    template, data = _lines_template(tmp_path)
    monkeypatch.setattr(typst_compile, "PROCESS_ABOVE_BYTES", 0)
    gone = typst_compile._template()
    gone.process.kill()
    gone.process.wait()

    pdf = typst_compile.compile_pdf(str(template), str(tmp_path), data)
    assert "Line 49" in _text(pdf)
    assert typst_compile._template() is not gone
