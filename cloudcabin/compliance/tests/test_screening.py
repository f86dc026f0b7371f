"""Screening follows the parties: on save, when a list version loads, idempotently; hits
keep an agent's decision while nothing that matters changed, and cite their list version."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from cloudcabin.compliance.models import (
    HitStatus,
    PartyScreening,
    ScreeningEvent,
    ScreeningEventKind,
    ScreeningHit,
)
from cloudcabin.compliance.screening import services, tasks
from cloudcabin.compliance.tests.screening_lists import (
    LISTED_BANK,
    LISTED_TRADER,
    Entry,
    add_version,
    load,
)
from cloudcabin.shipments import services as shipment_services
from cloudcabin.shipments.models import Party
from conftest import Tenants

pytestmark = pytest.mark.django_db


def save_party(tenants: Tenants, **fields: Any) -> Party:
    values: dict[str, Any] = {"name_latin": "Volga-Kama Industrial Bank", "country": "RU"}
    values.update(fields)
    return shipment_services.save_party(actor=tenants.actor(tenants.owner), **values)


def hits_of(party: Party) -> list[ScreeningHit]:
    return list(ScreeningHit.objects.filter(party=party))


def test_a_party_saved_with_a_listed_name_gets_an_open_hit_citing_the_list_version(
    tenants: Tenants,
) -> None:
    version = load([LISTED_BANK])
    party = save_party(tenants)
    [hit] = hits_of(party)
    assert hit.status == HitStatus.OPEN
    assert hit.band == "hold" and hit.score >= 95 / 100
    assert hit.version == version and hit.list_published == date(2026, 11, 20)
    assert hit.entity_name == "Volga Kama Industrial Bank" and hit.entity_ref == "36310"
    assert hit.legal_refs == ["EO 14024", "86 FR 20249"]
    assert hit.organization == tenants.org


def test_a_party_unlike_any_listed_name_has_no_hit_but_is_screened(tenants: Tenants) -> None:
    version = load([LISTED_BANK])
    party = save_party(tenants, name_latin="Chengdu Panda Textiles", country="CN")
    assert hits_of(party) == []
    assert PartyScreening.objects.get(party=party).version_ids == [version.pk]


def test_an_identifier_equal_to_a_listed_one_holds_a_party_of_another_name(
    tenants: Tenants,
) -> None:
    load([LISTED_BANK])
    party = save_party(tenants, name_latin="VKI Holding", tin="7702070139")
    [hit] = hits_of(party)
    assert hit.band == "hold"
    assert any("7702070139" in reason for reason in hit.reasons)


def test_saving_an_unchanged_party_again_does_not_screen_it_again(tenants: Tenants) -> None:
    load([LISTED_BANK])
    party = save_party(tenants)
    first = PartyScreening.objects.get(party=party).screened_at
    shipment_services.save_party(
        actor=tenants.actor(tenants.owner), party_id=party.pk, contact="Ivan, +7 495 000 00 00"
    )
    assert PartyScreening.objects.get(party=party).screened_at == first
    assert len(hits_of(party)) == 1


def test_parties_saved_before_a_list_loads_are_screened_when_its_version_loads(
    tenants: Tenants,
) -> None:
    party = save_party(tenants)
    assert hits_of(party) == []
    version = load([LISTED_BANK])
    [hit] = hits_of(party)
    assert hit.version == version
    assert PartyScreening.objects.get(party=party).version_ids == [version.pk]


def test_the_screening_task_run_twice_screens_each_party_once(tenants: Tenants) -> None:
    party = save_party(tenants)
    add_version([LISTED_BANK])
    assert tasks.screen_after_list_load.call(1) == 1
    assert tasks.screen_after_list_load.call(1) == 0
    assert len(hits_of(party)) == 1


def test_a_shipment_saved_screens_its_parties_not_yet_screened_against_the_lists(
    tenants: Tenants,
) -> None:
    party = save_party(tenants)
    add_version([LISTED_BANK])  # no signal: as if the background task had not run yet
    assert hits_of(party) == []
    shipment_services.create_shipment(
        actor=tenants.actor(tenants.owner), parties={"buyer": party.pk}
    )
    assert len(hits_of(party)) == 1


def test_a_line_edit_screens_no_party_and_a_change_to_the_shipments_header_does(
    tenants: Tenants,
) -> None:
    """A save that writes no party field (a line edit counting its change) has nothing to
    screen: two queries fewer on every line edit."""
    actor = tenants.actor(tenants.owner)
    party = save_party(tenants)
    shipment = shipment_services.create_shipment(actor=actor, parties={"buyer": party.pk})
    add_version([LISTED_BANK])  # no signal: as if the background task had not run yet
    shipment_services.save_line(actor=actor, shipment_id=shipment.pk, description_en="Bolts")
    assert hits_of(party) == []
    shipment_services.update_shipment(actor=actor, shipment_id=shipment.pk, invoice_number="INV-7")
    assert len(hits_of(party)) == 1


def decide(tenants: Tenants, hit: ScreeningHit, decision: str = HitStatus.CLEARED) -> None:
    services.decide(
        actor=tenants.actor(tenants.agent),
        hit_id=hit.pk,
        decision=decision,
        reason="Different bank: Kazan branch of a Chinese lender, registry checked.",
    )


def test_a_cleared_hit_stays_cleared_when_the_same_entry_is_in_the_next_version(
    tenants: Tenants,
) -> None:
    load([LISTED_BANK])
    party = save_party(tenants)
    decide(tenants, hits_of(party)[0])
    newer = load([LISTED_BANK, LISTED_TRADER], published=date(2026, 11, 27))
    [hit] = hits_of(party)
    assert hit.status == HitStatus.CLEARED and hit.active
    assert hit.version == newer and hit.list_published == date(2026, 11, 27)


def test_a_cleared_hit_reopens_when_the_party_changes_and_says_so(tenants: Tenants) -> None:
    load([LISTED_BANK])
    party = save_party(tenants)
    decide(tenants, hits_of(party)[0])
    shipment_services.save_party(
        actor=tenants.actor(tenants.owner),
        party_id=party.pk,
        name_latin="Volga Kama Industrial Bank JSC",
    )
    [hit] = hits_of(party)
    assert hit.status == HitStatus.OPEN and hit.decided_by is None
    kinds = list(ScreeningEvent.objects.filter(hit=hit).values_list("kind", flat=True))
    assert kinds == [ScreeningEventKind.CLEARED, ScreeningEventKind.REOPENED]


def test_a_hit_no_longer_found_is_kept_inactive_with_its_history(tenants: Tenants) -> None:
    load([LISTED_BANK])
    party = save_party(tenants)
    decide(tenants, hits_of(party)[0], HitStatus.CONFIRMED)
    load([Entry(ref="1", name="Unrelated Shipping Company")], published=date(2026, 11, 28))
    [hit] = hits_of(party)
    assert not hit.active and hit.status == HitStatus.CONFIRMED
    assert ScreeningEvent.objects.filter(hit=hit).count() == 1
