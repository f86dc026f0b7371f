"""The pack reads the reference code lists an operator keeps, as they stand when it is built."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db.models import Model
from django.utils import timezone

from cloudcabin.documents import selectors
from cloudcabin.documents.data import PackData
from cloudcabin.documents.kinds.cim_smgs import consignment_identifier, is_smgs_only
from cloudcabin.documents.kinds.ics2_ens import enters_the_eu, first_entry_country
from cloudcabin.reference.models import EuMemberState, RailStation, RailwayCountry
from cloudcabin.shipments.models import Shipment
from cloudcabin.shipments.snapshot import shipment_snapshot

pytestmark = pytest.mark.django_db


def _data(shipment: Shipment) -> PackData:
    return selectors.pack_data(shipment_snapshot(shipment))


def _edit(row: Model, **changes: object) -> None:
    """As the admin saves a row (``save``, which stamps ``updated_at``)."""
    for name, value in changes.items():
        setattr(row, name, value)
    row.save()


def test_an_operator_s_station_code_and_uic_code_reach_box_62(demo_shipment: Shipment) -> None:
    before = consignment_identifier(_data(demo_shipment))
    assert (before["country"], before["station"]) == ("33", "")  # Xi'an: no code on file

    _edit(RailStation.objects.get(locode="CNXIA"), station_code="XAG")
    _edit(RailwayCountry.objects.get(country="CN"), uic_code="34")

    after = consignment_identifier(_data(demo_shipment))
    assert (after["country"], after["station"]) == ("34", "XAG")


def test_the_eu_entry_follows_membership_on_the_day(demo_shipment: Shipment) -> None:
    data = _data(demo_shipment)
    assert first_entry_country(data) == "PL" and data.first_eu_entry_country == "PL"

    yesterday: date = timezone.localdate() - timedelta(days=1)
    _edit(EuMemberState.objects.get(country="PL"), member_until=yesterday)

    left = _data(demo_shipment)
    assert not enters_the_eu(left) and left.first_eu_entry_country == ""


def test_the_plain_smgs_note_follows_the_railway_law_table(demo_shipment: Shipment) -> None:
    assert not is_smgs_only(_data(demo_shipment))  # Poland applies CIM

    _edit(RailwayCountry.objects.get(country="PL"), applies_cim=False)

    assert is_smgs_only(_data(demo_shipment))
