"""Load the seed network from ``data/`` (nodes, legs, tariffs, emission factors, corridors).

Idempotent: rows are upserted by natural key (node by UN/LOCODE, leg by ends and mode,
tariff by its seed ``key``, corridor by code), nothing is deleted, so rows an operator
added in the admin stay. The SHA-256 of the files is recorded; unchanged files are
skipped unless forced. Needs no reference data: nodes store their UN/LOCODE as text.
"""

from __future__ import annotations

import time
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from cloudcabin.network.models import (
    Corridor,
    CorridorStop,
    EmissionFactor,
    Leg,
    NetworkDataset,
    Node,
    NodeAlias,
    TariffLine,
)
from cloudcabin.reference.loading.base import (
    LoadResult,
    decimal_or_none,
    read_csv,
    sha256_of,
    upsert,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
FILES = (
    "nodes.csv",
    "legs.csv",
    "tariffs.csv",
    "emission_factors.csv",
    "corridors.csv",
    "aliases.csv",
)
DATASET_NAME = "network"


def _nodes(path: Path) -> int:
    nodes = [
        Node(
            locode=row["locode"].strip(),
            name=row["name"].strip(),
            name_zh=row["name_zh"].strip(),
            pinyin=row["pinyin"].strip(),
            country=row["country"].strip(),
            kind=row["kind"].strip(),
            latitude=decimal_or_none(row["latitude"]),
            longitude=decimal_or_none(row["longitude"]),
            gauge_mm=int(row["gauge_mm"]) if row["gauge_mm"].strip() else None,
            source_url=row["source_url"].strip(),
            basis=row["basis"].strip(),
        )
        for row in read_csv(path)
    ]
    # is_active is the operator's switch: a reload must not turn a node back on.
    fields = ["name", "name_zh", "pinyin", "country", "kind", "latitude", "longitude", "gauge_mm"]
    return upsert(
        Node,
        nodes,
        unique_fields=["locode"],
        update_fields=[*fields, "source_url", "basis", "updated_at"],
    )


def _legs(path: Path) -> int:
    ids = dict(Node.objects.values_list("locode", "id"))
    country = dict(Node.objects.values_list("locode", "country"))
    legs = []
    for row in read_csv(path):
        origin, destination = row["from"].strip(), row["to"].strip()
        transit = row["transit_countries"].split() or [country[origin], country[destination]]
        if transit[0] != country[origin]:
            transit.insert(0, country[origin])
        if transit[-1] != country[destination]:
            transit.append(country[destination])
        legs.append(
            Leg(
                origin_id=ids[origin],
                destination_id=ids[destination],
                mode=row["mode"].strip(),
                distance_km=Decimal(row["distance_km"]),
                days_min=Decimal(row["days_min"]),
                days_max=Decimal(row["days_max"]),
                dwell_days=Decimal(row["dwell_days"] or "0"),
                transit_countries=" ".join(transit),
                bidirectional=row["bidirectional"].strip().lower() in {"yes", "true", "1"},
                source_url=row["source_url"].strip(),
                basis=row["basis"].strip(),
            )
        )
    fields = [
        "distance_km", "days_min", "days_max", "dwell_days", "transit_countries",
        "bidirectional", "source_url", "basis", "updated_at",
    ]  # fmt: skip
    return upsert(Leg, legs, unique_fields=["origin", "destination", "mode"], update_fields=fields)


def tariff_key(row: dict[str, str]) -> str:
    scope = (
        f"{row['from']}-{row['to']}-{row['mode']}"
        if row["from"].strip()
        else row["node"].strip() or row["mode"].strip() or "all"
    )
    return f"{row['kind']}:{scope}:{row['name'][:40]}:{row['valid_from']}"[:120]


def _tariffs(path: Path) -> int:
    node_ids = dict(Node.objects.values_list("locode", "id"))
    leg_ids = {
        (origin, destination, mode): pk
        for pk, origin, destination, mode in Leg.objects.values_list(
            "id", "origin__locode", "destination__locode", "mode"
        )
    }
    tariffs = []
    for row in read_csv(path):
        is_leg = bool(row["from"].strip())
        tariffs.append(
            TariffLine(
                key=tariff_key(row),
                kind=row["kind"].strip(),
                name=row["name"].strip(),
                name_zh=row.get("name_zh", "").strip(),
                leg_id=leg_ids[(row["from"], row["to"], row["mode"])] if is_leg else None,
                node_id=node_ids[row["node"]] if row["node"].strip() else None,
                mode="" if is_leg else row["mode"].strip(),
                per_teu=Decimal(row["per_teu"]),
                per_feu=Decimal(row["per_feu"]),
                currency=row["currency"].strip(),
                valid_from=date.fromisoformat(row["valid_from"]),
                valid_to=date.fromisoformat(row["valid_to"]) if row["valid_to"].strip() else None,
                source_url=row["source_url"].strip(),
                basis=row["basis"].strip(),
            )
        )
    fields = [
        "kind", "name", "name_zh", "leg", "node", "mode", "per_teu", "per_feu", "currency",
        "valid_from", "valid_to", "source_url", "basis", "updated_at",
    ]  # fmt: skip
    return upsert(TariffLine, tariffs, unique_fields=["key"], update_fields=fields)


def _factors(path: Path) -> int:
    factors = [
        EmissionFactor(
            mode=row["mode"].strip(),
            g_co2e_per_tkm=Decimal(row["g_co2e_per_tkm"]),
            source_url=row["source_url"].strip(),
            basis=row["basis"].strip(),
        )
        for row in read_csv(path)
    ]
    return upsert(EmissionFactor, factors, unique_fields=["mode"])


def _corridors(path: Path) -> int:
    nodes = dict(Node.objects.values_list("locode", "id"))
    count = 0
    for row in read_csv(path):
        corridor, _ = Corridor.objects.update_or_create(
            code=row["code"].strip(),
            defaults={
                "name": row["name"].strip(),
                "name_zh": row["name_zh"].strip(),
                "source_url": row["source_url"].strip(),
                "basis": row["basis"].strip(),
            },
        )
        stops = row["stops"].split()
        for position, locode in enumerate(stops, start=1):
            CorridorStop.objects.update_or_create(
                corridor=corridor, position=position, defaults={"node_id": nodes[locode]}
            )
        # A corridor's path is the seed's: stops beyond its end are the old path's tail.
        CorridorStop.objects.filter(corridor=corridor, position__gt=len(stops)).delete()
        count += 1
    return count


def _aliases(path: Path) -> int:
    nodes = dict(Node.objects.values_list("locode", "id"))
    aliases = [
        NodeAlias(
            locode=row["alias"].strip(),
            node_id=nodes[row["node"].strip()],
            unlocode_name=row["unlocode_name"].strip(),
            source_url=row["source_url"].strip(),
            basis=row["basis"].strip(),
        )
        for row in read_csv(path)
    ]
    fields = ["node", "unlocode_name", "source_url", "basis", "updated_at"]
    return upsert(NodeAlias, aliases, unique_fields=["locode"], update_fields=fields)


def load_network_data(*, data_dir: Path | None = None, force: bool = False) -> LoadResult:
    base = data_dir or DATA_DIR
    files = tuple(base / name for name in FILES)
    started = time.perf_counter()
    digest = sha256_of(files)
    previous = NetworkDataset.objects.filter(name=DATASET_NAME).first()
    if not force and previous is not None and previous.sha256 == digest:
        return LoadResult(DATASET_NAME, previous.rows, time.perf_counter() - started, True)
    with transaction.atomic():
        rows = _nodes(files[0])
        rows += _legs(files[1])
        rows += _tariffs(files[2])
        rows += _factors(files[3])
        rows += _corridors(files[4])
        rows += _aliases(files[5])
        NetworkDataset.objects.update_or_create(
            name=DATASET_NAME,
            defaults={"sha256": digest, "rows": rows, "loaded_at": timezone.now()},
        )
    return LoadResult(DATASET_NAME, rows, time.perf_counter() - started, False)
