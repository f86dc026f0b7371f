"""Server-side request forgery: webhooks go to https:// URLs on public addresses only,
checked when the endpoint is saved and again before every attempt."""

from __future__ import annotations

import socket
import ssl
from datetime import timedelta

import pytest
from django.utils import timezone

from cloudcabin.errors import ProblemError
from cloudcabin.tracking.models import DeliveryStatus
from cloudcabin.tracking.services import EventInput, record_events
from cloudcabin.tracking.tests.sending import deliver_due
from cloudcabin.tracking.webhooks import delivery as sending
from cloudcabin.tracking.webhooks.addresses import check_url
from cloudcabin.tracking.webhooks.services import (
    create_endpoint,
    send_test_event,
    update_endpoint,
)

pytestmark = pytest.mark.django_db


def code_of(url: str) -> str:
    with pytest.raises(ProblemError) as refused:
        check_url(url)
    return refused.value.problems[0].code


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/hooks",
        "https://localhost/hooks",
        "https://10.1.2.3/hooks",
        "https://172.16.0.9/hooks",
        "https://192.168.1.20:8443/hooks",
        "https://169.254.169.254/latest/meta-data/",
        "https://100.64.0.1/hooks",
        "https://0.0.0.0/hooks",
        "https://[::1]/hooks",
        "https://[fe80::1]/hooks",
        "https://[fd00::5]/hooks",
        "https://[::ffff:127.0.0.1]/hooks",
        "https://224.0.0.1/hooks",
    ],
)
def test_private_loopback_and_link_local_addresses_are_refused(url):
    assert code_of(url) == "WEBHOOK_URL_NOT_PUBLIC"


def test_plain_http_is_refused_even_to_a_public_address():
    assert code_of("http://93.184.215.14/hooks") == "WEBHOOK_URL_NOT_HTTPS"


@pytest.mark.parametrize(
    "url",
    [
        "",
        "hooks.example.com/in",
        "ftp://93.184.215.14/",
        "https://user:pw@93.184.215.14/",
        "https://93.184.215.14/a b",
        "https://93.184.215.14/in\r\nX-Injected: 1",
    ],
)
def test_what_is_not_a_web_address_is_refused(url):
    assert code_of(url) == "WEBHOOK_URL_INVALID"


def test_a_public_address_is_accepted_with_its_path_and_query():
    target = check_url("https://93.184.215.14:8443/in/cloudcabin?tenant=7")

    assert (target.host, target.port, target.path) == (
        "93.184.215.14",
        8443,
        "/in/cloudcabin?tenant=7",
    )
    assert target.addresses == ("93.184.215.14",)


def resolving_to(monkeypatch, *addresses: str) -> None:
    def fake(host, port, *args, **kwargs):
        family = {True: socket.AF_INET6, False: socket.AF_INET}
        return [(family[":" in a], socket.SOCK_STREAM, 6, "", (a, port)) for a in addresses]

    monkeypatch.setattr(socket, "getaddrinfo", fake)


def test_a_name_is_refused_when_any_of_its_addresses_is_private(monkeypatch):
    resolving_to(monkeypatch, "93.184.215.14", "10.0.0.7")

    with pytest.raises(ProblemError) as refused:
        check_url("https://hooks.example.com/in")

    (found,) = refused.value.problems
    assert found.code == "WEBHOOK_URL_NOT_PUBLIC" and "10.0.0.7" in found.message


def test_a_name_that_does_not_resolve_is_refused():
    assert code_of("https://no-such-host.invalid/in") == "WEBHOOK_URL_UNRESOLVED"


def test_saving_an_endpoint_checks_its_address(tenants):
    owner = tenants.actor(tenants.owner)
    with pytest.raises(ProblemError) as refused:
        create_endpoint(
            owner, url="https://169.254.169.254/", event_types=["tracking.event.created"]
        )
    assert [(p.path, p.code) for p in refused.value.problems] == [("url", "WEBHOOK_URL_NOT_PUBLIC")]

    endpoint = create_endpoint(
        owner, url="https://93.184.215.14/in", event_types=["tracking.event.created"]
    )
    with pytest.raises(ProblemError):
        update_endpoint(owner, endpoint.pk, url="https://127.0.0.1/in")
    endpoint.refresh_from_db()
    assert endpoint.url == "https://93.184.215.14/in"


def test_the_address_is_checked_again_before_every_attempt(
    tenants, tracked, receiver, settings, monkeypatch
):
    """Saved while it resolved to a public address; resolving to loopback by the time it
    is sent (DNS rebinding), the attempt is refused and the receiver gets nothing."""
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    resolving_to(monkeypatch, "93.184.215.14")
    port = receiver.url.split(":")[2].split("/")[0]
    create_endpoint(
        tenants.actor(tenants.owner),
        url=f"https://hooks.example.com:{port}/hooks/cloudcabin",
        event_types=["tracking.event.created"],
    )
    record_events(
        tenants.actor(tenants.agent),
        [
            EventInput(
                booking=tracked.booking.reference,
                milestone="departed_origin",
                event_time=timezone.now() - timedelta(hours=1),
                container=tracked.numbers[0],
            )
        ],
        source="API",
    )
    resolving_to(monkeypatch, "127.0.0.1")

    (done,) = deliver_due()

    assert done.status == DeliveryStatus.PENDING and done.last_status_code is None
    assert "127.0.0.1" in done.last_error
    assert receiver.requests == []


def test_the_test_only_setting_allows_a_local_receiver(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE = True

    assert check_url("http://127.0.0.1:9000/in").addresses == ("127.0.0.1",)


def test_https_connects_to_the_checked_address_and_verifies_the_hosts_certificate(
    tenants, tls_receiver, self_signed, monkeypatch
):
    """hooks.example.test resolves (here) to 127.0.0.1: the request goes to that address,
    with the name in the TLS handshake and the Host header, and a certificate the client
    does not trust is a failed attempt."""
    resolving_to(monkeypatch, "127.0.0.1")
    endpoint = create_endpoint(
        tenants.actor(tenants.owner),
        url=tls_receiver.url,
        event_types=["tracking.event.created"],
    )
    send_test_event(tenants.actor(tenants.owner), endpoint.pk)

    (untrusted,) = deliver_due()
    assert untrusted.status == DeliveryStatus.PENDING
    assert "CERTIFICATE_VERIFY_FAILED" in untrusted.last_error
    assert tls_receiver.requests == []

    trusting = ssl.create_default_context(cafile=self_signed)
    monkeypatch.setattr(sending.ssl, "create_default_context", lambda: trusting)
    (trusted,) = deliver_due(now=untrusted.next_attempt_at)

    assert trusted.status == DeliveryStatus.DELIVERED
    (request,) = tls_receiver.requests
    assert request.headers["Host"] == tls_receiver.url.split("/")[2]
