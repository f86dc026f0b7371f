"""axe-core in the browser tests: `assert_accessible(page)` fails on critical or serious
violations of the page as it stands, naming each rule and the elements it found.

axe-core comes from npm (package.json / package-lock.json at the repo root; `./test` runs
`npm ci`). The app's Content-Security-Policy allows scripts from its own files only, so a
<script> tag (Playwright's add_script_tag) would be refused; the source is evaluated through
the DevTools protocol instead, which the page's CSP does not govern, and the page stays as
users get it."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
FAILING_IMPACTS = ("critical", "serious")


@cache
def _axe_source() -> str:
    if not AXE_JS.exists():
        pytest.fail(
            f"{AXE_JS} is missing: run `npm ci` at the repo root (./test does so).",
            pytrace=False,
        )
    return AXE_JS.read_text(encoding="utf-8")


def violations(page: Page) -> list[dict[str, Any]]:
    """axe's violations of the whole page, with every <details> opened first so that what
    they hide is checked too."""
    page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(_axe_source())
    found: list[dict[str, Any]] = page.evaluate(
        """async () => {
            const result = await axe.run(document, { resultTypes: ["violations"] });
            return result.violations.map((v) => ({
                id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.map((n) => n.target.join(" ")),
            }));
        }"""
    )
    return found


def assert_accessible(page: Page) -> None:
    serious = [v for v in violations(page) if v["impact"] in FAILING_IMPACTS]
    report = "\n".join(
        f"- {v['impact']} {v['id']} ({v['help']}): {', '.join(v['targets'][:8])}" for v in serious
    )
    assert not serious, f"axe-core on {page.url}:\n{report}"
