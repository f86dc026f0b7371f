from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.conf import settings

CHECK = "import django; django.setup(); print('started')"
STRONG_KEY = "q7Vt-3mXr_9LpZc2WbN8sKdY4hGfJ1eA6uT0oRiE5nMvQwSxUyHl"
SETTING_NAMES = {"DEBUG", "SECRET_KEY", "SITE_URL", "HOST", "PORT", "MEDIA_ROOT"}
SETTING_NAMES |= {"SECURE_SSL_REDIRECT", "SECURE_PROXY_SSL_HEADER", "SECURE_HSTS_SECONDS"}


def start_django(code: str = CHECK, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in SETTING_NAMES}
    environment |= {"DJANGO_SETTINGS_MODULE": "cloudcabin.settings"} | env
    return subprocess.run(
        [sys.executable, "-c", code],
        env=environment,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=False,
    )


def test_production_refuses_the_placeholder_secret_key():
    result = start_django(DEBUG="0", ALLOWED_HOSTS="cloudcabin.example")
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_production_refuses_empty_allowed_hosts():
    result = start_django(DEBUG="0", SECRET_KEY=STRONG_KEY, ALLOWED_HOSTS="")
    assert result.returncode != 0 and "ALLOWED_HOSTS" in result.stderr


def test_production_starts_with_a_real_secret_and_hosts():
    result = start_django(DEBUG="0", SECRET_KEY=STRONG_KEY, ALLOWED_HOSTS="cloudcabin.example")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    "weak",
    [
        "k" * 60,  # long but only one character: Django's W009 wants five different ones
        "abcd" * 20,
        STRONG_KEY[:49],  # one short of 50
        "django-insecure-" + STRONG_KEY,  # a key startproject generated for development
    ],
)
def test_production_refuses_a_weak_secret_key_as_djangos_deploy_check_does(weak):
    result = start_django(DEBUG="0", SECRET_KEY=weak, ALLOWED_HOSTS="cloudcabin.example")
    assert result.returncode != 0 and "SECRET_KEY is weak" in result.stderr


def _setting(expression: str, **env: str) -> str:
    code = f"import django; django.setup(); from django.conf import settings; print({expression})"
    result = start_django(code, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_site_url_follows_the_port_run_serves_on_when_it_is_not_set():
    assert _setting("settings.SITE_URL", DEBUG="1", PORT="8123") == "http://127.0.0.1:8123"
    assert _setting("settings.SITE_URL", DEBUG="1", HOST="cabin.lan", PORT="9000", SITE_URL="") == (
        "http://cabin.lan:9000"
    )
    assert _setting("settings.SITE_URL", DEBUG="1", HOST="0.0.0.0", PORT="9000") == (
        "http://127.0.0.1:9000"
    )


def test_a_configured_site_url_wins_over_host_and_port():
    assert _setting(
        "settings.SITE_URL", DEBUG="1", PORT="8123", SITE_URL="https://cabin.example/"
    ) == ("https://cabin.example")


def test_an_empty_media_root_means_var_media_not_the_repository():
    media = _setting("settings.MEDIA_ROOT", DEBUG="1", MEDIA_ROOT="")
    assert media == str(settings.BASE_DIR / "var" / "media")


def test_https_settings_come_from_the_environment():
    code = (
        "(settings.SECURE_SSL_REDIRECT, settings.SECURE_PROXY_SSL_HEADER, "
        "settings.SECURE_HSTS_SECONDS, settings.SECURE_HSTS_INCLUDE_SUBDOMAINS)"
    )
    production = {"DEBUG": "0", "SECRET_KEY": STRONG_KEY, "ALLOWED_HOSTS": "cabin.example"}
    assert _setting(code, **production) == "(True, None, 0, False)"
    assert (
        _setting(
            code,
            **production,
            SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto",
            SECURE_HSTS_SECONDS="31536000",
            SECURE_HSTS_INCLUDE_SUBDOMAINS="1",
        )
        == "(True, ('HTTP_X_FORWARDED_PROTO', 'https'), 31536000, True)"
    )
    assert _setting(code, DEBUG="1") == "(False, None, 0, False)"


def test_the_deploy_check_leaves_only_hsts_for_the_operator_to_decide():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        # The browser tests allow Django's ORM beside Playwright's event loop while they
        # run; a deployment never does, and check --deploy says so.
        env={
            k: v
            for k, v in os.environ.items()
            if k not in SETTING_NAMES | {"DJANGO_ALLOW_ASYNC_UNSAFE"}
        }
        | {"DEBUG": "0", "SECRET_KEY": STRONG_KEY, "ALLOWED_HOSTS": "cabin.example"},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    warnings = {
        line.split(")")[0].split("(")[-1] for line in result.stderr.splitlines() if ": (" in line
    }
    assert warnings == {"security.W004"}  # HSTS: the README says when to turn it on


def test_development_starts_with_the_placeholder():
    assert start_django(DEBUG="1").returncode == 0


def test_database_url_selects_postgresql():
    code = (
        "from django.conf import settings; import django; django.setup(); "
        "print(settings.DATABASES['default']['ENGINE'])"
    )
    environment = dict(os.environ) | {
        "DEBUG": "1",
        "DATABASE_URL": "postgres://u:p@db.example:5432/cc",
        "DJANGO_SETTINGS_MODULE": "cloudcabin.settings",
    }
    result = subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "django.db.backends.postgresql"
