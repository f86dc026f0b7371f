from __future__ import annotations

import os
import subprocess
import sys

from django.conf import settings

CHECK = "import django; django.setup(); print('started')"


def start_django(**env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    environment |= {"DJANGO_SETTINGS_MODULE": "cloudcabin.settings"} | env
    return subprocess.run(
        [sys.executable, "-c", CHECK],
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
    result = start_django(DEBUG="0", SECRET_KEY="k" * 50, ALLOWED_HOSTS="")
    assert result.returncode != 0 and "ALLOWED_HOSTS" in result.stderr


def test_production_starts_with_a_real_secret_and_hosts():
    result = start_django(DEBUG="0", SECRET_KEY="k" * 50, ALLOWED_HOSTS="cloudcabin.example")
    assert result.returncode == 0, result.stderr


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
