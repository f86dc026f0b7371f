# ruff: noqa: RUF001  (Chinese text uses the full-width colon on purpose)
"""What a Chinese user reads: dates the browser keeps, readable histories, labels instead of
codes, e-mails in the recipient's language."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from django.core import mail
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext as _

from cloudcabin.accounts.services import invite_member
from cloudcabin.bookings import services as booking_services
from cloudcabin.bookings.models import BookingStatus
from cloudcabin.bookings.tests.conftest import (  # noqa: F401
    Schedule,
    make_shipment,
    schedule,
)
from cloudcabin.network.forms import QuoteForm
from cloudcabin.network.labels import charge_label, localized, mode_label, warning_text
from cloudcabin.network.loading import load_network_data
from cloudcabin.network.planner.options import NO_TARIFF, NO_USD_RATE
from cloudcabin.network.presenters import option_to_dict
from cloudcabin.network.selectors import search_routes
from cloudcabin.network.services import QuoteSearch, create_enquiry, update_enquiry
from cloudcabin.reference.loading.code_tables import load_countries, pycountry_files
from cloudcabin.shipments.forms import DATE
from cloudcabin.zones import zone_label
from conftest import Tenants

CHINESE = "zh-hans"
QUOTE = {
    "origin": "CNXIA",
    "destination": "DEDUI",
    "container_count": "1",
    "size_type": "40",
    "objective": "fastest",
}


def _chinese(client: Client) -> Client:
    client.cookies["cloudcabin_language"] = CHINESE
    return client


# Dates ---------------------------------------------------------------------------------


def test_the_quote_date_is_drawn_in_iso_for_the_browser_in_chinese() -> None:
    """A date input shows nothing for "2026/12/07": its value must be ISO in any language."""
    with translation.override(CHINESE):
        drawn = str(QuoteForm()["ready_date"])
        shipment_date = DATE.render("ready_date", date(2026, 12, 7))
    value = re.search(r'value="([^"]*)"', drawn)
    assert value is not None and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.group(1)), drawn
    assert 'type="date"' in drawn
    assert 'value="2026-12-07"' in shipment_date


@pytest.mark.parametrize("typed", ["2026-12-07", "2026/12/07", "2026/12/7"])
def test_the_quote_form_accepts_the_chinese_date_formats_and_iso(typed: str) -> None:
    with translation.override(CHINESE):
        form = QuoteForm(data={**QUOTE, "ready_date": typed})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["ready_date"] == date(2026, 12, 7)


def test_the_browsers_iso_date_round_trips_through_the_chinese_quote_page(db: None) -> None:
    load_network_data(force=True)
    client = _chinese(Client())
    page = client.get("/routes/", {**QUOTE, "ready_date": "2026-12-07"}).content.decode()
    assert 'name="ready_date" value="2026-12-07"' in page
    assert 'data-testid="route-option"' in page, "the search was refused"


# Histories -----------------------------------------------------------------------------


def test_the_enquiry_history_reads_as_translated_text_not_python_dicts(tenants: Tenants) -> None:
    enquiry = create_enquiry(name="Wang Li", email="wang@example.cn")
    update_enquiry(user=tenants.agent, enquiry_id=enquiry.pk, status="contacted", notes="rang")
    agent = Client()
    agent.force_login(tenants.agent)
    english = agent.get(f"/routes/enquiries/{enquiry.pk}/").content.decode()
    tenants.agent.language = CHINESE
    tenants.agent.save(update_fields=["language"])
    chinese = agent.get(f"/routes/enquiries/{enquiry.pk}/").content.decode()

    for page in (english, chinese):
        assert "{&#x27;" not in page and "{'" not in page
    assert "Status: new" in english and "Status: contacted" in english
    assert "Status changed" in english and "Notes: rang" in english
    with translation.override(CHINESE):
        assert _("Status: {status}").format(status=_("contacted")) in chinese
    assert "状态：已联系" in chinese


def test_the_booking_history_shows_status_labels_in_the_readers_language(
    tenants: Tenants,
    schedule: Schedule,  # noqa: F811
) -> None:
    shipment = make_shipment(tenants)
    booking = booking_services.book_slots(
        actor=tenants.actor(tenants.owner),
        shipment_id=shipment.pk,
        departure_id=schedule.departure.pk,
    ).booking
    tenants.owner.language = CHINESE
    tenants.owner.save(update_fields=["language"])
    owner = Client()
    owner.force_login(tenants.owner)
    page = owner.get(f"/bookings/{booking.pk}/").content.decode()
    assert booking.status == BookingStatus.CONFIRMED
    assert "已确认" in page
    assert "→ confirmed" not in page and ">confirmed<" not in page


# Labels --------------------------------------------------------------------------------


def test_leg_modes_are_shown_by_their_translated_labels() -> None:
    with translation.override(CHINESE):
        assert mode_label("rail_1435") == "铁路 1435 mm"
        assert mode_label("ferry") == "轮渡"
    assert mode_label("rail_1435") == "rail 1435 mm"


def test_the_chinese_quote_names_modes_and_charges_by_label_with_chinese_places(
    db: None,
) -> None:
    load_network_data(force=True)
    _found, options = search_routes(
        **QuoteSearch(origin="CNXIA", destination="DEDUI", ready_date=date(2026, 12, 7)).as_kwargs()
    )
    option = option_to_dict(options[0])
    with translation.override(CHINESE):
        shown = localized(option)
        names = {n["locode"]: n["name_zh"] or n["name"] for n in option["nodes"]}
        terminal = _("Terminal handling at {place}").format(place=names["CNXIA"])
        freight_places = next(
            line["places"] for line in option["cost_lines"] if line["kind"] == "leg_freight"
        )
        freight = _("Freight {origin} → {destination}").format(
            origin=names[freight_places[0]], destination=names[freight_places[1]]
        )
    labels = [line["display_label"] for line in shown["cost_lines"]]
    assert names["CNXIA"] == "西安"
    assert terminal in labels and freight in labels
    assert "安保及单证附加费" in labels  # the operator's Chinese name for the surcharge
    assert not any("Terminal handling Xi'an" in label for label in labels)
    assert all(leg["mode_label"] != leg["mode"] for leg in shown["legs"])
    assert "铁路 1435 mm" in {leg["mode_label"] for leg in shown["legs"]}


def test_a_charge_saved_before_places_were_recorded_keeps_its_stored_label() -> None:
    line = {"kind": "terminal_handling", "label": "Terminal handling Xi'an"}
    assert charge_label(line, {}) == "Terminal handling Xi'an"


def test_the_planners_warnings_are_shown_through_the_catalogue_with_their_values() -> None:
    no_tariff = NO_TARIFF.format(day=date(2026, 12, 7), label="Xi'an → Łódź")
    with translation.override(CHINESE):
        expected = _("No valid tariff on {day} for {route}: price on request.").format(
            day="2026-12-07", route="Xi'an → Łódź"
        )
        assert warning_text(no_tariff) == expected
        assert warning_text(NO_USD_RATE) == _(
            "Some tariffs are in a currency without a USD rate; totals per currency."
        )
        assert warning_text("an older wording") == "an older wording"


def test_a_time_zone_is_named_with_its_offset_on_the_day() -> None:
    winter, summer = datetime(2026, 12, 7, tzinfo=UTC), datetime(2026, 7, 7, tzinfo=UTC)
    assert zone_label("Asia/Shanghai", winter) == "Beijing time (UTC+8)"
    assert zone_label("Europe/Berlin", winter) == "Berlin time (UTC+1)"
    assert zone_label("Europe/Berlin", summer) == "Berlin time (UTC+2)"
    assert zone_label("Asia/Kolkata", winter) == "Kolkata (UTC+5:30)"
    with translation.override(CHINESE):
        assert zone_label("Asia/Shanghai", winter).endswith(" (UTC+8)")


def test_the_sign_up_country_list_is_in_chinese_for_a_chinese_visitor(db: None) -> None:
    # The names come from the reference Country table, as everywhere else.
    load_countries(pycountry_files("iso3166-1"))
    page = _chinese(Client()).get("/signup/").content.decode()
    assert ">中国 (CN)<" in page and ">德国 (DE)<" in page and ">波兰 (PL)<" in page
    assert "Germany (DE)" not in page
    assert "Germany (DE)" in Client().get("/signup/").content.decode()


# E-mails -------------------------------------------------------------------------------


def test_a_booking_e_mail_is_written_in_the_recipients_language(
    tenants: Tenants,
    schedule: Schedule,  # noqa: F811
    django_capture_on_commit_callbacks: object,
) -> None:
    tenants.owner.language = CHINESE
    tenants.owner.save(update_fields=["language"])
    shipment = make_shipment(tenants)
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        booking = booking_services.book_slots(
            actor=tenants.actor(tenants.owner),
            shipment_id=shipment.pk,
            departure_id=schedule.departure.pk,
        ).booking
    [sent] = mail.outbox
    assert sent.to == [tenants.owner.email]
    assert sent.subject.startswith(f"订舱 {booking.reference} 已确认")
    assert "状态：已确认" in sent.body


def test_an_invitation_is_written_in_the_invitees_language_else_the_inviters(
    tenants: Tenants, django_capture_on_commit_callbacks: object
) -> None:
    """Bob (read-only at Alice's, an account in Chinese) is invited elsewhere: Chinese; a
    newcomer invited by Alice (English) reads English."""
    tenants.stranger.language = "en"
    tenants.stranger.save(update_fields=["language"])
    tenants.colleague.language = CHINESE
    tenants.colleague.save(update_fields=["language"])
    stranger = tenants.actor(tenants.stranger)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        invite_member(actor=stranger, email=tenants.colleague.email, role="member")
        invite_member(actor=stranger, email="newcomer@example.com", role="member")
    by_recipient = {message.to[0]: message for message in mail.outbox}
    chinese = by_recipient[tenants.colleague.email].subject
    assert chinese == "您受邀加入云舱上的 Duisburg Import GmbH"
    assert by_recipient["newcomer@example.com"].subject == (
        "You are invited to Duisburg Import GmbH on cloudcabin"
    )


def test_the_agents_enquiry_e_mail_follows_each_agents_language(
    tenants: Tenants, django_capture_on_commit_callbacks: object
) -> None:
    tenants.agent.language = CHINESE
    tenants.agent.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        enquiry = create_enquiry(name="Wang Li", email="wang@example.cn")
    [sent] = mail.outbox
    with translation.override(CHINESE):
        subject = _("[cloudcabin] New enquiry {reference} from {name}").format(
            reference=enquiry.reference, name="Wang Li"
        )
    assert sent.to == [tenants.agent.email] and sent.subject == subject
