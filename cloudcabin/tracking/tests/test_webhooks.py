"""Webhooks: the outbox written with the event, signed deliveries to a real receiver on
127.0.0.1 verified with the standardwebhooks package, retries, disabling and replay."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from standardwebhooks import Webhook

from cloudcabin.tracking.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from cloudcabin.tracking.services import EventInput, record_events, retract_event
from cloudcabin.tracking.tests.sending import deliver_due
from cloudcabin.tracking.webhooks import delivery as sending
from cloudcabin.tracking.webhooks.delivery import SCHEDULE
from cloudcabin.tracking.webhooks.services import create_endpoint, replay_delivery, send_test_event

pytestmark = pytest.mark.django_db


def departed(tracked, **fields) -> EventInput:
    values = {
        "booking": tracked.booking.reference,
        "milestone": "departed_origin",
        "event_time": timezone.now() - timedelta(hours=2),
        "locode": "CNXIA",
        "train_number": "X8001",
    }
    values.update(fields)
    return EventInput(**values)


def endpoint_for(tenants, url, types=("tracking.event.created",)) -> WebhookEndpoint:
    return create_endpoint(tenants.actor(tenants.owner), url=url, event_types=list(types))


def verified(endpoint, request):
    return Webhook(endpoint.secret).verify(request.body, request.headers)


def test_every_recorded_event_reaches_the_receiver_signed_and_verifiable(
    tenants, tracked, receiver
):
    endpoint = endpoint_for(tenants, receiver.url)
    record_events(tenants.actor(tenants.agent), [departed(tracked)], source="MANUAL")

    done = deliver_due()

    assert [d.status for d in done] == [DeliveryStatus.DELIVERED] * 2
    assert len(receiver.requests) == 2
    boxes = []
    for request in receiver.requests:
        assert request.path == "/hooks/cloudcabin"
        assert request.headers["webhook-id"].startswith("msg_")
        assert endpoint.secret.startswith("whsec_")
        message = verified(endpoint, request)
        assert message["type"] == "tracking.event.created"
        event = message["data"]
        assert event["eventType"] == "TRANSPORT"
        assert event["transportEventTypeCode"] == "DEPA"
        assert event["eventClassifierCode"] == "ACT"
        assert event["transportCall"]["UNLocationCode"] == "CNXIA"
        assert event["transportCall"]["carrierVoyageNumber"] == "X8001"
        assert event["documentReferences"][0] == {
            "documentReferenceType": "BKG",
            "documentReferenceValue": tracked.booking.reference,
        }
        assert event["cloudcabin"]["rec24StatusCode"] == "24"
        # The DCSA event, nothing of the shipment's goods, values or parties.
        text = request.body.decode()
        for secret in ("goods", "value", "consignee", "shipper", "party", "Parties"):
            assert secret not in text
        boxes.append(event["equipmentReference"])
    assert sorted(boxes) == sorted(tracked.numbers)
    first = WebhookDelivery.objects.filter(status=DeliveryStatus.DELIVERED).first()
    assert first.last_status_code == 204 and first.last_latency_ms is not None


def test_a_signature_made_with_another_secret_does_not_verify(tenants, tracked, receiver):
    endpoint_for(tenants, receiver.url)
    record_events(tenants.actor(tenants.agent), [departed(tracked)], source="MANUAL")
    deliver_due()

    other = Webhook("whsec_" + "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=")
    with pytest.raises(Exception, match="signature"):
        other.verify(receiver.requests[0].body, receiver.requests[0].headers)


def test_the_outbox_rows_are_written_and_rolled_back_with_the_events(tenants, tracked, receiver):
    endpoint_for(tenants, receiver.url)
    with pytest.raises(RuntimeError), transaction.atomic():
        record_events(tenants.actor(tenants.agent), [departed(tracked)], source="MANUAL")
        assert WebhookDelivery.objects.count() == 2
        raise RuntimeError("the caller's transaction fails after recording")

    assert WebhookDelivery.objects.count() == 0
    assert deliver_due() == [] and receiver.requests == []


def test_an_endpoint_gets_only_the_event_types_it_chose(tenants, tracked, receiver):
    endpoint = endpoint_for(tenants, receiver.url, types=["tracking.event.retracted"])
    actor = tenants.actor(tenants.agent)
    event = record_events(actor, [departed(tracked, container=tracked.numbers[0])], source="API")
    assert WebhookDelivery.objects.count() == 0

    retract_event(actor, str(event.created[0].pk), reason="wrong train")
    deliver_due()

    (request,) = receiver.requests
    message = verified(endpoint, request)
    assert message["type"] == "tracking.event.retracted"
    assert message["data"]["eventID"] == str(event.created[0].pk)
    assert message["data"]["cloudcabin"]["retracted"] is True
    assert message["data"]["cloudcabin"]["retractionReason"] == "wrong train"


def test_a_failing_receiver_is_retried_on_the_schedule_then_disabled_and_owners_told(
    tenants, tracked, receiver, mailoutbox, django_capture_on_commit_callbacks
):
    receiver.answer(500)
    endpoint = endpoint_for(tenants, receiver.url)
    record_events(
        tenants.actor(tenants.agent),
        [departed(tracked, container=tracked.numbers[0])],
        source="API",
    )
    (queued,) = WebhookDelivery.objects.all()
    now = queued.next_attempt_at
    waits = []
    with django_capture_on_commit_callbacks(execute=True):
        while True:
            (done,) = deliver_due(now=now)
            assert deliver_due(now=now) == [], "nothing is due again before its time"
            if done.status != DeliveryStatus.PENDING:
                break
            waits.append((done.next_attempt_at - now).total_seconds())
            now = done.next_attempt_at

    assert len(receiver.requests) == len(SCHEDULE) == 10
    assert done.status == DeliveryStatus.FAILED and done.last_status_code == 500
    for wait, planned in zip(waits, SCHEDULE[1:], strict=True):
        assert planned * 0.9 <= wait <= planned * 1.1
    # The same message every time: one webhook-id for the receiver to deduplicate on.
    assert len({r.headers["webhook-id"] for r in receiver.requests}) == 1
    endpoint.refresh_from_db()
    assert not endpoint.active and endpoint.disabled_reason == "failing"
    (mail,) = mailoutbox
    assert mail.to == [tenants.owner.email]
    assert receiver.url in mail.subject


def test_a_410_disables_the_endpoint_at_once_and_fails_what_waits_for_it(
    tenants, tracked, receiver, mailoutbox, django_capture_on_commit_callbacks
):
    receiver.answer(410)
    endpoint = endpoint_for(tenants, receiver.url)
    record_events(tenants.actor(tenants.agent), [departed(tracked)], source="MANUAL")

    with django_capture_on_commit_callbacks(execute=True):
        deliver_due(limit=1)

    endpoint.refresh_from_db()
    assert not endpoint.active and endpoint.disabled_reason == "gone"
    statuses = sorted(WebhookDelivery.objects.values_list("status", "last_error"))
    assert statuses == [("failed", ""), ("failed", "endpoint disabled")]
    assert len(receiver.requests) == 1
    assert [m.to for m in mailoutbox] == [[tenants.owner.email]]


def test_a_redirect_is_a_failure_and_is_not_followed(tenants, tracked, receiver):
    receiver.answer(302, Location=receiver.url + "/elsewhere")
    endpoint_for(tenants, receiver.url)
    record_events(
        tenants.actor(tenants.agent),
        [departed(tracked, container=tracked.numbers[0])],
        source="API",
    )

    (done,) = deliver_due()

    assert done.status == DeliveryStatus.PENDING and done.last_status_code == 302
    assert [r.path for r in receiver.requests] == ["/hooks/cloudcabin"]


def test_retry_after_puts_the_next_attempt_no_earlier(tenants, tracked, receiver):
    receiver.answer(429, Retry_After="3600")
    endpoint_for(tenants, receiver.url)
    record_events(
        tenants.actor(tenants.agent),
        [departed(tracked, container=tracked.numbers[0])],
        source="API",
    )
    now = timezone.now()

    (done,) = deliver_due(now=now)

    assert done.next_attempt_at >= now + timedelta(seconds=3600)


def test_a_receiver_slower_than_the_timeout_is_a_failure(tenants, tracked, receiver, monkeypatch):
    monkeypatch.setattr(sending, "TIMEOUT_SECONDS", 0.2)
    receiver.delay = 1.0
    endpoint_for(tenants, receiver.url)
    record_events(
        tenants.actor(tenants.agent),
        [departed(tracked, container=tracked.numbers[0])],
        source="API",
    )

    (done,) = deliver_due()

    assert done.status == DeliveryStatus.PENDING
    assert done.last_status_code is None and "timed out" in done.last_error


def test_replay_sends_the_same_message_again(tenants, tracked, receiver):
    endpoint = endpoint_for(tenants, receiver.url)
    record_events(
        tenants.actor(tenants.agent),
        [departed(tracked, container=tracked.numbers[0])],
        source="API",
    )
    (first,) = deliver_due()

    replayed = replay_delivery(tenants.actor(tenants.owner), endpoint.pk, first.pk)
    assert replayed.status == DeliveryStatus.PENDING
    (again,) = deliver_due()

    assert again.status == DeliveryStatus.DELIVERED
    one, two = receiver.requests
    assert one.headers["webhook-id"] == two.headers["webhook-id"]
    assert one.body == two.body
    assert verified(endpoint, two)["data"]["equipmentReference"] == tracked.numbers[0]


def test_the_test_event_is_signed_like_the_others(tenants, receiver):
    endpoint = endpoint_for(tenants, receiver.url)

    send_test_event(tenants.actor(tenants.owner), endpoint.pk)
    deliver_due()

    message = verified(endpoint, receiver.requests[0])
    assert message["type"] == "webhook.test"
    assert message["data"]["endpointId"] == endpoint.pk
    assert json.loads(receiver.requests[0].body)["timestamp"]


def test_a_disabled_endpoint_gets_no_new_deliveries(tenants, tracked, receiver):
    endpoint = endpoint_for(tenants, receiver.url)
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(active=False)

    record_events(tenants.actor(tenants.agent), [departed(tracked)], source="MANUAL")

    assert WebhookDelivery.objects.count() == 0


def test_an_endpoint_deleted_while_its_delivery_is_sent_ends_quietly_with_its_deliveries(
    tenants, receiver, monkeypatch
):
    endpoint = endpoint_for(tenants, receiver.url)
    send_test_event(tenants.actor(tenants.owner), endpoint.pk)
    send_test_event(tenants.actor(tenants.owner), endpoint.pk)
    sent = sending.attempt

    def sent_then_deleted(delivery):
        outcome = sent(delivery)
        WebhookEndpoint.objects.filter(pk=delivery.endpoint_id).delete()
        return outcome

    monkeypatch.setattr(sending, "attempt", sent_then_deleted)

    assert deliver_due() == []
    # The second delivery went with its endpoint: nothing left to send, nothing raised.
    assert len(receiver.requests) == 1 and WebhookDelivery.objects.count() == 0
