"""What every write of a shipment, line, container or party goes through: the edit lock
(which starts the next revision when the current one is frozen), the version check, the
normalising of typed fields against their columns, and the event row."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any

from django.db import models
from django.db.models import F
from django.utils.translation import gettext as _

from cloudcabin.accounts.tenancy import Actor, get_for_org_or_404
from cloudcabin.errors import ProblemError, StaleVersionError
from cloudcabin.fields import require_valid_columns
from cloudcabin.network.selectors import place_locode
from cloudcabin.shipments.models import (
    Container,
    GoodsLine,
    Party,
    Shipment,
    ShipmentEvent,
    ShipmentEventKind,
)

# Typed as a UN/LOCODE or as a place's name in any script, stored as the UN/LOCODE.
PLACE_FIELDS = frozenset(
    {"origin_locode", "destination_locode", "loading_locode", "incoterm_place_locode"}
)
# Codes: upper case, no spaces (e.g. a declaration's region 3318w → 3318W).
UPPER_CASE_FIELDS = frozenset(
    {
        "currency",
        "freight_currency",
        "insurance_currency",
        "other_charges_currency",
        "origin_locode",
        "destination_locode",
        "loading_locode",
        "incoterm_place_locode",
        "incoterm",
        "country",
        "origin_country",
        "unit",
        "number",
        "size_type",
        "uscc",
        "eori",
        "vat_number",
        "declaring_customs",
        "border_customs",
        "border_port",
        "foreign_port",
        "transit_port",
        "domestic_region",
        "admin_division",
        "national_code",
        "ciq_code",
    }
)
# Text and list fields are never NULL in the database: an explicit null (the API's
# "clear this") stores the empty value instead of failing the NOT NULL constraint.
EMPTY_FOR_NONE: dict[str, Callable[[], object]] = {
    f.name: (list if isinstance(f, models.JSONField) else str)
    for model in (Shipment, GoodsLine, Container, Party)
    for f in model._meta.concrete_fields
    if not f.null and isinstance(f, models.CharField | models.TextField | models.JSONField)
}
# Flags are never NULL either, and have no empty value to clear to: null is refused.
# (A number's None means "derive it", e.g. a line's next number, and is the service's.)
FLAG_FIELDS: dict[type[models.Model], frozenset[str]] = {
    model: frozenset(
        f.name
        for f in model._meta.concrete_fields
        if not f.null and isinstance(f, models.BooleanField)
    )
    for model in (Shipment, GoodsLine, Container, Party)
}


def record_event(
    *, actor: Actor, shipment: Shipment, kind: ShipmentEventKind, **detail: Any
) -> ShipmentEvent:
    return ShipmentEvent.objects.create(
        organization=shipment.organization,
        shipment=shipment,
        actor=actor.user,
        kind=kind,
        detail=detail,
    )


def clean_fields(
    model: type[models.Model], fields: Mapping[str, object], allowed: Collection[str]
) -> dict[str, Any]:
    """Normalise the fields a write sets, then refuse what their columns do not take
    (``cloudcabin.fields``): pages, API and services all pass here. ``allowed`` is the
    typed input's keys (``shipments/inputs.py``): mypy holds typed callers to them, and
    this refuses another name from an untyped one."""
    unknown = set(fields).difference(allowed)
    if unknown:
        name = sorted(unknown)[0]
        raise ProblemError.of("INVALID", path=name, detail=_("Unknown field."))
    cleaned = {}
    for key, value in fields.items():
        if value is None and key in EMPTY_FOR_NONE:
            value = EMPTY_FOR_NONE[key]()
        elif value is None and key in FLAG_FIELDS[model]:
            raise ProblemError.of("INVALID", path=key, detail=_("Give a value; null is not one."))
        if isinstance(value, str):
            value = value.strip()
            if key in PLACE_FIELDS:
                value = place_locode(value, path=key)
            elif key in UPPER_CASE_FIELDS:
                value = value.upper().replace(" ", "")
        cleaned[key] = value
    require_valid_columns(model, cleaned)
    return cleaned


Versioned = Shipment | GoodsLine | Container | Party


def check_version(record: Versioned, expected_version: int | None) -> None:
    """Optimistic concurrency: a save that names the version it was read at is refused when
    someone saved the record since (STALE_VERSION, 409, with the record as stored); a save
    naming none is accepted, as before versions existed. Called with the record's row
    locked (its shipment's for lines and containers), so the check and the increment
    cannot interleave with another save."""
    if expected_version is not None and expected_version != record.version:
        raise StaleVersionError(record)
    record.version += 1


def mark_changed(shipment_ids: Collection[int]) -> None:
    """Count a write to these shipments' own document data that does not take the edit
    lock (origin data, the back office), in the write's transaction: an issue prepared
    before it then sees ``change_count`` moved and renders again."""
    Shipment.objects.filter(pk__in=shipment_ids).update(change_count=F("change_count") + 1)


def lock_for_edit(actor: Actor, shipment_id: int) -> Shipment:
    """Lock the shipment row and count the write (``change_count``); if its revision is
    frozen, the edit starts the next one."""
    actor.require_write()
    shipment = get_for_org_or_404(
        Shipment.objects.select_for_update(), actor.organization, pk=shipment_id
    )
    # On the instance the caller saves: a full save() afterwards keeps the new count.
    shipment.change_count += 1
    if not shipment.revision_frozen:
        shipment.save(update_fields=["change_count"])
    else:
        shipment.revision += 1
        shipment.revision_frozen = False
        shipment.save(update_fields=["change_count", "revision", "revision_frozen", "updated_at"])
        record_event(
            actor=actor,
            shipment=shipment,
            kind=ShipmentEventKind.REVISION_STARTED,
            revision=shipment.revision,
        )
    return shipment
