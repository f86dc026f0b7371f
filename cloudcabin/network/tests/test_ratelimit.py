"""The one rate limiter: counted in a cache every worker shares, per client address, with
the address behind trusted proxies taken from X-Forwarded-For."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory

from cloudcabin.cache import AtomicDatabaseCache
from cloudcabin.errors import ProblemError
from cloudcabin.network.ratelimit import client_address, client_key, enforce

pytestmark = pytest.mark.django_db

WORKER = textwrap.dedent(
    """
    import django
    django.setup()
    from django.test import RequestFactory
    from cloudcabin.errors import ProblemError
    from cloudcabin.network.ratelimit import enforce

    allowed = 0
    for _ in range({hits}):
        request = RequestFactory().post("/api/v1/network/routes/search", REMOTE_ADDR="198.51.100.9")
        try:
            enforce(request, scope="route-search", limit={limit}, window_seconds=600)
        except ProblemError:
            continue
        allowed += 1
    print(allowed)
    """
)


def _request(remote: str = "192.0.2.10", forwarded: str | None = None):
    headers = {"X-Forwarded-For": forwarded} if forwarded is not None else None
    return RequestFactory().get("/", REMOTE_ADDR=remote, headers=headers)


def _allowed(request, hits: int, limit: int) -> int:
    allowed = 0
    for _ in range(hits):
        try:
            enforce(request, scope="test", limit=limit, window_seconds=600)
        except ProblemError as exc:
            assert exc.status == 429 and exc.problems[0].code == "RATE_LIMITED"
        else:
            allowed += 1
    return allowed


def test_three_worker_processes_share_one_limit(tmp_path: Path):
    """Three processes, like three gunicorn workers, hit one limit of 60 at the same time."""
    # The workers share whichever cache this run has: the database's, or Redis (REDIS_URL).
    environment = dict(os.environ) | {
        "DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "cloudcabin.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'workers.sqlite3'}",
    }
    setup = subprocess.run(
        [sys.executable, "manage.py", "createcachetable"],
        env=environment,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert setup.returncode == 0, setup.stderr
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER.format(hits=40, limit=60)],
            env=environment,
            cwd=settings.BASE_DIR,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    outputs = [worker.communicate(timeout=120) for worker in workers]
    assert all(worker.returncode == 0 for worker in workers), [err for _, err in outputs]
    assert sum(int(out.strip().splitlines()[-1]) for out, _ in outputs) == 60


def test_the_default_cache_is_shared_by_processes_not_kept_in_one():
    expected = (
        "django.core.cache.backends.redis.RedisCache"
        if os.environ.get("REDIS_URL")
        else "cloudcabin.cache.AtomicDatabaseCache"
    )
    assert settings.CACHES["default"]["BACKEND"] == expected


def test_the_limit_counts_each_client_address_on_its_own():
    assert _allowed(_request("192.0.2.10"), hits=7, limit=5) == 5
    assert _allowed(_request("192.0.2.11"), hits=7, limit=5) == 5


def test_without_trusted_proxies_x_forwarded_for_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(_request("192.0.2.10", "203.0.113.7")) == "192.0.2.10"
    # A client cannot escape its limit by sending a new X-Forwarded-For each time.
    hits = [_request("192.0.2.10", f"203.0.113.{n}") for n in range(7)]
    assert sum(_allowed(request, hits=1, limit=5) for request in hits) == 5


def test_behind_one_trusted_proxy_each_client_has_its_own_bucket(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.2"
    assert client_address(_request(proxy, "203.0.113.7")) == "203.0.113.7"
    # What the client wrote itself stands left of what the proxy saw, and is ignored.
    assert client_address(_request(proxy, "198.51.100.1, 203.0.113.7")) == "203.0.113.7"
    assert _allowed(_request(proxy, "203.0.113.7"), hits=7, limit=5) == 5
    assert _allowed(_request(proxy, "203.0.113.8"), hits=3, limit=5) == 3


def test_behind_two_trusted_proxies_the_second_address_from_the_right_is_the_client(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    request = _request("10.0.0.3", "198.51.100.1, 203.0.113.7, 10.0.0.2")
    assert client_address(request) == "203.0.113.7"
    # Fewer hops than trusted proxies, or a hop that is no address: the peer's address.
    assert client_address(_request("10.0.0.3", "203.0.113.7")) == "10.0.0.3"
    assert client_address(_request("10.0.0.3", "nonsense, 10.0.0.2")) == "10.0.0.3"


def test_the_stored_client_key_is_a_hash_of_the_address_not_the_address(settings):
    key = client_key(_request("192.0.2.10"))
    assert "192.0.2.10" not in key and len(key) == 64


def test_an_atomic_increment_keeps_the_windows_expiry():
    # The database cache itself, whichever cache this run is configured with (its table
    # is made for the test database only when it is the configured one).
    call_command("createcachetable", "cloudcabin_cache", verbosity=0)
    database_cache = AtomicDatabaseCache("cloudcabin_cache", {})
    database_cache.add("window", 1, timeout=600)

    def expires() -> object:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT expires FROM cloudcabin_cache WHERE cache_key = %s",
                [database_cache.make_and_validate_key("window")],
            )
            return cursor.fetchone()[0]

    before = expires()
    assert database_cache.incr("window") == 2
    assert database_cache.incr("window", 3) == 5
    assert expires() == before
    with pytest.raises(ValueError):
        database_cache.incr("missing")


def test_a_counted_window_ends_when_it_began_to_end_in_the_configured_cache():
    cache.add("short-window", 1, timeout=1)
    assert cache.incr("short-window") == 2
    time.sleep(2.1)
    assert cache.get("short-window") is None
