from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from cloudcabin.accounts.management.commands.prepare_demo import STEPS


def test_preparing_runs_every_setup_step_with_seeding_after_loading():
    commands = [command for _, command, _ in STEPS]
    assert commands[:3] == ["migrate", "load_reference", "load_network"]
    assert commands.index("seed_demo") < commands.index("seed_demo_shipments")
    assert commands[-1] == "seed_demo_shares"


@pytest.mark.django_db
def test_the_demo_seed_steps_run_twice_without_changing_anything():
    from cloudcabin.accounts.models import Organization
    from cloudcabin.shipments.models import Shipment, ShipmentShare

    for _ in range(2):
        for _, command, options in STEPS[3:]:
            call_command(command, stdout=StringIO(), **options)
    # Xi'an → Duisburg, Hamburg → Xi'an (the return-train import), Chongqing → Łódź and
    # Chongqing → Singapore (sea–rail).
    assert Shipment.objects.count() == 4
    # The consignee of Xi'an → Duisburg is a demo organization: it sees that shipment, inbound.
    duisburg = Organization.objects.get(name_en="Duisburg Import GmbH")
    shared = ShipmentShare.objects.live().filter(shared_with=duisburg)
    assert [(s.shipment.reference, s.role) for s in shared] == [("XSR-2026-0001", "consignee")]
