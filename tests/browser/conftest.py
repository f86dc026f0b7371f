"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
TIMEOUT_MS = 10_000


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        # Fail rather than skip: a silently skipped browser suite looks like a green one.
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's Chromium. "
            "Install it with `apt-get install -y chromium fonts-noto-cjk` (./test does so).",
            pytrace=False,
        )
    # Playwright's sync API runs an asyncio event loop in the test thread. Django then sees a
    # running loop and refuses ORM calls from that thread (SynchronousOnlyOperation), though
    # they really are synchronous: the loop only drives the browser. The tests and pytest-django
    # use the ORM for setup, checks and flushing, so allow it, but only while the browser runs,
    # so that the rest of the suite keeps Django's guard.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        expect.set_options(timeout=TIMEOUT_MS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, live_server: object) -> Iterator[Page]:
    """A fresh browser context per test, so cookies and sessions never leak between tests.
    Whatever the Content-Security-Policy blocked on the way fails the test."""
    context = browser.new_context(base_url=str(live_server), locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    blocked: list[str] = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield page
    context.close()
    assert blocked == [], "the Content-Security-Policy blocked: " + "; ".join(blocked)


@pytest.fixture(autouse=True)
def rows_seeded_by_migrations(transactional_db: None) -> None:
    """Browser tests use transactional databases, which are flushed after each test, and
    a flush also empties the rows data migrations seeded (the Incoterm mapping table, the
    header synonyms, the reference code lists such as the EU member states).
    Seed them again, through the migration's own function, before each test."""
    from django.apps import apps as django_apps

    for name in (
        "shipments.migrations.0002_seed_incoterm_mapping",
        "shipments.migrations.0010_seed_header_synonyms",
        "reference.migrations.0008_seed_code_lists",
    ):
        seed_migration = importlib.import_module(f"cloudcabin.{name}")
        seed_migration.seed(django_apps, None)
