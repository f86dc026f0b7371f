"""Notifications and webhooks in the browser: the owner sees the unread count in the
header, reads the list, chooses milestones, adds a webhook endpoint (its secret shown
once), sends a test event and finds it delivered in the log; every page passes axe."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Page, expect

from cloudcabin.tracking.milestones import load_milestones
from cloudcabin.tracking.models import Milestone, NotificationPreference, WebhookEndpoint
from cloudcabin.tracking.services import EventInput, record_events
from cloudcabin.tracking.tests.conftest import make_tracked
from cloudcabin.tracking.tests.receiver import receiver  # noqa: F401
from tests.browser.axe import assert_accessible
from tests.browser.signing import sign_in


def test_the_owner_follows_a_departure_and_sets_up_a_webhook(
    page: Page,
    tenants,
    receiver,  # noqa: F811
) -> None:
    # A transactional test's flush empties the milestone table its migration seeded.
    load_milestones(Milestone)
    tracked = make_tracked(tenants)
    record_events(
        tenants.actor(tenants.agent),
        [
            EventInput(
                booking=tracked.booking.reference,
                milestone="departed_origin",
                event_time=timezone.now() - timedelta(hours=1),
                locode="CNXIA",
            )
        ],
        source="MANUAL",
    )
    sign_in(page, tenants.owner.email)

    expect(page.get_by_test_id("unread-count")).to_have_text("1 unread")
    page.get_by_role("link", name="Notifications").click()
    page.wait_for_url("/tracking/notifications/")
    rows = page.get_by_test_id("notifications")
    expect(rows).to_contain_text(tracked.shipment.reference)
    expect(rows).to_contain_text("Departed origin")
    assert_accessible(page)
    page.get_by_role("button", name="Mark all as read").click()
    expect(page.get_by_test_id("unread-count")).to_have_count(0)

    page.get_by_role("link", name="Choose which milestones you hear about").click()
    expect(page.get_by_label("Departed origin")).to_be_checked()
    page.get_by_label("Loaded on train").check()
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("saved")
    assert NotificationPreference.objects.get(user=tenants.owner, milestone="loaded").wanted

    page.goto("/tracking/webhooks/")
    page.get_by_label("URL").fill(receiver.url)
    page.get_by_label("A tracking event was retracted").uncheck()
    assert_accessible(page)
    page.get_by_role("button", name="Add endpoint").click()
    endpoint = WebhookEndpoint.objects.get()
    page.wait_for_url(f"/tracking/webhooks/{endpoint.pk}/")
    expect(page.get_by_test_id("webhook-secret")).to_have_text(endpoint.secret)
    assert endpoint.event_types == ["tracking.event.created"]

    page.get_by_role("button", name="Send test event").click()
    expect(page.get_by_role("status")).to_contain_text("queued")
    expect(page.get_by_test_id("webhook-secret")).to_have_count(0)
    # Sent by its task once the click's transaction committed (in-process here).
    page.reload()
    delivered = page.locator('[data-testid=deliveries] tr[data-status="delivered"]')
    expect(delivered).to_contain_text("webhook.test")
    expect(delivered).to_contain_text("204")
    assert len(receiver.requests) == 1
    assert_accessible(page)
