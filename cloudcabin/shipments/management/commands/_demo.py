"""What the demo seed's modules share: find-or-create a party, plan a route, ISO 6346.

Not a command (the leading underscore keeps Django from listing it).
"""

from __future__ import annotations

from typing import Any

from stdnum import iso6346

from cloudcabin.accounts.tenancy import Actor
from cloudcabin.errors import ProblemError
from cloudcabin.reference import selectors as reference
from cloudcabin.shipments import selectors, services
from cloudcabin.shipments.models import Party, Shipment


def container_number(owner_and_serial: str) -> str:
    """An ISO 6346 number: owner code, category U, serial, and its computed check digit."""
    return owner_and_serial + iso6346.calc_check_digit(owner_and_serial)


def party(actor: Actor, fields: dict[str, Any]) -> Party:
    found = selectors.parties_of(actor.organization).filter(name_latin=fields["name_latin"]).first()
    return found or services.save_party(actor=actor, **fields)


def exists(actor: Actor, reference_: str) -> bool:
    return Shipment.objects.for_org(actor.organization).filter(reference=reference_).exists()


def plan_route(actor: Actor, shipment: Shipment) -> None:
    """The route as the journey's record, planned on the network (load_network runs
    first in prepare_demo); without the network the typed crossings stay."""
    try:
        services.plan_shipment_route(actor=actor, shipment_id=shipment.pk)
    except ProblemError:
        return


def known_places(codes: list[str]) -> list[str]:
    known = []
    for code in codes:
        try:
            known.append(reference.location(code).locode)
        except ProblemError:
            continue  # reference data not loaded (or the place left UN/LOCODE): skip it
    return known
