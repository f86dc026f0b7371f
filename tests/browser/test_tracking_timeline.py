"""The exporter follows the train on the shipment page, creates a tracking link for the
consignee, and the consignee opens it signed out: the containers' timeline in English and
in Chinese, accessible, on a laptop and on a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from cloudcabin.tracking.milestones import load_milestones
from cloudcabin.tracking.models import Milestone
from cloudcabin.tracking.tests.conftest import make_tracked
from cloudcabin.tracking.tests.test_timeline_pages import JOURNEY, record
from tests.browser.axe import assert_accessible
from tests.browser.signing import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1366, 390)


def _fits(page: Page, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than a {width}px screen"
    assert_accessible(page)


def test_the_owner_shares_a_tracking_link_and_the_consignee_follows_it_in_both_languages(
    page: Page, tenants
) -> None:
    load_milestones(Milestone)  # the transactional database was flushed of its seed
    tracked = make_tracked(tenants, reference="CC-TRACK-1", days=-1)
    record(tenants, tracked, JOURNEY[:3])
    first = tracked.numbers[0]

    # The exporter sees where the train is, then creates a link for the consignee.
    sign_in(page, tenants.owner.email)
    page.goto(f"/shipments/{tracked.shipment.pk}/")
    timeline = page.get_by_test_id("timeline")
    expect(timeline.get_by_test_id("current-status").first).to_contain_text(
        "Arrived at China exit border"
    )
    page.get_by_role("button", name="Create a tracking link").click()
    link = page.get_by_test_id("new-tracking-link").inner_text().strip()
    assert "/tracking/t/" in link
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("/login/")

    # The consignee, signed out, opens it.
    page.goto(link)
    expect(page.locator("h1")).to_have_text("Container tracking")
    box = page.locator(f'[data-containers~="{first}"]')
    expect(box.get_by_test_id("current-status")).to_contain_text("Arrived at China exit border")
    expect(box.locator('tr[data-milestone="departed_origin"]')).to_contain_text(
        "Beijing time (UTC+8)"
    )
    expect(page.get_by_text(tracked.shipment.reference)).to_have_count(0)
    for width in WIDTHS:
        _fits(page, width)

    # …and reads it in Chinese.
    page.set_viewport_size({"width": 1366, "height": 900})
    page.locator('#language-switch a[data-language="zh-hans"]').click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(box.get_by_test_id("current-status")).to_contain_text("到达出境口岸")
    expect(box.locator('tr[data-milestone="departed_origin"]')).to_contain_text("始发站发车")
    for width in WIDTHS:
        _fits(page, width)

    # Back in English.
    page.locator('#language-switch a[data-language="en"]').click()
    expect(box.locator('tr[data-milestone="departed_origin"]')).to_contain_text("Departed origin")
