"""Notifications: each person hears of the milestones they chose, once per shipment, in
the app and by e-mail in their own language."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.mail import EmailMessage
from django.utils import timezone

from cloudcabin.tracking.models import Milestone, Notification, NotificationPreference
from cloudcabin.tracking.notifications.recipients import recipients_for
from cloudcabin.tracking.services import EventInput, record_events

pytestmark = pytest.mark.django_db


def event(tracked, milestone="departed_origin", **fields) -> EventInput:
    values = {
        "booking": tracked.booking.reference,
        "milestone": milestone,
        "event_time": timezone.now() - timedelta(hours=2),
        "locode": "CNXIA",
    }
    values.update(fields)
    return EventInput(**values)


def notices(mailoutbox: list[EmailMessage]) -> list[EmailMessage]:
    """The milestone notices among the mails (a departure also mails the booking's news)."""
    return [m for m in mailoutbox if m.subject.startswith("CC-TR-1")]


def told(milestone: str) -> list[str]:
    return sorted(
        Notification.objects.filter(milestone_id=milestone).values_list("user__email", flat=True)
    )


def test_the_members_are_told_once_per_milestone_not_once_per_container(
    tenants, tracked, mailoutbox, django_capture_on_commit_callbacks
):
    tenants.owner.language = "zh-hans"
    tenants.owner.save(update_fields=["language"])

    with django_capture_on_commit_callbacks(execute=True):
        record_events(tenants.actor(tenants.agent), [event(tracked)], source="MANUAL")

    # Two boxes departed: Alice (owner) and Bob (read-only) are each told once.
    assert told("departed_origin") == sorted([tenants.owner.email, tenants.colleague.email])
    assert tenants.stranger.email not in told("departed_origin")
    by_person = {tuple(m.to): m for m in notices(mailoutbox)}
    assert set(by_person) == {(tenants.owner.email,), (tenants.colleague.email,)}
    chinese = by_person[(tenants.owner.email,)]
    english = by_person[(tenants.colleague.email,)]
    assert "始发站发车" in chinese.subject and tracked.shipment.reference in chinese.subject
    assert "Departed origin" in english.subject
    assert "Containers: 2" in english.body and "CNXIA" in english.body
    assert f"/shipments/{tracked.shipment.pk}/" in english.body


def test_the_same_milestone_reported_again_tells_nobody_twice(
    tenants, tracked, mailoutbox, django_capture_on_commit_callbacks
):
    actor = tenants.actor(tenants.agent)
    with django_capture_on_commit_callbacks(execute=True):
        record_events(actor, [event(tracked, container=tracked.numbers[0])], source="API")
        record_events(
            actor,
            [
                event(
                    tracked,
                    container=tracked.numbers[1],
                    event_time=timezone.now() - timedelta(hours=1),
                )
            ],
            source="API",
        )

    assert Notification.objects.count() == 2
    assert len(notices(mailoutbox)) == 2


def test_estimated_and_planned_events_tell_nobody(tenants, tracked, mailoutbox):
    actor = tenants.actor(tenants.agent)
    later = timezone.now() + timedelta(days=5)
    record_events(
        actor,
        [
            event(tracked, "arrived_destination", classifier="EST", event_time=later),
            event(tracked, "arrived_destination", classifier="PLN", event_time=later),
        ],
        source="API",
    )

    assert Notification.objects.count() == 0


def test_a_milestone_nobody_chose_tells_nobody_until_someone_ticks_it(
    tenants, tracked, client, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(tenants.owner)
    page = client.get("/tracking/notifications/settings/")
    assert page.status_code == 200
    # The defaults are ticked: departed, arrived at the EU entry, arrived, delivered.
    ticked = {c.milestone.key for c in page.context["choices"] if c.wanted}
    assert ticked == {"departed_origin", "arrived_eu_entry", "arrived_destination", "delivered"}

    shown = list(Milestone.objects.values_list("key", flat=True))
    saved = client.post(
        "/tracking/notifications/settings/", {"shown": shown, "milestone": ["loaded"]}
    )
    assert saved.status_code == 302

    with django_capture_on_commit_callbacks(execute=True):
        record_events(
            tenants.actor(tenants.agent),
            [event(tracked, "loaded"), event(tracked, "departed_origin")],
            source="MANUAL",
        )

    assert told("loaded") == [tenants.owner.email]
    # Alice unticked "departed"; Bob kept the defaults.
    assert told("departed_origin") == [tenants.colleague.email]
    assert sorted(m.to[0] for m in notices(mailoutbox)) == sorted(
        [tenants.owner.email, tenants.colleague.email]
    )


def test_an_empty_post_changes_no_choice(tenants, client):
    client.force_login(tenants.colleague)

    client.post("/tracking/notifications/settings/", {})

    assert NotificationPreference.objects.count() == 0


def test_the_list_shows_them_with_the_unread_count_until_marked_read(tenants, tracked, client):
    record_events(tenants.actor(tenants.agent), [event(tracked)], source="MANUAL")
    client.force_login(tenants.owner)

    page = client.get("/tracking/notifications/")
    badge = client.get("/tracking/notifications/unread/")

    assert tracked.shipment.reference in page.content.decode()
    assert b'data-unread="true"' in page.content
    assert b"1 unread" in badge.content
    client.post("/tracking/notifications/read/")
    assert b"unread" not in client.get("/tracking/notifications/unread/").content
    assert b'data-unread="true"' not in client.get("/tracking/notifications/").content


def test_the_stranger_sees_none_of_them(tenants, tracked):
    record_events(tenants.actor(tenants.agent), [event(tracked)], source="MANUAL")
    stranger = tenants.client_for(tenants.stranger)

    page = stranger.get("/tracking/notifications/").content.decode()

    assert tracked.shipment.reference not in page
    assert b"unread" not in stranger.get("/tracking/notifications/unread/").content


def test_the_recipients_are_the_members_of_the_shipments_organization(tenants, tracked):
    people = sorted(m.user.email for m in recipients_for(tracked.shipment))

    assert people == sorted([tenants.owner.email, tenants.colleague.email])


def test_the_demos_replayed_history_is_listed_but_not_mailed(
    tenants, tracked, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        record_events(tenants.actor(tenants.agent), [event(tracked)], source="DEMO")

    assert told("departed_origin") == sorted([tenants.owner.email, tenants.colleague.email])
    assert notices(mailoutbox) == []


def test_the_organization_a_shipment_is_shared_with_is_told_too(tenants, tracked):
    from cloudcabin.shipments.models import ShipmentShare
    from cloudcabin.tracking.notifications.recipients import organizations_following

    ShipmentShare.objects.create(
        shipment=tracked.shipment,
        organization=tenants.org,
        shared_with=tenants.stranger_org,
        role="consignee",
    )

    assert organizations_following([tracked.shipment]) == {
        tracked.shipment.pk: [tenants.org.pk, tenants.stranger_org.pk]
    }
