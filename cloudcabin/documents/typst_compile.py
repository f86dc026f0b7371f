"""Typst compiling, in this process or, for a large document, in a process of its own.

Typst's memory grows with the document (about 1 GB for a 10,000-row packing list) and a
process keeps what it has taken. A document whose data exceeds ``PROCESS_ABOVE_BYTES``
of JSON is compiled in a new process that ends with it, so the web or task worker stays
at its own size and gives the memory back at once. This module imports only Typst: the
child process starts without Django.

Such a process spends about 0.1 s starting (Python, Typst, the font search) before it
can compile. ``processes_ready`` starts the processes a pack will need ahead, while the
caller is still reading and checking, so that they wait for their document with the
fonts loaded.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import typst

# Named explicitly, installed from Debian's fonts-wqy-microhei: it covers Chinese,
# Cyrillic and the Polish/Czech letters; nothing is fetched at render time.
FONT_DIRS = ["/usr/share/fonts/truetype/wqy"]
# About 300 goods lines on the packing list (which states every line twice), 700 on the
# invoice. A child costs about 0.1 s of processor time (Python, Typst, the fonts); two
# 1,000-line PDFs compiling side by side in the process took it to 1.4-1.6 GB.
PROCESS_ABOVE_BYTES = 250_000
# The folder that holds the ``cloudcabin`` package, for the child to import this module.
PROJECT_DIR = Path(__file__).resolve().parents[2]

# Processes started ahead that no document has taken yet (any thread may take one).
_ready: list[subprocess.Popen[bytes]] = []
_ready_lock = threading.Lock()


@cache
def fonts() -> typst.Fonts:
    """The fonts Typst may use (ours, the system's, its own), searched once per process.

    The same fonts as passing ``FONT_DIRS`` to each compile, which searched them all
    again every time (about 50 ms a PDF). A font installed later needs a restart.
    """
    return typst.Fonts(font_paths=FONT_DIRS)


def compile_here(path: str, root: str, data: str) -> bytes:
    pdf: bytes = typst.compile(
        path, root=root, sys_inputs={"data": data}, font_paths=fonts(), pdf_tags=False
    )
    return pdf


def compile_pdf(path: str, root: str, data: str) -> bytes:
    """``path`` compiled with ``data`` as ``sys.inputs.data``; large ones in a child."""
    if len(data) <= PROCESS_ABOVE_BYTES:
        return compile_here(path, root, data)
    with _ready_lock:
        process = _ready.pop(0) if _ready else None
    if process is None:
        process = _start()
    # The template and its folder on the first two lines of the input, then the data; the
    # PDF comes back on the output.
    out, err = process.communicate(f"{path}\n{root}\n{data}".encode())
    if process.returncode != 0:
        lines = err.decode(errors="replace").strip().splitlines() or ["no output"]
        raise ChildCompileError(f"Typst process ended with {process.returncode}: {lines[-1]}")
    return out


@contextmanager
def processes_ready(count: int) -> Iterator[None]:
    """Start ``count`` Typst processes now, for the large documents compiled in the
    block; those none has taken by its end are stopped (a guess too high costs a process
    start, too low a process started when needed, as without this)."""
    started = [_start() for _ in range(count)]
    with _ready_lock:
        _ready.extend(started)
    try:
        yield
    finally:
        with _ready_lock:
            unused = [p for p in started if p in _ready]
            _ready[:] = [p for p in _ready if p not in unused]
        for process in unused:
            process.kill()
            process.communicate()


def _start() -> subprocess.Popen[bytes]:
    # A new interpreter running this module (not multiprocessing, which would import the
    # server's main module again).
    environment = dict(os.environ)
    environment["PYTHONPATH"] = os.pathsep.join(
        [str(PROJECT_DIR), *filter(None, [environment.get("PYTHONPATH")])]
    )
    return subprocess.Popen(
        [sys.executable, "-m", __name__],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environment,
    )


class ChildCompileError(RuntimeError):
    """The Typst process failed (its last line of error output says why)."""


def _child() -> None:
    fonts()  # while the parent is still preparing the document
    path, root, data = sys.stdin.buffer.read().decode().split("\n", 2)
    sys.stdout.buffer.write(compile_here(path, root, data))


if __name__ == "__main__":
    _child()
