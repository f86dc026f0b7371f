from __future__ import annotations

import pytest
from django.core.management import call_command

from cloudcabin.network.loading import load_network_data
from cloudcabin.network.models import Corridor, Leg, Node, TariffLine


def test_loading_twice_skips_unchanged_files_and_keeps_operator_rows(db):
    first = load_network_data()
    assert not first.skipped and Node.objects.count() >= 40
    Node.objects.create(locode="PLSAW", name="Sławków", country="PL", kind="transshipment")
    xian = Node.objects.get(locode="CNXIA")
    xian.is_active = False
    xian.save()
    assert load_network_data().skipped
    forced = load_network_data(force=True)
    assert not forced.skipped and forced.rows == first.rows
    assert Node.objects.filter(locode="PLSAW").exists()
    assert not Node.objects.get(locode="CNXIA").is_active  # the operator's switch stays


def test_every_seeded_figure_says_whether_it_is_sourced_or_estimated(db):
    call_command("load_network", verbosity=0)
    for model in (Node, Leg, TariffLine):
        for basis in model.objects.values_list("basis", flat=True):
            assert basis.startswith(("source", "estimate")), basis
    central = Corridor.objects.get(code="central-alashankou")
    assert [s.node.locode for s in central.stops.select_related("node")][-1] == "DEDUI"


@pytest.mark.parametrize("locode", ["CNAKL", "KZDOS", "BYBQT", "PLMAA", "KZKUR", "AZBAK", "CNQZH"])
def test_the_seeded_crossings_and_ports_are_on_the_network(db, locode):
    load_network_data()
    assert (
        Leg.objects.filter(origin__locode=locode).exists()
        or Leg.objects.filter(destination__locode=locode).exists()
    )
