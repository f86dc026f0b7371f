"""Reads for shipments: lists, one shipment with everything on it, checks, totals."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from cloudcabin.accounts.models import Organization
from cloudcabin.accounts.tenancy import get_for_org_or_404
from cloudcabin.errors import Problem, Severity
from cloudcabin.network.journey import has_route, journey_of
from cloudcabin.reference.codes import table_state
from cloudcabin.reference.models import (
    HsCode,
    HsLevel,
    NationalCode,
    ReferenceDataset,
    SearchSynonym,
)
from cloudcabin.reference.selectors import (
    active_synonyms,
    code_tables,
    eu_member_states,
    locations_named,
)
from cloudcabin.reference.tariff_fit import HsFit
from cloudcabin.reference.tariff_index import TariffIndex
from cloudcabin.shipments.checks.context import (
    PARTY_ROLES,
    FitKey,
    ReferenceFacts,
    ShipmentView,
    Stowage,
    fit_key,
)
from cloudcabin.shipments.checks.rules import (
    HS_FIT_MIN_SCORE,
    run_rules,
    stowed_gross_by_container,
)
from cloudcabin.shipments.models import (
    Allocation,
    Container,
    Direction,
    GoodsLine,
    ImportTemplate,
    IncotermCustomsMapping,
    Party,
    Shipment,
    ShipmentRevision,
    ShipmentShare,
)

# A booking's reference as shown everywhere (BK-000123), found by the search boxes.
BOOKING_REFERENCE = re.compile(r"^BK-?0*(\d{1,9})$", re.IGNORECASE)


def shipments_of(
    organization: Organization,
    *,
    search: str = "",
    direction: str = "",
    destination: str = "",
) -> QuerySet[Shipment]:
    found = Shipment.objects.for_org(organization).select_related("consignee")
    return _filtered(found, search=search, direction=direction, destination=destination)


def shipments_visible_to(
    organization: Organization,
    *,
    search: str = "",
    direction: str = "",
    destination: str = "",
) -> QuerySet[Shipment]:
    """The organization's own shipments and those shared with it, for lists (read only).

    Each row carries ``share_role``: the organization's role on a shared shipment, None on
    its own; ``organization`` is loaded, to name who shared it.
    """
    role = ShipmentShare.objects.live().filter(shipment=OuterRef("pk"), shared_with=organization)
    found = (
        Shipment.objects.visible_to(organization)
        .select_related("consignee", "organization")
        .annotate(share_role=Subquery(role.values("role")[:1]))
    )
    return _filtered(found, search=search, direction=direction, destination=destination)


def _filtered(
    found: QuerySet[Shipment], *, search: str, direction: str, destination: str
) -> QuerySet[Shipment]:
    if search:
        condition = (
            Q(reference__icontains=search)
            | Q(invoice_number__icontains=search)
            | Q(contract_number__icontains=search)
            | Q(consignment_note_number__icontains=search)
            | Q(bookings__consignment_note_number__icontains=search)
            | Q(consignee__name_latin__icontains=search)
            | Q(lines__description_en__icontains=search)
            | Q(lines__description_zh__icontains=search)
            | Q(lines__hs_code__startswith=search)
            | Q(containers__number__icontains=search.replace(" ", ""))
        )
        booking = BOOKING_REFERENCE.match(search.strip())
        if booking:
            condition |= Q(bookings__pk=int(booking.group(1)))
        found = found.filter(condition).distinct()
    if direction:
        found = found.filter(direction=direction)
    if destination:
        found = found.filter(destination_locode__istartswith=destination)
    return found.annotate(line_count=Count("lines", distinct=True))


def get_shipment(organization: Organization, shipment_id: int) -> Shipment:
    """The organization's own shipment: what every write and owner's page goes through."""
    return with_parties(get_for_org_or_404(Shipment.objects.all(), organization, pk=shipment_id))


def get_visible_shipment(organization: Organization, shipment_id: int) -> Shipment:
    """A shipment the organization owns or that is shared with it, for read-only views
    only; the same 404 as ``get_shipment`` for anything else."""
    try:
        shipment = (
            Shipment.objects.visible_to(organization)
            .select_related("organization")
            .get(pk=shipment_id)
        )
    except (Shipment.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    return with_parties(shipment)


def with_parties(shipment: Shipment) -> Shipment:
    """The shipment with its parties in every role, read in one more query.

    Not ``select_related`` over the seven roles: PostgreSQL plans a nine-table join for
    3.6 ms (executed in 0.5 ms), on every page view, line edit and issue; two plain
    queries plan and run in under 0.5 ms together."""
    ids = {getattr(shipment, f"{role}_id") for role in PARTY_ROLES} - {None}
    parties = Party.objects.in_bulk(ids) if ids else {}
    for role in PARTY_ROLES:
        party_id = getattr(shipment, f"{role}_id")
        if party_id is not None:
            # None if another request took the party off the shipment and deleted it
            # between the two reads: the role is empty now, as the next read shows.
            setattr(shipment, role, parties.get(party_id))
    return shipment


def parties_of(organization: Organization) -> QuerySet[Party]:
    return Party.objects.for_org(organization)


def import_templates_of(organization: Organization) -> QuerySet[ImportTemplate]:
    return ImportTemplate.objects.for_org(organization)


def revisions_of(shipment: Shipment, *, snapshots: bool = True) -> QuerySet[ShipmentRevision]:
    """The shipment's frozen revisions; ``snapshots=False`` leaves each frozen copy of the
    shipment unread (the page lists them by number: a copy holds every line)."""
    found = ShipmentRevision.objects.filter(shipment=shipment).select_related("created_by")
    return found if snapshots else found.defer("snapshot")


def revision(shipment: Shipment, number: int) -> ShipmentRevision:
    found = ShipmentRevision.objects.filter(shipment=shipment, number=number).first()
    if found is None:
        raise Http404
    return found


def shipment_view(shipment: Shipment) -> ShipmentView:
    """The shipment with its lines, containers and stowage, in three queries."""
    return shipment_views([shipment])[0]


def shipment_views(shipments: Sequence[Shipment]) -> list[ShipmentView]:
    """Views of many shipments in three queries whatever their number (a train's manifest)."""
    ids = [shipment.pk for shipment in shipments]
    lines: dict[int, list[GoodsLine]] = defaultdict(list)
    for line in GoodsLine.objects.filter(shipment_id__in=ids).order_by("line_no", "id"):
        lines[line.shipment_id].append(line)
    containers: dict[int, list[Container]] = defaultdict(list)
    for container in Container.objects.filter(shipment_id__in=ids).order_by("id"):
        containers[container.shipment_id].append(container)
    stowage: dict[int, list[Stowage]] = defaultdict(list)
    for shipment_id, number, line_no, packages in Allocation.objects.filter(
        container__shipment_id__in=ids
    ).values_list("container__shipment_id", "container__number", "line__line_no", "packages"):
        stowage[shipment_id].append(Stowage(container=number, line_no=line_no, packages=packages))
    return [
        ShipmentView(
            shipment=shipment,
            parties={role: getattr(shipment, role) for role in PARTY_ROLES},
            lines=lines[shipment.pk],
            containers=containers[shipment.pk],
            stowage=stowage[shipment.pk],
        )
        for shipment in shipments
    ]


_tariff: tuple[tuple[object, ...], TariffIndex] | None = None


def tariff_index() -> TariffIndex:
    """Every HS subheading's tariff texts in memory, to score many descriptions at once.

    Built once per process (a quarter of a second for the full tariff) and again when a
    reference dataset is reloaded or a synonym changes: the two tables' state comes with
    the code tables', once a request. Empty, without reading the tariff, until its texts
    are loaded.
    """
    global _tariff
    version = table_state(ReferenceDataset, SearchSynonym)
    if _tariff is not None and _tariff[0] == version:
        return _tariff[1]
    index = TariffIndex(())
    if ReferenceDataset.objects.filter(name="hs-search-text").exists():
        rows = HsCode.objects.filter(level=HsLevel.SUBHEADING).order_by("code")
        index = TariffIndex(
            rows.values_list("code", "description", "search_text"), active_synonyms()
        )
    _tariff = (version, index)
    return index


def hs_fits(views: Sequence[ShipmentView], known_hs6: frozenset[str]) -> dict[FitKey, HsFit]:
    """How the described lines with a known HS code fit the tariff, where the best
    reading is strong enough for the rule to weigh (cached per description)."""
    index: TariffIndex | None = None
    fits: dict[FitKey, HsFit] = {}
    for line in (line for view in views for line in view.lines):
        key = fit_key(line)
        hs6, *texts = key
        if hs6 not in known_hs6 or key in fits or not any(texts):
            continue
        if index is None:  # not `or`: an empty index is falsy
            index = tariff_index()
        if not index:
            break  # no tariff texts loaded: no description can be weighed
        fit = index.fit(hs6, tuple(text for text in texts if text), floor=HS_FIT_MIN_SCORE)
        if fit is not None:
            fits[key] = fit
    return fits


def reference_facts(*views: ShipmentView) -> ReferenceFacts:
    """The reference answers the rules need for these shipments, in a few queries in all."""
    lines = [line for view in views for line in view.lines]
    hs_codes = {line.hs_code for line in lines if line.hs_code}
    national_codes = {line.national_code[:8] for line in lines if line.national_code}
    locodes = {
        code
        for shipment in (view.shipment for view in views)
        for code in (
            shipment.origin_locode,
            shipment.destination_locode,
            shipment.loading_locode,
            shipment.incoterm_place_locode,
            *(shipment.border_crossings or []),
        )
        if code
    }
    tables = code_tables()
    known_hs6 = frozenset(
        HsCode.objects.filter(code__in=hs_codes, level=HsLevel.SUBHEADING).values_list(
            "code", flat=True
        )
    )
    return ReferenceFacts(
        known_hs6=known_hs6,
        known_national_codes=frozenset(
            NationalCode.objects.filter(code__in=national_codes).values_list("code", flat=True)
        ),
        known_currencies=tables.currencies,
        known_countries=frozenset(tables.countries),
        known_locodes=frozenset(locations_named(locodes)),
        known_units=frozenset(tables.units),
        container_max_gross={code: w[0] for code, w in tables.container_weights.items()},
        container_tare={code: w[1] for code, w in tables.container_weights.items()},
        sea_only_incoterms=frozenset(
            IncotermCustomsMapping.objects.filter(sea_only=True).values_list("incoterm", flat=True)
        ),
        eu_countries=eu_member_states(),
        hs_fits=hs_fits(views, known_hs6),
    )


def check_view(view: ShipmentView) -> list[Problem]:
    return run_rules(view, reference_facts(view))


def check_views(views: Sequence[ShipmentView]) -> list[list[Problem]]:
    """``check_view`` of each view, with the reference answers fetched once for all."""
    if not views:
        return []
    facts = reference_facts(*views)
    return [run_rules(view, facts) for view in views]


def check_shipment(shipment: Shipment) -> list[Problem]:
    return check_view(shipment_view(shipment))


def blocking_problems(shipment: Shipment) -> list[Problem]:
    """The errors that stop document issue (warnings never do).

    Bookings flag them on the booking pages and the departure manifest rather than refuse
    the slot: train space is booked weeks before the documents are complete.
    """
    return [p for p in check_shipment(shipment) if p.severity == Severity.ERROR]


@dataclass(frozen=True)
class Totals:
    packages: int
    net_kg: Decimal
    gross_kg: Decimal
    amount: Decimal


@dataclass(frozen=True)
class ContainerTotals:
    container: Container
    packages: int
    gross_kg: Decimal
    lines: int


def totals(view: ShipmentView) -> Totals:
    zero = Decimal(0)
    return Totals(
        packages=sum(line.packages or 0 for line in view.lines),
        net_kg=sum((line.net_kg or zero for line in view.lines), zero),
        gross_kg=sum((line.gross_kg or zero for line in view.lines), zero),
        amount=sum((line.amount or zero for line in view.lines), zero),
    )


def totals_by_container(view: ShipmentView) -> list[ContainerTotals]:
    gross = stowed_gross_by_container(view)
    result = []
    for container in view.containers:
        stowed = [s for s in view.stowage if s.container == container.number]
        result.append(
            ContainerTotals(
                container=container,
                packages=sum(s.packages for s in stowed),
                gross_kg=gross.get(container.number, Decimal(0)),
                lines=len(stowed),
            )
        )
    return result


def incoterm_defaults() -> dict[str, str]:
    return dict(IncotermCustomsMapping.objects.values_list("incoterm", "transaction_mode"))


def route_direction(route: dict[str, Any] | None) -> Direction | None:
    """The direction a planned route implies, or None when the user's choice stands.

    A route starting in China is an export, one ending there (and starting abroad) an
    import. A route that touches neither end in China (Duisburg → Almaty) implies
    nothing: the direction stays as typed, since no China declaration follows from it.
    """
    if route is None or not has_route(route):
        return None
    stops = journey_of(route).stops
    if stops[0].country == "CN":
        return Direction.EXPORT
    if stops[-1].country == "CN":
        return Direction.IMPORT
    return None
