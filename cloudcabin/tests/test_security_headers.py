"""Content-Security-Policy from this site only, and templates that need nothing more;
HTTPS redirect and HSTS as configured."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

# What a self-only policy blocks: inline <script> (one with a src is fine), event-handler
# attributes, htmx's hx-on (evaluated code), inline styles.
INLINE_CODE = re.compile(
    r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\son[a-z]+\s*=|\bhx-on[:\-]|\sstyle\s*=", re.I
)


def _templates() -> list[Path]:
    return sorted((settings.BASE_DIR / "cloudcabin").rglob("templates/**/*.html"))


def test_pages_send_a_self_only_content_security_policy():
    response = Client().get(reverse("accounts:login"))
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_no_template_has_inline_script_handlers_or_styles():
    offenders = [
        f"{path.relative_to(settings.BASE_DIR)}: {match.group(0)}"
        for path in _templates()
        for match in INLINE_CODE.finditer(path.read_text())
    ]
    assert len(_templates()) > 20
    assert offenders == []


def test_htmx_is_told_not_to_inject_styles_or_evaluate_attributes():
    page = Client().get(reverse("accounts:login")).content.decode()
    assert '"includeIndicatorStyles": false' in page and '"allowEval": false' in page
    assert re.search(r'<script src="[^"]*htmx[^"]*"', page)


def test_plain_http_is_redirected_to_https_except_the_health_check(settings, tmp_path):
    settings.SECURE_SSL_REDIRECT = True
    settings.MEDIA_ROOT = tmp_path
    page = Client().get(reverse("accounts:login"))
    assert page.status_code == 301 and page["Location"].startswith("https://")
    assert Client().get("/healthz").status_code == 200


def test_behind_a_tls_proxy_the_forwarded_scheme_counts_as_https(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    page = Client().get(reverse("accounts:login"), headers={"X-Forwarded-Proto": "https"})
    assert page.status_code == 200


def test_hsts_is_sent_over_https_once_configured(settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    page = Client().get(reverse("accounts:login"), secure=True)
    assert page["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
