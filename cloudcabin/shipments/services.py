"""Writes for shipments. Every change goes through here, checks the actor may write,
starts a new revision when the current one is frozen, and writes an event row."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db import IntegrityError, models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cloudcabin import bulk
from cloudcabin.accounts.tenancy import Actor, get_for_org_or_404
from cloudcabin.errors import Problem, ProblemError, StaleVersionError, problem
from cloudcabin.fields import INT_MAX, require_valid_columns
from cloudcabin.network.journey import has_route, journey_of
from cloudcabin.network.models import Quote
from cloudcabin.network.planner import Objective
from cloudcabin.network.presenters import option_to_dict
from cloudcabin.network.selectors import (
    hub_locode,
    place_locode,
    quote_for_shipment,
    search_routes,
)
from cloudcabin.shipments import selectors
from cloudcabin.shipments.checks.context import PARTY_ROLES
from cloudcabin.shipments.models import (
    LICENCE_CODE_LENGTH,
    LICENCE_NUMBER_LENGTH,
    Allocation,
    Container,
    GoodsLine,
    Party,
    RouteKind,
    Shipment,
    ShipmentEvent,
    ShipmentEventKind,
    ShipmentRevision,
)
from cloudcabin.shipments.snapshot import shipment_snapshot

SHIPMENT_FIELDS = frozenset(
    f.name
    for f in Shipment._meta.get_fields()
    if f.concrete
    and f.name
    not in {
        "id",
        "organization",
        "revision",
        "revision_frozen",
        "created_at",
        "updated_at",
        "quote_reference",
        "route_option",
        "version",
    }
    and f.name not in PARTY_ROLES
)
LINE_FIELDS = frozenset(
    f.name
    for f in GoodsLine._meta.get_fields()
    if f.concrete and f.name not in {"id", "shipment", "version"}
)
CONTAINER_FIELDS = frozenset({"number", "size_type", "seals", "tare_kg"})
PARTY_FIELDS = frozenset(
    f.name
    for f in Party._meta.get_fields()
    if f.concrete and f.name not in {"id", "organization", "created_at", "version"}
)
# Typed as a UN/LOCODE or as a place's name in any script, stored as the UN/LOCODE.
PLACE_FIELDS = frozenset(
    {"origin_locode", "destination_locode", "loading_locode", "incoterm_place_locode"}
)
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
    }
)


# Text and list fields are never NULL in the database: an explicit null (the API's
# "clear this") stores the empty value instead of failing the NOT NULL constraint.
EMPTY_FOR_NONE: dict[str, Callable[[], Any]] = {
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
# Declaration codes are codes: upper case, no spaces (e.g. a region 3318w → 3318W).
UPPER_CASE_FIELDS = UPPER_CASE_FIELDS | {
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


def _clean(
    model: type[models.Model], fields: dict[str, Any], allowed: frozenset[str]
) -> dict[str, Any]:
    """Normalise the fields a write sets, then refuse what their columns do not take
    (``cloudcabin.fields``): pages, API and services all pass here."""
    unknown = set(fields) - allowed
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


def _check_version(record: Versioned, expected_version: int | None) -> None:
    """Optimistic concurrency: a save that names the version it was read at is refused when
    someone saved the record since (STALE_VERSION, 409, with the record as stored); a save
    naming none is accepted, as before versions existed. Called with the record's row
    locked (its shipment's for lines and containers), so the check and the increment
    cannot interleave with another save."""
    if expected_version is not None and expected_version != record.version:
        raise StaleVersionError(record)
    record.version += 1


def _lock_for_edit(actor: Actor, shipment_id: int) -> Shipment:
    """Lock the shipment row; if its revision is frozen, the edit starts the next one."""
    actor.require_write()
    shipment = get_for_org_or_404(
        Shipment.objects.select_for_update(), actor.organization, pk=shipment_id
    )
    if shipment.revision_frozen:
        shipment.revision += 1
        shipment.revision_frozen = False
        shipment.save(update_fields=["revision", "revision_frozen", "updated_at"])
        record_event(
            actor=actor,
            shipment=shipment,
            kind=ShipmentEventKind.REVISION_STARTED,
            revision=shipment.revision,
        )
    return shipment


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


def _apply_fields(actor: Actor, shipment: Shipment, fields: dict[str, Any]) -> dict[str, Any]:
    parties = fields.pop("parties", None) or {}
    cleaned = _clean(Shipment, fields, SHIPMENT_FIELDS)
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
def create_shipment(*, actor: Actor, **fields: Any) -> Shipment:
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
    *, actor: Actor, shipment_id: int, expected_version: int | None = None, **fields: Any
) -> Shipment:
    shipment = _lock_for_edit(actor, shipment_id)
    _check_version(shipment, expected_version)
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
        if moved and not _route_joins(shipment):
            changes["route"] = _replan(shipment)
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


def _next_line_no(shipment: Shipment) -> int:
    highest = GoodsLine.objects.filter(shipment=shipment).aggregate(n=Max("line_no"))["n"]
    following = (highest or 0) + 1
    if following > INT_MAX:
        # A line numbered at the column's limit leaves no next number: it must be given.
        raise ProblemError.of(
            "NUMBER_OUT_OF_RANGE", path="line_no", minimum=1, maximum=f"{INT_MAX:,}"
        )
    return following


@transaction.atomic
def save_line(
    *,
    actor: Actor,
    shipment_id: int,
    line_id: int | None = None,
    expected_version: int | None = None,
    **fields: Any,
) -> GoodsLine:
    """Add a goods line (``line_id`` None) or change one."""
    shipment = _lock_for_edit(actor, shipment_id)
    cleaned = _clean(GoodsLine, fields, LINE_FIELDS)
    if line_id is None:
        line = GoodsLine(shipment=shipment, line_no=cleaned.pop("line_no", None) or 0)
        line.line_no = line.line_no or _next_line_no(shipment)
    else:
        line = _line(shipment, line_id)
        _check_version(line, expected_version)
    for key, value in cleaned.items():
        setattr(line, key, value)
    try:
        with transaction.atomic():
            line.save()
    except IntegrityError as exc:
        raise ProblemError.of("LINE_NO_DUPLICATE", path="line_no", line=line.line_no) from exc
    record_event(
        actor=actor,
        shipment=shipment,
        kind=ShipmentEventKind.LINE_SAVED,
        line=line.line_no,
        fields=sorted(cleaned),
    )
    return line


@transaction.atomic
def merge_line(
    *,
    actor: Actor,
    shipment_id: int,
    line_id: int,
    expected_version: int | None,
    fields: dict[str, Any],
    based_on: dict[str, Any],
) -> tuple[GoodsLine, list[str]]:
    """Save some fields of a line that was read at ``expected_version`` (the line editor
    sends only the fields typed in, each with the value it was typed over, ``based_on``).

    When someone saved the line since, a field they did not change (stored value still
    the one typed over) takes the new value, one already holding it is left, and a field
    both changed differently is a conflict: not saved, and named in the answer so that the
    person chooses. Nobody's change is silently undone."""
    shipment = _lock_for_edit(actor, shipment_id)
    line = _line(shipment, line_id)
    if expected_version is None or expected_version == line.version:
        return save_line(actor=actor, shipment_id=shipment_id, line_id=line_id, **fields), []
    mine = _clean(GoodsLine, fields, LINE_FIELDS)
    base = _clean(GoodsLine, based_on, LINE_FIELDS)
    apply: dict[str, Any] = {}
    conflicts: list[str] = []
    for name, value in mine.items():
        stored = getattr(line, name)
        if stored == value:
            continue
        if name in base and base[name] == stored:
            apply[name] = fields[name]
        else:
            conflicts.append(name)
    if apply:
        line = save_line(actor=actor, shipment_id=shipment_id, line_id=line_id, **apply)
    return line, conflicts


def _line(shipment: Shipment, line_id: int) -> GoodsLine:
    try:
        return GoodsLine.objects.get(shipment=shipment, pk=line_id)
    except (GoodsLine.DoesNotExist, ValueError, TypeError) as exc:
        raise ProblemError.of("NOT_FOUND", path="line") from exc


@transaction.atomic
def delete_line(*, actor: Actor, shipment_id: int, line_id: int) -> None:
    shipment = _lock_for_edit(actor, shipment_id)
    line = _line(shipment, line_id)
    line.delete()
    record_event(
        actor=actor, shipment=shipment, kind=ShipmentEventKind.LINE_DELETED, line=line.line_no
    )


@transaction.atomic
def replace_lines(
    *, actor: Actor, shipment_id: int, lines: Iterable[GoodsLine], source: str
) -> int:
    """Swap in imported lines, all or nothing: the old lines and their stowage go."""
    shipment = _lock_for_edit(actor, shipment_id)
    # Only the keys: the deletion collects each old line (for its stowage) to delete it.
    GoodsLine.objects.filter(shipment=shipment).only("pk").delete()
    new_lines = list(lines)
    for line in new_lines:
        line.shipment = shipment
    bulk.insert(GoodsLine, new_lines)  # bulk_create's ORM compiling was most of an import
    record_event(
        actor=actor,
        shipment=shipment,
        kind=ShipmentEventKind.LINES_IMPORTED,
        source=source,
        lines=len(new_lines),
    )
    return len(new_lines)


def _container(shipment: Shipment, container_id: int) -> Container:
    try:
        return Container.objects.get(shipment=shipment, pk=container_id)
    except (Container.DoesNotExist, ValueError, TypeError) as exc:
        raise ProblemError.of("NOT_FOUND", path="container") from exc


@transaction.atomic
def save_container(
    *,
    actor: Actor,
    shipment_id: int,
    container_id: int | None = None,
    expected_version: int | None = None,
    **fields: Any,
) -> Container:
    shipment = _lock_for_edit(actor, shipment_id)
    if fields.get("seals") is not None:
        fields["seals"] = _seal_list(fields["seals"])
    cleaned = _clean(Container, fields, CONTAINER_FIELDS)
    if container_id is None:
        container = Container(shipment=shipment)
    else:
        container = _container(shipment, container_id)
        _check_version(container, expected_version)
    for key, value in cleaned.items():
        setattr(container, key, value)
    if not container.number:
        raise ProblemError.of("REQUIRED", path="number")
    try:
        with transaction.atomic():
            container.save()
    except IntegrityError as exc:
        raise ProblemError.of(
            "CONFLICT", path="number", detail=_("This container is already on the shipment.")
        ) from exc
    record_event(
        actor=actor,
        shipment=shipment,
        kind=ShipmentEventKind.CONTAINER_SAVED,
        container=container.number,
    )
    return container


def _seal_list(value: Any) -> list[str]:
    items = value.replace(";", ",").split(",") if isinstance(value, str) else list(value or [])
    return [str(item).strip().upper() for item in items if str(item).strip()]


@transaction.atomic
def delete_container(*, actor: Actor, shipment_id: int, container_id: int) -> None:
    shipment = _lock_for_edit(actor, shipment_id)
    container = _container(shipment, container_id)
    container.delete()
    record_event(
        actor=actor,
        shipment=shipment,
        kind=ShipmentEventKind.CONTAINER_DELETED,
        container=container.number,
    )


@transaction.atomic
def stow(
    *, actor: Actor, shipment_id: int, container_id: int, line_id: int, packages: int
) -> Allocation | None:
    """Put ``packages`` of a line in a container (0 takes the line out of it)."""
    shipment = _lock_for_edit(actor, shipment_id)
    container = _container(shipment, container_id)
    line = _line(shipment, line_id)
    require_valid_columns(Allocation, {"packages": packages})
    Allocation.objects.filter(container=container, line=line).delete()
    allocation = None
    if packages:
        allocation = Allocation.objects.create(container=container, line=line, packages=packages)
    record_event(
        actor=actor,
        shipment=shipment,
        kind=ShipmentEventKind.ALLOCATED,
        container=container.number,
        line=line.line_no,
        packages=packages,
    )
    return allocation


@transaction.atomic
def stow_everything_evenly(*, actor: Actor, shipment_id: int) -> None:
    """A first stowage plan: each line's packages spread over the containers in turn."""
    shipment = _lock_for_edit(actor, shipment_id)
    containers = list(Container.objects.filter(shipment=shipment).order_by("id"))
    if not containers:
        raise ProblemError.of("INVALID", path="containers", detail=_("Add a container first."))
    Allocation.objects.filter(container__in=containers).delete()
    allocations = []
    for index, line in enumerate(GoodsLine.objects.filter(shipment=shipment)):
        if line.packages:
            container = containers[index % len(containers)]
            allocations.append(Allocation(container=container, line=line, packages=line.packages))
    Allocation.objects.bulk_create(allocations)
    record_event(
        actor=actor, shipment=shipment, kind=ShipmentEventKind.ALLOCATED, plan="round-robin"
    )


@transaction.atomic
def save_party(
    *,
    actor: Actor,
    party_id: int | None = None,
    expected_version: int | None = None,
    **fields: Any,
) -> Party:
    actor.require_write()
    cleaned = _clean(Party, fields, PARTY_FIELDS)
    if party_id is None:
        party = Party(organization=actor.organization)
    else:
        party = get_for_org_or_404(
            Party.objects.select_for_update(), actor.organization, pk=party_id
        )
        _check_version(party, expected_version)
    for key, value in cleaned.items():
        setattr(party, key, value)
    if not party.name_latin:
        raise ProblemError.of("REQUIRED", path="name_latin")
    if not party.country:
        raise ProblemError.of("REQUIRED", path="country")
    party.save()
    return party


@transaction.atomic
def freeze_revision(
    *, actor: Actor, shipment_id: int, snapshot: dict[str, Any] | None = None
) -> ShipmentRevision:
    """Freeze the current revision for documents; the next edit starts a new one.

    ``snapshot``: the shipment's snapshot as the caller has just taken it under the
    shipment's lock (``revision_snapshot``), so that it is not taken twice."""
    actor.require_write()
    shipment = get_for_org_or_404(
        Shipment.objects.select_for_update(), actor.organization, pk=shipment_id
    )
    existing = frozen_revision(shipment)
    if existing is not None:
        return existing
    revision = ShipmentRevision.objects.create(
        shipment=shipment,
        number=shipment.revision,
        snapshot=snapshot
        or shipment_snapshot(selectors.get_shipment(actor.organization, shipment.pk)),
        created_by=actor.user,
    )
    shipment.revision_frozen = True
    shipment.save(update_fields=["revision_frozen", "updated_at"])
    record_event(
        actor=actor,
        shipment=shipment,
        kind=ShipmentEventKind.REVISION_FROZEN,
        revision=revision.number,
    )
    return revision


def frozen_revision(shipment: Shipment) -> ShipmentRevision | None:
    """The revision documents were last issued from, while no edit has started the next."""
    if not shipment.revision_frozen:
        return None
    return ShipmentRevision.objects.filter(shipment=shipment, number=shipment.revision).first()


def revision_snapshot(actor: Actor, shipment: Shipment) -> dict[str, Any]:
    """What ``freeze_revision`` would freeze now: the frozen revision's snapshot, or the
    shipment as it is."""
    frozen = frozen_revision(shipment)
    if frozen is not None:
        return dict(frozen.snapshot)
    return shipment_snapshot(selectors.get_shipment(actor.organization, shipment.pk))


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


def route_kind_for(modes: Iterable[str]) -> RouteKind:
    """The Incoterm-relevant kind of a planned route, from the modes of its legs."""
    kinds = set(modes)
    by_water = bool(kinds & {"sea", "ferry"})
    by_rail = any(mode.startswith("rail") for mode in kinds)
    by_road = "road" in kinds
    if by_water and (by_rail or by_road):
        return RouteKind.SEA_RAIL
    if by_water:
        return RouteKind.SEA
    if by_rail and by_road:
        return RouteKind.RAIL_ROAD
    return RouteKind.ROAD if by_road else RouteKind.RAIL


# --- the route -----------------------------------------------------------------------
# The planned route (``route_option``: the planner's option, nodes and legs) is the
# journey's one record. ``border_crossings`` is derived from it (its border stations, in
# order) while there is one, and is typed by hand only on a shipment without a route.
# So is ``direction`` when the route starts or ends in China (selectors.route_direction).


def _set_route(shipment: Shipment, route: dict[str, Any], *, quote_reference: str = "") -> None:
    """Store a route and what is kept in step with it (crossings, route kind, direction).

    Without a route (``{}``) the last crossings and direction stay, as hand-entered
    values the user may correct: clearing a place for a moment must not wipe them.
    """
    shipment.route_option = route
    shipment.quote_reference = quote_reference
    if has_route(route):
        journey = journey_of(route)
        shipment.border_crossings = [stop.locode for stop in journey.border_stations]
        shipment.route_kind = route_kind_for(leg["mode"] for leg in route["legs"])
        shipment.direction = selectors.route_direction(route) or shipment.direction


def _route_joins(shipment: Shipment) -> bool:
    """Whether the planned route still runs from the shipment's origin to its destination
    (an alias such as CNXAG joins its hub's route)."""
    nodes = shipment.route_option.get("nodes") or []
    ends = (nodes[0]["locode"], nodes[-1]["locode"]) if nodes else ("", "")
    wanted = (hub_locode(shipment.origin_locode), hub_locode(shipment.destination_locode))
    return ends == wanted


def _planned(
    shipment: Shipment, objective: str = Objective.FASTEST
) -> tuple[dict[str, Any], list[Problem]]:
    """The planner's best option from the shipment's origin to its destination."""
    missing = [
        problem("REQUIRED", path=name)
        for name in ("origin_locode", "destination_locode")
        if not getattr(shipment, name)
    ]
    if missing:
        return {}, missing
    count = Container.objects.filter(shipment=shipment).count() if shipment.pk else 0
    try:
        _request, options = search_routes(
            origin=shipment.origin_locode,
            destination=shipment.destination_locode,
            container_count=max(count, 1),
            ready_date=shipment.ready_date,
            objective=objective,
            k=1,
        )
    except ProblemError as exc:
        named = {"origin": "origin_locode", "destination": "destination_locode"}
        return {}, [
            Problem(p.code, p.severity, named.get(p.path, p.path), p.message) for p in exc.problems
        ]
    return option_to_dict(options[0]), []


def _replan(shipment: Shipment) -> str:
    """Origin or destination moved off the route: plan it again, or drop the route when
    there is none (a place left empty or off the network); the crossings stay."""
    route, problems = _planned(shipment)
    _set_route(shipment, route)
    return route.get("summary", "") if route else f"dropped: {problems[0].code}"


@transaction.atomic
def plan_shipment_route(
    *, actor: Actor, shipment_id: int, objective: str = Objective.FASTEST
) -> Shipment:
    """Plan the route between the shipment's origin and destination and store it."""
    shipment = _lock_for_edit(actor, shipment_id)
    route, problems = _planned(shipment, objective)
    if problems:
        raise ProblemError(*problems)
    _set_route(shipment, route)
    # The route sets header fields (crossings, direction): a header form read before is stale.
    shipment.version += 1
    shipment.save()
    record_event(
        actor=actor,
        shipment=shipment,
        kind=ShipmentEventKind.UPDATED,
        route=route["summary"],
        objective=str(objective),
    )
    return shipment


@transaction.atomic
def clear_shipment_route(*, actor: Actor, shipment_id: int) -> Shipment:
    """Drop the planned route; its border crossings stay, to be corrected by hand."""
    shipment = _lock_for_edit(actor, shipment_id)
    summary = shipment.route_option.get("summary", "")
    _set_route(shipment, {})
    shipment.version += 1
    shipment.save()
    record_event(
        actor=actor, shipment=shipment, kind=ShipmentEventKind.UPDATED, route_dropped=summary
    )
    return shipment


@transaction.atomic
def create_shipment_from_quote(*, actor: Actor, quote_reference: str) -> Shipment:
    """A draft shipment carrying a saved quote's places and its route as the record."""
    actor.require_write()
    quote = get_for_org_or_404(Quote.objects.all(), actor.organization, reference=quote_reference)
    planned = quote_for_shipment(quote)
    shipment = create_shipment(
        actor=actor,
        origin_locode=planned["origin_locode"],
        loading_locode=planned["origin_locode"],
        destination_locode=planned["destination_locode"],
        route_kind=route_kind_for(planned["modes"]),
        ready_date=quote.ready_date,
    )
    _set_route(shipment, quote.option, quote_reference=quote.reference)
    shipment.save()
    record_event(
        actor=actor,
        shipment=shipment,
        kind=ShipmentEventKind.UPDATED,
        from_quote=quote.reference,
    )
    return shipment
