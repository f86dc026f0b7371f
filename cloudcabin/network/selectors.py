"""Reads: the planner network built from the database (cached per process), place
resolution, route search, quotes and enquiries."""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from cloudcabin.accounts.models import Membership, Organization, Role
from cloudcabin.errors import ProblemError
from cloudcabin.network.models import (
    Corridor,
    CurrencyRate,
    EmissionFactor,
    Enquiry,
    Leg,
    Mode,
    Node,
    NodeAlias,
    Quote,
    TariffLine,
)
from cloudcabin.network.planner import (
    LegData,
    Network,
    NodeData,
    NoRoute,
    Objective,
    RouteOption,
    RouteRequest,
    TariffData,
    plan_routes,
)
from cloudcabin.reference.codes import count_and_latest
from cloudcabin.reference.selectors import location_named
from cloudcabin.reference.text import compact, search_key

MAX_ALTERNATIVES = 5
LOCODE = re.compile(r"[A-Z]{2}[A-Z2-9]{3}")
NEAREST_HUBS = 3

_cache_lock = threading.Lock()
_cached: tuple[tuple[Any, ...], Network, dict[str, str]] | None = None


# --- the network ---------------------------------------------------------------------


def network_version() -> tuple[Any, ...]:
    """Changes whenever an operator edits, adds or deletes a network row (count + last edit
    of each table, in one query)."""
    return tuple(
        count_and_latest(
            [
                (model, "updated_at")
                for model in (Node, Leg, TariffLine, EmissionFactor, CurrencyRate, NodeAlias)
            ]
        )
    )


def _build_network() -> Network:
    nodes = {
        node.locode: NodeData(
            locode=node.locode,
            name=node.name,
            name_zh=node.name_zh,
            pinyin=node.pinyin,
            country=node.country,
            kind=node.kind,
            latitude=node.latitude,
            longitude=node.longitude,
            gauge_mm=node.gauge_mm,
        )
        for node in Node.objects.filter(is_active=True)
    }
    legs = [
        LegData(
            id=leg.id,
            origin=leg.origin.locode,
            destination=leg.destination.locode,
            mode=leg.mode,
            distance_km=leg.distance_km,
            days_min=leg.days_min,
            days_max=leg.days_max,
            dwell_days=leg.dwell_days,
            transit_countries=tuple(leg.transit_countries.split()),
            bidirectional=leg.bidirectional,
        )
        for leg in Leg.objects.filter(is_active=True).select_related("origin", "destination")
    ]
    tariffs = [
        TariffData(
            id=line.id,
            kind=line.kind,
            name=line.name,
            name_zh=line.name_zh,
            per_teu=line.per_teu,
            per_feu=line.per_feu,
            currency=line.currency,
            valid_from=line.valid_from,
            valid_to=line.valid_to,
            leg_id=line.leg_id,
            node=line.node.locode if line.node else None,
            mode=line.mode,
        )
        for line in TariffLine.objects.filter(is_active=True).select_related("node")
    ]
    rates: dict[str, Decimal] = {}
    for rate in CurrencyRate.objects.filter(valid_from__lte=date.today()).order_by("valid_from"):
        rates[rate.currency] = rate.usd_per_unit  # the latest wins
    factors = dict(EmissionFactor.objects.values_list("mode", "g_co2e_per_tkm"))
    return Network(nodes=nodes, legs=legs, tariffs=tariffs, co2_factors=factors, usd_rates=rates)


def _current() -> tuple[tuple[Any, ...], Network, dict[str, str]]:
    global _cached
    version = network_version()
    with _cache_lock:
        if _cached is None or _cached[0] != version:
            aliases = dict(
                NodeAlias.objects.filter(node__is_active=True).values_list("locode", "node__locode")
            )
            _cached = (version, _build_network(), aliases)
        return _cached


def current_network() -> Network:
    """The planner network, rebuilt only when the network rows changed."""
    return _current()[1]


def node_aliases() -> dict[str, str]:
    """Other UN/LOCODEs of served places → the hub's UN/LOCODE (CNXAG → CNXIA)."""
    return _current()[2]


def hubs_of(*locodes: str) -> tuple[str, ...]:
    """``hub_locode`` of each, in one small query: a caller needing no more of the network
    (a booking checking its route) skips ``current_network``'s freshness check (six)."""
    aliases = dict(
        NodeAlias.objects.filter(locode__in=set(locodes), node__is_active=True).values_list(
            "locode", "node__locode"
        )
    )
    return tuple(aliases.get(locode, locode) for locode in locodes)


def hub_locode(locode: str) -> str:
    """The network node a UN/LOCODE stands for: itself, or the hub it is an alias of."""
    return node_aliases().get(locode, locode)


