"""The cache from the environment, and the client's address behind trusted proxies: the
rate limiter and the sign-in lockout (django-axes) see the same address."""

from __future__ import annotations

import ipaddress

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from cloudcabin.network.ratelimit import client_address
from cloudcabin.tests.test_settings import start_django
from conftest import PASSWORD

CACHES = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"


def test_redis_url_selects_djangos_redis_cache():
    result = start_django(
        "import django; django.setup(); " + CACHES, DEBUG="1", REDIS_URL="redis://127.0.0.1:6379/3"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.core.cache.backends.redis.RedisCache"


def test_without_redis_url_the_database_cache_is_the_default():
    result = start_django("import django; django.setup(); " + CACHES, DEBUG="1", REDIS_URL="")
    assert result.stdout.strip() == "cloudcabin.cache.AtomicDatabaseCache", result.stderr


def test_trusted_proxy_networks_left_empty_are_the_private_ones():
    code = "import django; django.setup(); from django.conf import settings; "
    code += "print(len(settings.TRUSTED_PROXY_NETWORKS))"
    result = start_django(code, DEBUG="1", TRUSTED_PROXY_NETWORKS="")
    assert result.stdout.strip() == "6", result.stderr


def test_a_trusted_proxy_network_that_is_no_network_stops_the_start():
    result = start_django(DEBUG="1", TRUSTED_PROXY_NETWORKS="10.0.0.0/8,not-a-network")
    assert result.returncode != 0 and "TRUSTED_PROXY_NETWORKS" in result.stderr


def request(remote: str, forwarded: str):
    return RequestFactory().get("/", REMOTE_ADDR=remote, headers={"X-Forwarded-For": forwarded})


def test_x_forwarded_for_counts_only_when_the_peer_is_a_trusted_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The default trusted networks: loopback and private addresses.
    assert client_address(request("10.0.0.2", "203.0.113.7")) == "203.0.113.7"
    # A client that reaches the app directly cannot choose its address.
    assert client_address(request("198.51.100.4", "203.0.113.7")) == "198.51.100.4"


def test_every_proxy_of_the_chain_must_be_trusted(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    settings.TRUSTED_PROXY_NETWORKS = (ipaddress.ip_network("192.0.2.0/24"),)
    assert client_address(request("192.0.2.1", "203.0.113.7, 192.0.2.9")) == "203.0.113.7"
    # The hop between the proxies is outside the trusted network: the header is not trusted.
    assert client_address(request("192.0.2.1", "203.0.113.7, 198.51.100.9")) == "192.0.2.1"
    # The default private networks no longer count once the setting names others.
    assert client_address(request("10.0.0.2", "203.0.113.7, 192.0.2.9")) == "10.0.0.2"


@pytest.mark.django_db
def test_sign_in_failures_lock_the_client_behind_the_proxy_not_its_neighbours(tenants, settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.TRUSTED_PROXY_COUNT = 1
    url = reverse("accounts:login")

    def sign_in(client_ip: str, password: str) -> int:
        response = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=client_ip).post(
            url, {"username": tenants.owner.email, "password": password}
        )
        return response.status_code

    for _ in range(3):
        sign_in("203.0.113.7", "wrong")
    assert sign_in("203.0.113.7", PASSWORD) == 429
    # Another client behind the same proxy signs in: the lockout is per client address.
    assert sign_in("203.0.113.8", PASSWORD) == 302
