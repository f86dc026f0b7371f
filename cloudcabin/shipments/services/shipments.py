"""Shipments: the header (references, dates, parties, Incoterm, money, places, the
declaration's codes), created, changed and deleted."""

from __future__ import annotations

from typing import Any, Unpack

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cloudcabin.accounts.tenancy import Actor, get_for_org_or_404
from cloudcabin.errors import Problem, ProblemError, problem
from cloudcabin.network.journey import has_route
from cloudcabin.shipments import selectors
from cloudcabin.shipments.checks.context import PARTY_ROLES
from cloudcabin.shipments.inputs import SHIPMENT_FIELDS, ShipmentFields
from cloudcabin.shipments.models import (
    LICENCE_CODE_LENGTH,
    LICENCE_NUMBER_LENGTH,
    Party,
    Shipment,
    ShipmentEventKind,
    ShipmentRevision,
)
from cloudcabin.shipments.services.editing import (
    check_version,
    clean_fields,
    lock_for_edit,
    record_event,
)
from cloudcabin.shipments.services.routes import replan, route_joins


def _next_reference(actor: Actor) -> str:
    year = timezone.now().year
    count = Shipment.objects.for_org(actor.organization).filter(created_at__year=year).count()
    while True:
        count += 1
        reference = f"CC-{year}-{count:04d}"
        if not Shipment.objects.for_org(actor.organization).filter(reference=reference).exists():
            return reference


def _party(actor: Actor, party_id: int | None, role: str) -> Party | None:
    if party_id is None:
        return None
    try:
        return Party.objects.for_org(actor.organization).get(pk=party_id)
    except (Party.DoesNotExist, ValueError, TypeError) as exc:
        raise ProblemError.of(
            "INVALID", path=f"parties.{role}", detail=_("Not a party of your address book.")
        ) from exc


def _licence_problems(documents: list[Any]) -> list[Problem]:
    """Each licence document is a code and a number that fit the declaration's boxes, the
    same limits as the API's ``LicenceDocument``."""
    found = []
    for index, document in enumerate(documents):
        entry = document if isinstance(document, dict) else {}
        for key, limit in (("code", LICENCE_CODE_LENGTH), ("number", LICENCE_NUMBER_LENGTH)):
            value = entry.get(key)
            path = f"licence_documents[{index}].{key}"
            if not isinstance(value, str) or not value:
                found.append(problem("REQUIRED", path=path))
            elif len(value) > limit:
                found.append(problem("TOO_LONG", path=path, limit=limit))
    return found


def _apply_fields(actor: Actor, shipment: Shipment, fields: ShipmentFields) -> dict[str, Any]:
    parties = fields.pop("parties", None) or {}
    cleaned = clean_fields(Shipment, fields, SHIPMENT_FIELDS)
    if licence_problems := _licence_problems(cleaned.get("licence_documents") or []):
        raise ProblemError(*licence_problems, status=422)
    if "incoterm" in cleaned and "transaction_mode" not in cleaned:
        # Derived from the editable mapping unless the user set it explicitly.
        cleaned["transaction_mode"] = selectors.incoterm_defaults().get(cleaned["incoterm"], "")
    for key, value in cleaned.items():
        setattr(shipment, key, value)
    for role, party_id in parties.items():
        if role not in PARTY_ROLES:
            raise ProblemError.of("INVALID", path=f"parties.{role}", detail=_("Unknown role."))
        setattr(shipment, role, _party(actor, party_id, role))
        cleaned[role] = party_id
    return cleaned


@transaction.atomic
def create_shipment(*, actor: Actor, **fields: Unpack[ShipmentFields]) -> Shipment:
    actor.require_write()
    shipment = Shipment(organization=actor.organization)
    changes = _apply_fields(actor, shipment, fields)
    if not shipment.reference:
        shipment.reference = _next_reference(actor)
    if Shipment.objects.for_org(actor.organization).filter(reference=shipment.reference).exists():
        raise ProblemError.of("CONFLICT", path="reference", detail=_("This reference is in use."))
    shipment.save()
    record_event(
        actor=actor,
        shipment=shipment,
        kind=ShipmentEventKind.CREATED,
        fields=sorted(changes),
    )
    return shipment


@transaction.atomic
def update_shipment(
    *,
    actor: Actor,
    shipment_id: int,
    expected_version: int | None = None,
    **fields: Unpack[ShipmentFields],
) -> Shipment:
    shipment = lock_for_edit(actor, shipment_id)
    check_version(shipment, expected_version)
    before = {key: str(getattr(shipment, key, "")) for key in fields if key != "parties"}
    crossings = list(shipment.border_crossings or [])
    changes = _apply_fields(actor, shipment, fields)
    if has_route(shipment.route_option):
        if "border_crossings" in changes and changes["border_crossings"] != crossings:
            raise ProblemError.of(
                "ROUTE_CROSSINGS_DERIVED",
                path="border_crossings",
                route=shipment.route_option.get("summary", ""),
            )
        moved = {"origin_locode", "destination_locode"} & changes.keys()
        if moved and not route_joins(shipment):
            changes["route"] = replan(shipment)
    # Judged on the route as it stands after a re-plan: moving the destination to
    # Xi'an and asking for an import in the same edit is consistent, not a conflict.
    derived = selectors.route_direction(shipment.route_option)
    if "direction" in changes and derived is not None and changes["direction"] != derived:
        raise ProblemError.of(
            "ROUTE_DIRECTION_DERIVED",
            path="direction",
            route=shipment.route_option.get("summary", ""),
            direction=derived.label,
        )
    if (
        "reference" in changes
        and Shipment.objects.for_org(actor.organization)
        .filter(reference=shipment.reference)
        .exclude(pk=shipment.pk)
        .exists()
    ):
        raise ProblemError.of("CONFLICT", path="reference", detail=_("This reference is in use."))
    shipment.save()
    record_event(
        actor=actor,
        shipment=shipment,
        kind=ShipmentEventKind.UPDATED,
        before=before,
        after={key: str(value) for key, value in changes.items()},
    )
    return shipment


@transaction.atomic
def delete_shipment(*, actor: Actor, shipment_id: int) -> None:
    """Delete a draft; a shipment with frozen revisions (issued documents) is kept."""
    actor.require_write()
    shipment = get_for_org_or_404(
        Shipment.objects.select_for_update(), actor.organization, pk=shipment_id
    )
    if ShipmentRevision.objects.filter(shipment=shipment).exists():
        raise ProblemError.of(
            "REVISION_FROZEN",
            detail=_("Documents were issued from this shipment; it cannot be deleted."),
        )
    shipment.delete()
