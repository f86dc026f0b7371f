"""Signing in through the page, as a person does: shared by the browser journeys."""

from __future__ import annotations

from playwright.sync_api import Page

from conftest import PASSWORD


def sign_in(page: Page, email: str, password: str = PASSWORD) -> None:
    """Sign in on /login/ and wait for the home page. The form's own button is pressed by
    its place (the last submit button: the header's language buttons come first), so this
    works in either language."""
    page.goto("/login/")
    page.locator("[name=username]").fill(email)
    page.locator("[name=password]").fill(password)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("/")
