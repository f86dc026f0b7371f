"""An agent's EDIFACT day: they add a partner's profile, upload a bad IFTSTA file and read
which segment is wrong, upload the S1 train's statuses, and download the booking's
IFTSTA for the partner."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from cloudcabin.tracking.milestones import load_milestones
from cloudcabin.tracking.models import Milestone, TrackingEvent
from cloudcabin.tracking.tests.conftest import make_tracked
from cloudcabin.tracking.tests.edifact_helpers import golden
from tests.browser.axe import assert_accessible
from tests.browser.signing import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_agent_uploads_iftsta_and_downloads_it_for_a_partner(
    page: Page, tenants, tmp_path: Path
) -> None:
    load_milestones(Milestone)  # the flush of a transactional test empties the seeded table
    tracked = make_tracked(tenants)
    text = golden("s1_inbound.edi", tracked)
    sign_in(page, tenants.agent.email)

    page.goto("/tracking/edifact-profiles/")
    page.get_by_label("Partner name").fill("Duisburg Hub")
    page.get_by_label("Our interchange id (sender)").fill("CLOUDCABIN")
    page.get_by_label("Partner's interchange id (recipient)").fill("DUISPORT")
    page.get_by_label("IFTSTA version").select_option("D:00B")
    assert_accessible(page)
    page.get_by_role("button", name="Add the profile").click()
    expect(page.get_by_test_id("profiles")).to_contain_text("DUISPORT")

    page.get_by_role("link", name="Upload IFTSTA").click()
    bad = tmp_path / "bad.edi"
    bad.write_text(text.replace("DTM+178:202611081400:203'", "DTM+178:20261108:203'"))
    page.get_by_label("IFTSTA file").set_input_files(str(bad))
    page.get_by_role("button", name="Record the statuses").click()
    expect(page.get_by_test_id("refusals")).to_contain_text("segment 46 (DTM)")
    assert_accessible(page)
    assert TrackingEvent.objects.count() == 0

    page.get_by_label("or paste the EDIFACT text").fill(text)
    page.get_by_role("button", name="Record the statuses").click()
    expect(page.get_by_role("status")).to_contain_text("Recorded 41 events")

    page.get_by_role("link", name="EDIFACT partner profiles").click()
    page.get_by_role("link", name="Duisburg Hub").click()
    page.get_by_label("Booking reference").fill(tracked.booking.reference)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download").click()
    content = Path(download.value.path()).read_text(encoding="utf-8")
    assert content.startswith("UNB+UNOC:3+CLOUDCABIN+DUISPORT+")
    assert content.count("STS+1+") == 41
