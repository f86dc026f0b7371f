"""A real HTTP receiver on 127.0.0.1 (http.server in a thread) for the webhook tests: it
keeps every request and answers with the statuses it is told, in order."""

from __future__ import annotations

import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    url: str
    requests: list[Received] = field(default_factory=list)
    # (status, extra headers) per request; the last one repeats.
    answers: list[tuple[int, dict[str, str]]] = field(default_factory=lambda: [(204, {})])
    delay: float = 0.0

    def answer(self, status: int, **headers: str) -> None:
        self.answers = [(status, headers)]


def _handler(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            receiver.requests.append(Received(self.path, dict(self.headers.items()), body))
            if receiver.delay:
                time.sleep(receiver.delay)
            status, headers = (
                receiver.answers.pop(0) if len(receiver.answers) > 1 else receiver.answers[0]
            )
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name.replace("_", "-"), value)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    return Handler


TLS_HOST = "hooks.example.test"


def _serve(settings, tls: ssl.SSLContext | None = None) -> Iterator[Receiver]:
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    holder = Receiver(url="")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(holder))
    port = server.server_address[1]
    if tls is None:
        holder.url = f"http://127.0.0.1:{port}/hooks/cloudcabin"
    else:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
        holder.url = f"https://{TLS_HOST}:{port}/hooks/cloudcabin"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield holder
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def receiver(settings) -> Iterator[Receiver]:
    """Listening on 127.0.0.1; private addresses allowed for this test only."""
    yield from _serve(settings)


@pytest.fixture
def self_signed(tmp_path) -> str:
    """A certificate for hooks.example.test (the path of the PEM holding it and its key)."""
    pem = tmp_path / "receiver.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-subj", f"/CN={TLS_HOST}", "-addext", f"subjectAltName=DNS:{TLS_HOST}",
            "-keyout", str(pem), "-out", str(pem),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return str(pem)


@pytest.fixture
def tls_receiver(settings, self_signed: str) -> Iterator[Receiver]:
    """The same receiver behind TLS with a self-signed certificate for hooks.example.test."""
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(self_signed)
    yield from _serve(settings, tls)
