"""A real HTTP receiver on 127.0.0.1 (http.server in a thread) for the webhook tests: it
keeps every request and answers with the statuses it is told, in order."""

from __future__ import annotations

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


@pytest.fixture
def receiver(settings) -> Iterator[Receiver]:
    """Listening on 127.0.0.1; private addresses allowed for this test only."""
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    holder = Receiver(url="")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(holder))
    holder.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/cloudcabin"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield holder
    finally:
        server.shutdown()
        server.server_close()
