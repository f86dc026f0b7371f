"""An agent records that the train has left, for every container on it, in one click; the
exporter then finds the booking departed and can no longer cancel it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from cloudcabin.tracking.models import TrackingEvent
from cloudcabin.tracking.tests.conftest import make_tracked
from tests.browser.axe import assert_accessible
from tests.browser.signing import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_agent_records_the_departure_of_a_whole_train_and_the_exporter_cannot_cancel(
    page: Page, tenants
) -> None:
    # The train leaves in two days: only its recorded departure can stop the cancelling.
    tracked = make_tracked(tenants, reference="CC-TRAIN-1", days=2)
    sign_in(page, tenants.agent.email)
    page.goto(f"/bookings/agent/departures/{tracked.departure.pk}/")
    page.get_by_test_id("record-milestones").click()
    assert_accessible(page)

    departed = page.locator("[data-milestone=departed_origin]")
    expect(departed.get_by_label("Place (UN/LOCODE)")).to_have_value("CNXIA")
    departed.get_by_role("button", name="Record for all 2 containers").click()

    expect(page.get_by_role("status")).to_contain_text("Departed origin recorded for 2 containers.")
    expect(departed.get_by_test_id("reached")).to_have_text("2 of 2")
    assert TrackingEvent.objects.filter(milestone_id="departed_origin").count() == 2

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("/login/")
    sign_in(page, tenants.owner.email)
    page.goto(f"/bookings/{tracked.booking.pk}/")
    expect(page.get_by_test_id("status")).to_have_text("Departed")
    expect(page.get_by_test_id("departed-note")).to_be_visible()
    expect(page.get_by_role("button", name="Cancel")).to_have_count(0)
