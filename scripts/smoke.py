"""A smoke journey over HTTP against a running server (CI runs it against gunicorn on
PostgreSQL with DEBUG=0): health, sign-in, a quote, a new shipment, issuing the demo's
ready shipment's pack, verifying an issued document by its short code, and asking for a
password reset (whose e-mail the background worker sends).

    python scripts/smoke.py http://127.0.0.1:8000

Standard library only, so that it runs with the production dependencies. Exits non-zero,
naming the step, on the first unexpected answer.
"""

from __future__ import annotations

import http.cookiejar
import json
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

EMAIL, PASSWORD = "owner@xian.demo", "cloudcabin-demo"
READY_SHIPMENT = "XSR-2026-0001"


class Smoke:
    def __init__(self, base: str) -> None:
        self.base = base.rstrip("/")
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def request(
        self,
        method: str,
        path: str,
        *,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, bytes]:
        request = urllib.request.Request(
            self.base + path, data=body, method=method, headers=headers or {}
        )
        try:
            with self.opener.open(request, timeout=60) as answer:
                return answer.status, answer.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def csrf(self) -> str:
        return next((c.value for c in self.cookies if c.name == "csrftoken"), "")

    def api(self, method: str, path: str, payload: Any = None, expect: int = 200) -> Any:
        body = json.dumps(payload).encode() if payload is not None else None
        headers = {
            "Content-Type": "application/json",
            "X-CSRFToken": self.csrf(),
            "Referer": self.base + "/",
        }
        status, content = self.request(method, "/api/v1" + path, body=body, headers=headers)
        check(status == expect, f"{method} {path}: {status} (expected {expect}) {content[:300]!r}")
        return json.loads(content) if content else None


def check(condition: bool, message: str) -> None:
    if not condition:
        print(f"SMOKE FAILED: {message}")
        sys.exit(1)


def step(name: str) -> float:
    print(f"  {name} …", flush=True)
    return time.perf_counter()


def main(base: str) -> None:
    smoke = Smoke(base)

    step("health")
    status, _ = smoke.request("GET", "/healthz")
    check(status == 200, f"/healthz answered {status}")

    step("sign in")
    status, _ = smoke.request("GET", "/login/")
    check(status == 200 and smoke.csrf() != "", f"/login/ answered {status} without a CSRF cookie")
    form = urllib.parse.urlencode(
        {"username": EMAIL, "password": PASSWORD, "csrfmiddlewaretoken": smoke.csrf()}
    ).encode()
    status, _ = smoke.request(
        "POST",
        "/login/",
        body=form,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": smoke.base + "/login/",
        },
    )
    check(status == 200, f"signing in answered {status}")
    check(any(c.name == "sessionid" for c in smoke.cookies), "no session after signing in")

    step("quote")
    found = smoke.api("POST", "/network/routes/search", {"origin": "Xi'an", "destination": "DEDUI"})
    check(len(found["options"]) > 0, "the route search found no option from Xi'an to Duisburg")

    step("new shipment")
    reference = f"SMOKE-{int(time.time())}"
    created = smoke.api(
        "POST",
        "/shipments",
        {"reference": reference, "origin_locode": "CNXIA", "destination_locode": "DEDUI"},
        expect=201,
    )
    check(created["reference"] == reference, "the new shipment came back with another reference")

    step("issue the ready demo shipment's pack")
    listed = smoke.api("GET", f"/shipments?search={READY_SHIPMENT}")
    items = listed["items"] if isinstance(listed, dict) else listed
    ready = next((s for s in items if s["reference"] == READY_SHIPMENT), None)
    check(ready is not None, f"the demo shipment {READY_SHIPMENT} is not listed")
    assert ready is not None
    pack = smoke.api("POST", f"/documents/shipments/{ready['id']}/issue", expect=201)
    check(len(pack["files"]) > 0, "the issued pack has no files")

    step("verify an issued document")
    short_code = pack["files"][0]["short_code"]
    verified = smoke.api("GET", f"/documents/verify/{short_code}")
    check(bool(verified), f"verifying {short_code} gave an empty answer")
    status, page = smoke.request("GET", f"/documents/verify/{short_code}/")
    check(status == 200 and short_code.encode() in page, f"the verify page answered {status}")

    step("ask for a password reset (an e-mail, sent by the background worker)")
    status, _ = smoke.request("GET", "/password/reset/")
    form = urllib.parse.urlencode({"email": EMAIL, "csrfmiddlewaretoken": smoke.csrf()}).encode()
    status, _ = smoke.request(
        "POST",
        "/password/reset/",
        body=form,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": smoke.base + "/password/reset/",
        },
    )
    check(status == 200, f"asking for a password reset answered {status}")

    print(f"smoke journey passed against {smoke.base}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000")