def node_coordinates() -> dict[str, tuple[float, float]]:
    """(longitude, latitude) per node, for the maps (floats: drawing only)."""
    return {
        node.locode: (float(node.longitude), float(node.latitude))
        for node in current_network().nodes.values()
        if node.latitude is not None and node.longitude is not None
    }


def nodes() -> QuerySet[Node]:
    return Node.objects.filter(is_active=True).order_by("locode")


def legs() -> QuerySet[Leg]:
    return Leg.objects.filter(is_active=True).select_related("origin", "destination")


def corridors() -> QuerySet[Corridor]:
    return Corridor.objects.prefetch_related("stops__node")


# --- places --------------------------------------------------------------------------


def _distance_km(a: NodeData, lat: float, lon: float) -> float:
    if a.latitude is None or a.longitude is None:
        return math.inf
    phi1, phi2 = math.radians(float(a.latitude)), math.radians(lat)
    dphi, dlmb = phi2 - phi1, math.radians(lon - float(a.longitude))
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(h))


def resolve_place(text: str, *, path: str, network: Network | None = None) -> NodeData:
    """A network node for a UN/LOCODE ("DEDUI", "de dui") or a name ("Xi'an", "Łódź")."""
    network = network or current_network()
    raw = (text or "").strip()
    if not raw:
        raise ProblemError.of("REQUIRED", path=path)
    code = "".join(raw.split()).replace("-", "").upper()
    if code in network.nodes:
        return network.nodes[code]
    alias = node_aliases().get(code)
    if alias in network.nodes:
        return network.nodes[alias]
    exact = match_nodes(raw, network, partial=False)
    if exact:
        return exact[0]
    from cloudcabin.reference.models import Location

    place = Location.objects.filter(locode=code).first() if len(code) == 5 else None
    if place is None:
        place = location_named(raw)
    if place is None:
        raise ProblemError.of("PLACE_UNKNOWN", path=path, value=raw)
    nearest = ", ".join(n.locode + " " + n.name for n in _nearest(network, place))
    raise ProblemError.of(
        "PLACE_NOT_ON_NETWORK", path=path, value=raw, nearest=nearest or _("none known")
    )


def node_names(node: NodeData) -> list[str]:
    """Every name a node answers to, as compact search keys: "Milan (Mortara)" → milanmortara,
    milan, mortara; 米兰; its pinyin."""
    names = [node.name, *re.split(r"[/()]", node.name), node.name_zh, node.pinyin]
    return list(dict.fromkeys(key for key in (compact(search_key(n)) for n in names) if key))


def match_nodes(text: str, network: Network, *, partial: bool = True) -> list[NodeData]:
    """Network nodes whose name, Chinese name or pinyin is ``text`` (accents, case,
    apostrophes and spaces ignored: "Xi'an", "xi an", "西安", "Lodz"), then, if
    ``partial``, those with a name starting with it, then containing it."""
    key = compact(search_key(text))
    if not key:
        return []
    ranked: list[tuple[int, str, NodeData]] = []
    for node in network.nodes.values():
        names = node_names(node)
        if key in names:
            kind = 0
        elif not partial:
            continue
        elif any(name.startswith(key) for name in names):
            kind = 1
        elif any(key in name for name in names):
            kind = 2
        else:
            continue
        ranked.append((kind, node.locode, node))
    ranked.sort(key=lambda item: item[:2])
    return [node for _, _, node in ranked]


def place_locode(text: str, *, path: str) -> str:
    """The UN/LOCODE for what a place field holds: the code itself ("DEDUI", "de dui"),
    or a place's name in any script ("杜伊斯堡", "Xi'an", "Lodz"): a node of the network
    first, then any UN/LOCODE place. A well-formed code nobody knows is kept (the shipment
    checks report it); a name nobody knows is PLACE_UNKNOWN."""
    from cloudcabin.reference.models import Location
    from cloudcabin.reference.ranking import looks_like_a_code

    raw = (text or "").strip()
    code = re.sub(r"[\s\-]", "", raw).upper()
    well_formed = LOCODE.fullmatch(code) is not None
    if not raw or (
        well_formed and looks_like_a_code(raw) and Location.objects.filter(locode=code).exists()
    ):
        return code
    named = match_nodes(raw, current_network(), partial=False)
    if named:
        return named[0].locode
    place = location_named(raw)
    if place is not None:
        return place.locode
    if well_formed:
        return code
    raise ProblemError.of("PLACE_UNKNOWN", path=path, value=raw)


def _nearest(network: Network, place: Any) -> list[NodeData]:
    if place.latitude is not None and place.longitude is not None:
        lat, lon = float(place.latitude), float(place.longitude)
        ranked = sorted(network.nodes.values(), key=lambda n: _distance_km(n, lat, lon))
        return ranked[:NEAREST_HUBS]
    return [n for n in network.nodes.values() if n.country == place.country][:NEAREST_HUBS]


