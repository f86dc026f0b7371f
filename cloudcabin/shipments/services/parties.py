"""The address book: the parties a shipment names in its roles."""

from __future__ import annotations

from typing import Unpack

from django.db import transaction

from cloudcabin.accounts.tenancy import Actor, get_for_org_or_404
from cloudcabin.errors import ProblemError
from cloudcabin.shipments.inputs import PARTY_FIELDS, PartyFields
from cloudcabin.shipments.models import Party
from cloudcabin.shipments.services.editing import check_version, clean_fields


@transaction.atomic
def save_party(
    *,
    actor: Actor,
    party_id: int | None = None,
    expected_version: int | None = None,
    **fields: Unpack[PartyFields],
) -> Party:
    actor.require_write()
    cleaned = clean_fields(Party, fields, PARTY_FIELDS)
    if party_id is None:
        party = Party(organization=actor.organization)
    else:
        party = get_for_org_or_404(
            Party.objects.select_for_update(), actor.organization, pk=party_id
        )
        check_version(party, expected_version)
    for key, value in cleaned.items():
        setattr(party, key, value)
    if not party.name_latin:
        raise ProblemError.of("REQUIRED", path="name_latin")
    if not party.country:
        raise ProblemError.of("REQUIRED", path="country")
    party.save()
    return party
