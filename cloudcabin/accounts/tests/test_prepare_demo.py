from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from cloudcabin.accounts.management.commands.prepare_demo import STEPS


def test_preparing_runs_every_setup_step_with_seeding_after_loading():
    commands = [command for _, command, _ in STEPS]
    assert commands[:3] == ["migrate", "load_reference", "load_network"]
    assert commands.index("seed_demo") < commands.index("seed_demo_shipments")


@pytest.mark.django_db
def test_the_demo_seed_steps_run_twice_without_changing_anything():
    from cloudcabin.shipments.models import Shipment

    for _ in range(2):
        for _, command, _ in STEPS[3:]:
            call_command(command, stdout=StringIO())
    # Xi'an → Duisburg, Hamburg → Xi'an (the return-train import), Chongqing → Łódź and
    # Chongqing → Singapore (sea–rail).
    assert Shipment.objects.count() == 4