# --- routes --------------------------------------------------------------------------


def _relaxation_label(kind: str, value: str) -> str:
    if kind == "country":
        return _("transit through %(country)s") % {"country": value}
    if kind == "mode":
        return str(dict(Mode.choices).get(value, value))
    if kind == "via":
        return _("a route not via %(node)s") % {"node": value}
    return _("more than %(n)s transshipments") % {"n": value}


def search_routes(
    *,
    origin: str,
    destination: str,
    container_count: int = 1,
    size_type: str = "40",
    ready_date: date | None = None,
    objective: str = Objective.FASTEST,
    k: int = MAX_ALTERNATIVES,
    avoid_countries: list[str] | tuple[str, ...] = (),
    avoid_modes: list[str] | tuple[str, ...] = (),
    via: str = "",
    max_transshipments: int | None = None,
) -> tuple[RouteRequest, list[RouteOption]]:
    network = current_network()
    start = resolve_place(origin, path="origin", network=network)
    end = resolve_place(destination, path="destination", network=network)
    through = resolve_place(via, path="via", network=network) if via.strip() else None
    if start.locode == end.locode:
        raise ProblemError.of("ROUTE_SAME_PLACE", path="destination")
    request = RouteRequest(
        origin=start.locode,
        destination=end.locode,
        container_count=container_count,
        size_type=size_type,
        ready_date=ready_date or date.today(),
        objective=Objective(objective),
        k=max(1, min(k, MAX_ALTERNATIVES)),
        avoid_countries=frozenset(c.strip().upper() for c in avoid_countries if c.strip()),
        avoid_modes=frozenset(m.strip() for m in avoid_modes if m.strip()),
        via=through.locode if through else None,
        max_transshipments=max_transshipments,
    )
    try:
        return request, plan_routes(network, request)
    except NoRoute as exc:
        names = {"origin": start.name, "destination": end.name}
        if not exc.relaxations:
            raise ProblemError.of("ROUTE_NONE_AT_ALL", path="destination", **names) from exc
        labels = " · ".join(_relaxation_label(r.kind, r.value) for r in exc.relaxations)
        raise ProblemError.of(
            "ROUTE_NONE", path="destination", relaxations=labels, **names
        ) from exc


# --- quotes --------------------------------------------------------------------------


def quotes_of(organization: Organization) -> QuerySet[Quote]:
    return Quote.objects.for_org(organization)


def quote_for_shipment(quote: Quote, *, allow_expired: bool = False) -> dict[str, Any]:
    """What a draft shipment takes from a saved quote: places, route, crossings, modes.

    Refuses an expired quote (QUOTE_EXPIRED, 409) unless ``allow_expired``.
    """
    if quote.is_expired and not allow_expired:
        raise ProblemError.of("QUOTE_EXPIRED", path="quote", date=quote.expires_at.date())
    option = quote.option
    return {
        "origin_locode": quote.origin_locode,
        "destination_locode": quote.destination_locode,
        "route_summary": option.get("summary", ""),
        "border_crossings": [
            {
                "locode": crossing.get("exit_locode", ""),
                "name": crossing.get("name", ""),
                "country": crossing.get("from_country", ""),
                "to_country": crossing.get("to_country", ""),
            }
            for crossing in option.get("border_crossings", [])
        ],
        "modes": list(option.get("modes", [])),
    }


# --- enquiries -----------------------------------------------------------------------


def is_operator_agent(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return Membership.objects.filter(
        user=user, role=Role.AGENT, organization__is_operator=True
    ).exists()


def _enquiries_visible_to(user: Any) -> QuerySet[Enquiry]:
    """All enquiries for an agent of the operator; none for anyone else."""
    found = Enquiry.objects.select_related("quote")
    return found if is_operator_agent(user) else found.none()


def enquiries_for(user: Any, status: str = "") -> QuerySet[Enquiry]:
    found = _enquiries_visible_to(user)
    return found.filter(status=status) if status else found


def enquiry_for_agent_or_404(user: Any, enquiry_id: int) -> Enquiry:
    try:
        return _enquiries_visible_to(user).get(pk=enquiry_id)
    except (Enquiry.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def route_map(
    option: dict[str, Any], positions: Sequence[tuple[str, tuple[float, float]]] = ()
) -> SafeString:
    """The SVG map of a route option (a saved quote's, or a shipment's planned route), with
    ``positions`` (name, (longitude, latitude)) marked where containers were last seen."""
    from cloudcabin.network.mapsvg import route_svg

    return route_svg(option, node_coordinates(), positions=positions)
