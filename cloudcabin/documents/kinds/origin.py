"""The certificate of origin application: non-preferential, or Form RCEP for RCEP parties.

Every export gets an application. When the destination country is an RCEP party
(``data_files/rcep_parties.csv``) it is the RCEP form, with the origin criterion per line
and, where RVC is claimed, the figures from ``origin_rules``; otherwise it is the
non-preferential form, with the country of origin per line.

The per-line origin data (criterion and bill of materials) is not part of the shipment
snapshot. It reaches the kind as ``PackData.origin_data`` (JSON, frozen at issue time
by ``origin_services.origin_data_for``), so it is part of the issued PDF and its hash.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from decimal import Decimal
from functools import cache
from typing import Any

from cloudcabin.documents.data import PackData, Place
from cloudcabin.documents.kinds.base import (
    Facts,
    Rendered,
    Stamps,
    party_json,
    pdf,
    render_typst,
    stamp_json,
)
from cloudcabin.documents.kinds.cim_smgs import DATA_DIR, rail_stations
from cloudcabin.documents.models import DocumentKind
from cloudcabin.documents.origin_rules import (
    Criterion,
    Material,
    OriginResult,
    Product,
    RvcMethod,
    evaluate,
)
from cloudcabin.errors import Problem, problem

# With these Incoterms the invoice amount is the FOB value (or the FOB equivalent for
# rail); with any other the FOB value must be entered on the line's origin data.
FOB_INCOTERMS = frozenset({"FOB", "FCA"})


@cache
def rcep_parties() -> frozenset[str]:
    with (DATA_DIR / "rcep_parties.csv").open(encoding="utf-8", newline="") as handle:
        return frozenset(row["country"].strip() for row in csv.DictReader(handle))


def is_rcep(data: PackData) -> bool:
    """Exported from one RCEP party to another."""
    parties = rcep_parties()
    origin, destination = data.origin, data.destination
    return (
        origin is not None
        and destination is not None
        and origin.country != destination.country
        and origin.country in parties
        and destination.country in parties
    )


def origin_data_of(data: PackData) -> dict[str, Any]:
    # Read by name until PackData carries the field (documents/data.py); an empty dict
    # means "no origin data entered", and every RCEP line shows "criterion not given".
    found: dict[str, Any] = getattr(data, "origin_data", None) or {}
    return found


def _decimal(value: Any) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def product_result(
    *, hs_code: str, amount: Decimal, incoterm: str, raw: dict[str, Any] | None
) -> OriginResult | None:
    """The RCEP figures of one goods line from its origin data, or None if none was entered.

    ``raw`` is the JSON form ``origin_services.origin_data_for`` freezes; without an
    entered FOB value, the line's invoice amount is FOB under FOB/FCA, else unknown.
    """
    if raw is None:
        return None
    fob = _decimal(raw.get("fob_value"))
    if fob is None and incoterm in FOB_INCOTERMS:
        fob = amount
    product = Product(
        hs_code=hs_code,
        fob=fob,
        materials=tuple(
            Material(
                description=m.get("description") or "",
                hs_code=m.get("hs_code") or "",
                value=_decimal(m.get("value")) or Decimal(0),
                originating=bool(m.get("originating")),
                origin_country=m.get("origin_country") or "",
            )
            for m in raw.get("materials") or []
        ),
        direct_costs=_decimal(raw.get("direct_costs")) or Decimal(0),
    )
    return evaluate(
        product,
        claimed=raw.get("criterion") or "",
        method=raw.get("rvc_method") or RvcMethod.BUILD_DOWN,
    )


def line_results(data: PackData) -> dict[int, OriginResult | None]:
    entered = origin_data_of(data).get("lines") or {}
    incoterm = data.header.get("incoterm") or ""
    return {
        line.line_no: product_result(
            hs_code=line.hs_code,
            amount=line.amount,
            incoterm=incoterm,
            raw=entered.get(str(line.line_no)),
        )
        for line in data.lines
    }


def _place(place: Place | None) -> str:
    if place is None:
        return ""
    name = rail_stations().get(place.locode, {}).get("place_name") or place.name
    return f"{name} ({place.locode})"


def _route(data: PackData) -> str:
    stops = [_place(p) for p in [data.loading or data.origin, *data.crossings, data.destination]]
    return " → ".join(stop for stop in stops if stop)


def _figures(result: OriginResult | None) -> dict[str, Any]:
    if result is None:
        return {"criterion": "", "given": False}
    return {
        "criterion": result.claimed,
        "given": bool(result.claimed),
        "met": result.claimed_is_met,
        "reason": result.reason,
        "rvc_claimed": result.claimed == Criterion.RVC40,
        "method": result.method,
        "fob": result.fob if result.fob is not None else "",
        "vnm": result.vnm,
        "vom": result.vom,
        "rvc": result.rvc if result.rvc is not None else "",
        "de_minimis": ", ".join(result.de_minimis),
    }


class OriginApplication:
    kind = DocumentKind.ORIGIN_APPLICATION.value
    formats: tuple[str, ...] = ("pdf",)

    def applies(self, data: PackData) -> bool:
        return (data.header.get("direction") or "export") == "export"

    def facts(self, data: PackData) -> Facts:
        consignor = data.parties.get("consignor")
        consignee = data.parties.get("consignee")
        return Facts(
            kind=self.kind,
            consignor=consignor.name_latin if consignor else "",
            consignee=consignee.name_latin if consignee else "",
            gross_kg=data.total_gross_kg,
            packages=data.total_packages,
            hs_codes=tuple(line.hs_code for line in data.lines),
        )

    def payload(self, data: PackData) -> dict[str, Any]:
        rcep = is_rcep(data)
        results = line_results(data)
        names = data.lookups.country_names
        destination = data.destination.country if data.destination else ""
        header = data.header
        return {
            "variant": "rcep" if rcep else "non_preferential",
            "reference": header["reference"],
            "invoice_number": header.get("invoice_number") or "",
            "invoice_date": header.get("invoice_date") or "",
            "exporter": party_json(data.parties.get("seller") or data.parties.get("consignor")),
            "consignee": party_json(data.parties.get("consignee")),
            "producer": party_json(data.parties.get("producer")),
            "route": _route(data),
            "route_kind": header.get("route_kind") or "",
            "issued_in": " ".join(names.get(data.origin.country, ("", ""))) if data.origin else "",
            "importing_country": " ".join(names.get(destination, (destination, ""))).strip(),
            "currency": data.currency,
            "lines": [
                {
                    "line_no": line.line_no,
                    "marks": line.marks,
                    "packages": line.packages,
                    "package_name": data.lookups.customs_names.get(
                        ("packaging_type", line.package_type), line.package_type
                    ),
                    "description": line.description_en,
                    "description_zh": line.description_zh,
                    "hs_code": line.hs_code[:6],
                    "origin_country": line.origin_country,
                    "origin_country_name": " ".join(names.get(line.origin_country, ("", ""))),
                    "gross_kg": line.gross_kg,
                }
                | _figures(results[line.line_no])
                for line in data.lines
            ],
            "total_packages": data.total_packages,
            "total_gross_kg": data.total_gross_kg,
        }

    def findings(self, data: PackData) -> list[Problem]:
        return []

    def render(self, data: PackData, stamps: Stamps) -> list[Rendered]:
        payload = self.payload(data) | {"stamp": stamp_json(stamps["pdf"])}
        content = render_typst("origin_application", payload)
        return [pdf(self.kind, f"{data.header['reference']}-origin-application.pdf", content)]


def origin_criteria_hold(facts: list[Facts], data: PackData) -> Iterator[Problem]:
    """Cross-document check: on an RCEP application every line claims a criterion it meets."""
    if not is_rcep(data) or DocumentKind.ORIGIN_APPLICATION not in {f.kind for f in facts}:
        return
    for index, (line_no, result) in enumerate(line_results(data).items()):
        path = f"lines[{index}].origin_criterion"
        if result is None or not result.claimed:
            yield problem("ORIGIN_CRITERION_MISSING", path=path, line=line_no)
        elif not result.claimed_is_met:
            yield problem(
                "ORIGIN_CRITERION_NOT_MET",
                path=path,
                line=line_no,
                criterion=result.claimed,
                reason=result.reason,
            )
