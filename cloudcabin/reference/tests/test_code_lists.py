"""The hand-kept code lists: seeded with their sources, dated, edited by an operator."""

from __future__ import annotations

import importlib
from datetime import date
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cloudcabin.accounts.models import User
from cloudcabin.reference.codes import RailwayLaw, Station
from cloudcabin.reference.models import EuMemberState, RailStation, RailwayCountry, RcepParty
from cloudcabin.reference.selectors import code_lists, eu_member_states

pytestmark = pytest.mark.django_db


def rcep_parties(on: date | None = None) -> frozenset[str]:
    return code_lists().rcep_parties_on(on or timezone.localdate())


def railway_law() -> dict[str, RailwayLaw]:
    return code_lists().railway_law


def rail_stations() -> dict[str, Station]:
    return code_lists().rail_stations


seed_migration = importlib.import_module("cloudcabin.reference.migrations.0008_seed_code_lists")


def test_every_seeded_row_says_where_it_comes_from() -> None:
    for model in (EuMemberState, RcepParty, RailwayCountry, RailStation):
        rows = list(model.objects.all())
        assert rows and all(row.source.strip() for row in rows), model.__name__
    assert "trade-documents.md §3d" in RcepParty.objects.get(country="AU").source
    assert "OSJD and OTIF member lists" in RailwayCountry.objects.get(country="KZ").source
    assert "station-codes.csv" in RailwayCountry.objects.get(country="PL").source


def test_the_eu_members_are_the_27_of_today_and_membership_has_dates() -> None:
    assert len(eu_member_states()) == 27 and {"DE", "PL", "HR"} <= eu_member_states()
    assert "GB" in eu_member_states(date(2019, 12, 31))
    assert "GB" not in eu_member_states(date(2020, 2, 1))
    assert "HR" not in eu_member_states(date(2013, 6, 30))
    assert "HR" in eu_member_states(date(2013, 7, 1))


def test_rcep_is_in_force_per_party_and_a_party_without_a_date_counts() -> None:
    early = rcep_parties(date(2022, 6, 1))
    assert {"CN", "JP", "KR", "MY", "AU"} <= early
    assert "ID" not in early and "PH" not in early
    assert "MM" in early  # entry into force not on file: a party, as the list always said
    assert len(rcep_parties(date(2023, 6, 2))) == 15


def test_the_railway_law_and_uic_codes_of_the_note_come_from_one_table() -> None:
    law = railway_law()
    assert (law["CN"].smgs, law["CN"].cim, law["CN"].uic_code) == (True, False, "33")
    assert (law["PL"].smgs, law["PL"].cim, law["PL"].uic_code) == (True, True, "51")
    assert (law["DE"].smgs, law["DE"].cim, law["DE"].uic_code) == (False, True, "80")
    assert law["KG"].uic_code == ""


def test_the_station_list_keeps_its_sources_and_confidence() -> None:
    stations = rail_stations()
    assert stations["CNAKL"].station_code == "AKR"
    akr = RailStation.objects.get(locode="CNAKL")
    assert akr.confidence == "medium" and "py12306" in akr.source
    assert RailStation.objects.get(locode="KZDOS").confidence == "low"
    # A passenger station is not the freight station: Xi'an and Duisburg stay without one.
    assert stations["CNXIA"].station_code == "" and stations["DEDUI"].station_code == ""
    # Stations of the source not yet assigned to a place are kept, but no place has them.
    assert RailStation.objects.filter(locode="").count() == 28
    assert "" not in stations


def test_an_operator_s_edit_is_read_at_once_and_an_unchanged_list_costs_one_query(
    django_assert_num_queries: Any,
) -> None:
    assert railway_law()["CN"].uic_code == "33"
    with django_assert_num_queries(1):  # only the tables' state: the lists are cached
        railway_law()

    china = RailwayCountry.objects.get(country="CN")
    china.uic_code = "34"
    china.save()

    assert railway_law()["CN"].uic_code == "34"
    RcepParty.objects.filter(country="MM").delete()
    assert "MM" not in rcep_parties()


def test_seeding_again_keeps_an_operator_s_edit() -> None:
    RailStation.objects.filter(locode="CNXIA").update(station_code="XAG")

    seed_migration.seed(apps, None)

    assert RailStation.objects.get(locode="CNXIA").station_code == "XAG"
    assert RailStation.objects.filter(locode="CNXIA").count() == 1


def test_an_operator_edits_a_station_in_the_admin() -> None:
    admin = User.objects.create_superuser("root@operator.example", "pw-not-used-4-tests")
    client = Client()
    client.force_login(admin)
    station = RailStation.objects.get(locode="CNXIA")
    url = reverse("admin:reference_railstation_change", args=[station.pk])
    fields = {
        "locode": "CNXIA",
        "place_name": station.place_name,
        "railway": station.railway,
        "station_name": station.station_name,
        "station_code": "XAG",
        "code_system": "CR telegraph",
        "confidence": "low",
        "status": "unverified",
        "note": "",
        "source": "operator, 2026-12-01",
    }

    taken = client.post(url, {**fields, "locode": "CNAKL"})
    assert "Another station already serves this place." in taken.content.decode()

    assert client.post(url, fields).status_code == 302
    assert rail_stations()["CNXIA"].station_code == "XAG"
