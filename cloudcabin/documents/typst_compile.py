"""Typst compiling, in this process or, for a large document, in a process of its own.

Typst's memory grows with the document (about 1 GB for a 10,000-row packing list) and a
process keeps what it has taken. A document whose data exceeds ``PROCESS_ABOVE_BYTES``
of JSON is compiled in a process that ends with it, so the web or task worker stays at
its own size and gives the memory back at once. This module imports only Typst: those
processes run without Django.

A new interpreter spends about 0.08 s of processor time starting (Python, Typst, the
font search) before it can compile: a third of the 1,000-line packing list's compile.
So the process of each document is forked from a *template* process (one per server
process, started on first need, see ``start``) that has imported Typst and searched the
fonts and waits, with one thread, for documents: a fork costs a few milliseconds and the
child has the fonts. The template never compiles, so it stays small and its child holds
no lock or thread of an earlier compile.
"""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import socket
import struct
import subprocess
import sys
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import typst

# Named explicitly, installed from Debian's fonts-wqy-microhei: it covers Chinese,
# Cyrillic and the Polish/Czech letters; nothing is fetched at render time.
FONT_DIRS = ["/usr/share/fonts/truetype/wqy"]
# About 300 goods lines on the packing list (which states every line twice), 700 on the
# invoice; two 1,000-line PDFs compiling side by side in the process took it to
# 1.4-1.6 GB.
PROCESS_ABOVE_BYTES = 250_000
# The folder that holds the ``cloudcabin`` package, for the template to import this module.
PROJECT_DIR = Path(__file__).resolve().parents[2]
# What a child writes on its output: ok or failed, the length of what follows, its
# processor seconds and peak memory in kB (for the benchmark), then the PDF or the error.
_FRAME = struct.Struct("!?QdQ")


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
    return _template().compile(path, root, data.encode())


class ChildCompileError(RuntimeError):
    """The Typst process failed (its last line of error output says why)."""


@dataclass
class Usage:
    """What the children of this process used (the template's own start is not in it)."""

    cpu_seconds: float = 0.0
    peak_kb: int = 0


usage = Usage()
_lock = threading.Lock()
_running: _Template | None = None


def start() -> None:
    """Start the template process now, if it is not running (a large pack calls this
    before its findings, so that the fonts are searched meanwhile)."""
    _template()


def _template() -> _Template:
    global _running
    with _lock:
        if _running is None or not _running.alive():
            _running = _Template()
        return _running


class _Template:
    def __init__(self) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        environment = dict(os.environ)
        environment["PYTHONPATH"] = os.pathsep.join(
            [str(PROJECT_DIR), *filter(None, [environment.get("PYTHONPATH")])]
        )
        # A new interpreter running this module (not multiprocessing, which would import
        # the server's main module again). It ends when this process closes its socket.
        self.process = subprocess.Popen(
            [sys.executable, "-m", __name__, str(theirs.fileno())],
            pass_fds=[theirs.fileno()],
            stdin=subprocess.DEVNULL,
            env=environment,
        )
        theirs.close()
        self.socket = ours

    def alive(self) -> bool:
        return self.process.poll() is None

    def compile(self, path: str, root: str, data: bytes) -> bytes:
        data_in, data_out = os.pipe()
        pdf_in, pdf_out = os.pipe()
        try:
            socket.send_fds(self.socket, [f"{path}\n{root}".encode()], [data_in, pdf_out])
        except OSError as exc:
            for fd in (data_in, data_out, pdf_in, pdf_out):
                os.close(fd)
            raise ChildCompileError(f"Typst template process gone: {exc}") from exc
        os.close(data_in)
        os.close(pdf_out)
        # The child reads all of the data before it writes anything; one that died before
        # reading it all has written no whole answer, which says so below.
        with open(data_out, "wb") as sending, contextlib.suppress(BrokenPipeError):
            sending.write(data)
        with open(pdf_in, "rb") as receiving:
            answer = receiving.read()
        if len(answer) < _FRAME.size:
            raise ChildCompileError("Typst process ended without an answer")
        ok, length, cpu, peak = _FRAME.unpack_from(answer)
        body = answer[_FRAME.size :]
        if len(body) != length:
            raise ChildCompileError("Typst process ended before its answer was complete")
        with _lock:
            usage.cpu_seconds += cpu
            usage.peak_kb = max(usage.peak_kb, peak)
        if not ok:
            lines = body.decode(errors="replace").strip().splitlines() or ["no message"]
            raise ChildCompileError(f"Typst process failed: {lines[-1]}")
        return body


def _serve(control: socket.socket) -> None:
    """The template's loop: a child per document, until the server's end closes."""
    # Children are reaped by the system: their answers say how they ended.
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    fonts()
    while True:
        message, fds, _flags, _address = socket.recv_fds(control, 4096, 2)
        if not message:
            return
        if os.fork() == 0:
            # The child never returns to this loop, whatever happens in it.
            code = 1
            try:
                control.close()
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                code = _compile_child(message.decode(), *fds)
            finally:
                os._exit(code)
        for fd in fds:
            os.close(fd)


def _compile_child(request: str, data_in: int, pdf_out: int) -> int:
    path, root = request.split("\n")
    with open(data_in, "rb") as receiving:
        data = receiving.read().decode()
    try:
        ok, body = True, compile_here(path, root, data)
    except Exception as exc:  # every failure goes back to the server as the answer
        ok, body = False, str(exc).encode()
    own = resource.getrusage(resource.RUSAGE_SELF)
    frame = _FRAME.pack(ok, len(body), own.ru_utime + own.ru_stime, own.ru_maxrss)
    with open(pdf_out, "wb") as sending:
        sending.write(frame + body)
    return 0 if ok else 1


if __name__ == "__main__":
    _serve(socket.socket(fileno=int(sys.argv[1])))
