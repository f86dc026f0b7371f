"""Managing webhook endpoints on the pages and through the API: the secret shown once,
owners only, the delivery log with replay, and the stranger's 404."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from cloudcabin.tracking.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from cloudcabin.tracking.services import EventInput, record_events
from cloudcabin.tracking.tests.sending import deliver_due
from cloudcabin.tracking.webhooks.services import create_endpoint, send_test_event

pytestmark = pytest.mark.django_db
PUBLIC = "https://93.184.215.14/hooks"
API = "/api/v1/tracking/webhooks"


def api_client(tenants, user, access="read_write") -> Client:
    return Client(headers={"X-API-Key": tenants.api_key(user, access)})


def test_the_owner_adds_an_endpoint_and_sees_its_secret_once(tenants):
    owner = tenants.client_for(tenants.owner)

    created = owner.post(
        "/tracking/webhooks/",
        {"url": PUBLIC, "description": "ERP", "event_types": ["tracking.event.created"]},
    )

    endpoint = WebhookEndpoint.objects.get()
    assert created.status_code == 302 and created.url == f"/tracking/webhooks/{endpoint.pk}/"
    first = owner.get(created.url).content.decode()
    assert endpoint.secret in first and endpoint.secret.startswith("whsec_")
    assert endpoint.secret not in owner.get(created.url).content.decode()
    assert endpoint.organization == tenants.org and endpoint.event_types == [
        "tracking.event.created"
    ]


def test_a_private_address_is_refused_beside_the_field(tenants):
    owner = tenants.client_for(tenants.owner)

    page = owner.post(
        "/tracking/webhooks/",
        {"url": "https://10.0.0.8/in", "event_types": ["tracking.event.created"]},
    )

    assert page.status_code == 200
    assert page.context["form"].errors["url"][0].startswith("10.0.0.8 resolves to 10.0.0.8")
    assert WebhookEndpoint.objects.count() == 0


def test_a_read_only_colleague_cannot_add_or_change_endpoints(tenants):
    endpoint = create_endpoint(
        tenants.actor(tenants.owner), url=PUBLIC, event_types=["tracking.event.created"]
    )
    colleague = tenants.client_for(tenants.colleague)

    listing = colleague.get("/tracking/webhooks/").content.decode()
    colleague.post(
        "/tracking/webhooks/", {"url": PUBLIC, "event_types": ["tracking.event.created"]}
    )
    colleague.post(f"/tracking/webhooks/{endpoint.pk}/delete/")
    colleague.post(f"/tracking/webhooks/{endpoint.pk}/test/")

    assert "Only an owner" in listing and PUBLIC in listing
    assert WebhookEndpoint.objects.count() == 1 and WebhookDelivery.objects.count() == 0


def test_the_delivery_log_shows_status_code_and_latency_and_replays(tenants, tracked, receiver):
    receiver.answer(500)
    endpoint = create_endpoint(
        tenants.actor(tenants.owner), url=receiver.url, event_types=["tracking.event.created"]
    )
    record_events(
        tenants.actor(tenants.agent),
        [
            EventInput(
                booking=tracked.booking.reference,
                milestone="loaded",
                event_time=timezone.now() - timedelta(hours=1),
                container=tracked.numbers[0],
            )
        ],
        source="API",
    )
    (failed,) = deliver_due()
    WebhookDelivery.objects.filter(pk=failed.pk).update(status=DeliveryStatus.FAILED)
    owner = tenants.client_for(tenants.owner)

    log = owner.get(f"/tracking/webhooks/{endpoint.pk}/").content.decode()
    assert failed.message_id in log and "<td>500" in log
    assert f"{failed.last_latency_ms} ms" in log

    receiver.answer(200)
    owner.post(f"/tracking/webhooks/{endpoint.pk}/deliveries/{failed.pk}/replay/")
    (again,) = deliver_due()
    assert again.pk == failed.pk and again.status == DeliveryStatus.DELIVERED
    assert (
        'data-status="delivered"'
        in owner.get(f"/tracking/webhooks/{endpoint.pk}/").content.decode()
    )


def test_the_test_event_button_queues_a_delivery(tenants):
    endpoint = create_endpoint(
        tenants.actor(tenants.owner), url=PUBLIC, event_types=["tracking.event.created"]
    )

    tenants.client_for(tenants.owner).post(f"/tracking/webhooks/{endpoint.pk}/test/")

    (queued,) = WebhookDelivery.objects.all()
    assert (queued.event_type, queued.status) == ("webhook.test", DeliveryStatus.PENDING)


def test_the_api_creates_lists_changes_and_deletes_endpoints(tenants):
    client = api_client(tenants, tenants.owner)

    created = client.post(API, {"url": PUBLIC}, content_type="application/json")
    assert created.status_code == 201
    body = created.json()
    assert body["secret"].startswith("whsec_")
    assert body["event_types"] == ["tracking.event.created", "tracking.event.retracted"]
    listed = client.get(API).json()
    assert [e["id"] for e in listed] == [body["id"]] and "secret" not in listed[0]

    changed = client.patch(
        f"{API}/{body['id']}",
        {"event_types": ["tracking.event.retracted"], "active": False},
        content_type="application/json",
    )
    assert changed.status_code == 200
    assert changed.json()["event_types"] == ["tracking.event.retracted"]
    assert changed.json()["disabled_reason"] == "manual"

    assert client.post(f"{API}/{body['id']}/test").status_code == 409
    assert client.delete(f"{API}/{body['id']}").status_code == 204
    assert WebhookEndpoint.objects.count() == 0


def test_the_api_refuses_a_private_address_and_an_unknown_event_type(tenants):
    client = api_client(tenants, tenants.owner)

    private = client.post(API, {"url": "https://[::1]/in"}, content_type="application/json")
    unknown = client.post(
        API,
        {"url": PUBLIC, "event_types": ["shipment.teleported"]},
        content_type="application/json",
    )

    assert private.status_code == 422
    assert [(e["code"], e["path"]) for e in private.json()["errors"]] == [
        ("WEBHOOK_URL_NOT_PUBLIC", "url")
    ]
    assert unknown.json()["errors"][0]["code"] == "WEBHOOK_EVENT_TYPE_UNKNOWN"


def test_a_read_only_key_reads_but_does_not_manage(tenants):
    endpoint = create_endpoint(
        tenants.actor(tenants.owner), url=PUBLIC, event_types=["tracking.event.created"]
    )
    reader = api_client(tenants, tenants.owner, access="read_only")

    assert reader.get(f"{API}/{endpoint.pk}/deliveries").status_code == 200
    assert reader.post(API, {"url": PUBLIC}, content_type="application/json").status_code == 403
    assert reader.post(f"{API}/{endpoint.pk}/test").status_code == 403
    assert reader.delete(f"{API}/{endpoint.pk}").status_code == 403
    assert WebhookEndpoint.objects.count() == 1 and WebhookDelivery.objects.count() == 0


def test_the_stranger_gets_404_for_the_owners_endpoint_and_deliveries(tenants):
    owner = tenants.actor(tenants.owner)
    endpoint = create_endpoint(owner, url=PUBLIC, event_types=["tracking.event.created"])
    delivery = send_test_event(owner, endpoint.pk)
    stranger = api_client(tenants, tenants.stranger)
    page = tenants.client_for(tenants.stranger)

    for answer in (
        stranger.get(f"{API}/{endpoint.pk}"),
        stranger.get(f"{API}/{endpoint.pk}/deliveries"),
        stranger.post(f"{API}/{endpoint.pk}/deliveries/{delivery.pk}/replay"),
        stranger.delete(f"{API}/{endpoint.pk}"),
        page.get(f"/tracking/webhooks/{endpoint.pk}/"),
        page.post(f"/tracking/webhooks/{endpoint.pk}/deliveries/{delivery.pk}/replay/"),
    ):
        assert answer.status_code == 404
    assert stranger.get(API).json() == []
    assert PUBLIC not in page.get("/tracking/webhooks/").content.decode()
