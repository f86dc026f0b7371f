"""Typst compiling, in this process or, for a large document, in a process of its own.

Typst's memory grows with the document (about 1 GB for a 10,000-row packing list) and a
process keeps what it has taken. A document whose data exceeds ``PROCESS_ABOVE_BYTES``
of JSON is compiled in a new process that ends with it, so the web or task worker stays
at its own size and gives the memory back at once. This module imports only Typst: the
child process starts without Django.
"""

from __future__ import annotations

import os
import subprocess
import sys
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
    # A new interpreter running this module (not multiprocessing, which would import the
    # server's main module again), the data on its input and the PDF on its output.
    environment = dict(os.environ)
    environment["PYTHONPATH"] = os.pathsep.join(
        [str(PROJECT_DIR), *filter(None, [environment.get("PYTHONPATH")])]
    )
    done = subprocess.run(
        [sys.executable, "-m", __name__, path, root],
        input=data.encode(),
        capture_output=True,
        env=environment,
        check=False,
    )
    if done.returncode != 0:
        lines = done.stderr.decode(errors="replace").strip().splitlines() or ["no output"]
        raise ChildCompileError(f"Typst process ended with {done.returncode}: {lines[-1]}")
    return done.stdout


class ChildCompileError(RuntimeError):
    """The Typst process failed (its last line of error output says why)."""


if __name__ == "__main__":
    sys.stdout.buffer.write(
        compile_here(sys.argv[1], sys.argv[2], sys.stdin.buffer.read().decode())
    )
