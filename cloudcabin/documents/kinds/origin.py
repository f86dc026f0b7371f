"""The certificate of origin application: the Chinese non-preferential form, or Form RCEP.

Every export gets an application. When the destination country is an RCEP party
(the reference code list, in force on the day of departure) it is Form RCEP, with the
origin criterion per line in box 10 as the form's codes (WO, PE, CTC, RVC;
``origin.rules.box_10_code``); otherwise it is the 中华人民共和国原产地证明书 (non-preferential, 12
numbered boxes).

The per-line origin data (criterion and bill of materials) is not part of the shipment
snapshot. It reaches the kind as ``PackData.origin_data`` (JSON, frozen at issue time
by ``origin.services.origin_data_for``), so it is part of the issued PDF and its hash.
The bill of materials, VNM, VOM and RVC percentage are the exporter's confidential
figures: they decide the findings but are never passed to the template.

One failing line leaves out the certificate, not the pack. ``certificate_problems``
lists every line that would make the certificate state something false (a claim that
is not met, a claim the product-specific rule does not allow, no rule on file, no
claim; goods not of Chinese origin on the non-preferential form) as WARNINGS; while
there is one, ``applies`` is False, so the certificate is neither rendered nor issued
(nor listed in the CIM/SMGS box 24) and the other documents are issued without it. The
warnings reach "ready" through the cross-document check ``certificate_lines_qualify``
(``documents/checks.py``), which runs whether or not the kind applies.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.utils import timezone

from cloudcabin.documents.data import PackData, Place
from cloudcabin.documents.kinds.base import (
    Facts,
    Rendered,
    Stamps,
    party_json,
    pdf,
    render_typst,
    stamp_json,
    unit_name,
)
from cloudcabin.documents.models import DocumentKind
from cloudcabin.documents.origin.rules import (
    Material,
    OriginResult,
    Product,
    RvcMethod,
    box_10_code,
    evaluate,
    needs_product_rule,
    product_rule,
    rule_allows,
)
from cloudcabin.errors import Problem, problem
from cloudcabin.numbers import number_text

# With these Incoterms the invoice amount is the FOB value (or the FOB equivalent for
# rail); with any other the FOB value must be entered on the line's origin data.
FOB_INCOTERMS = frozenset({"FOB", "FCA"})


def is_rcep(data: PackData) -> bool:
    """Exported from one RCEP party to another, on the day the train leaves (today while
    no departure is booked)."""
    day = data.departure.local_date if data.departure else timezone.localdate()
    parties = data.lookups.code_lists.rcep_parties_on(day)
    origin, destination = data.origin, data.destination
    return (
        origin is not None
        and destination is not None
        and origin.country != destination.country
        and origin.country in parties
        and destination.country in parties
    )


def origin_data_of(data: PackData) -> dict[str, Any]:
    # An empty dict means "no origin data entered": every RCEP line shows "criterion not
    # given".
    return data.origin_data or {}


def _decimal(value: Any) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def product_result(
    *, hs_code: str, amount: Decimal, incoterm: str, raw: dict[str, Any] | None
) -> OriginResult | None:
    """The RCEP figures of one goods line from its origin data, or None if none was entered.

    ``raw`` is the JSON form ``origin.services.origin_data_for`` freezes; without an
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


CHINA = "CN"

# Box 4 (Form RCEP) / box 3 (non-preferential): the means of transport, from the ways the
# goods travel in the order first used (``PackData.transport_modes``); any other
# combination is multimodal transport.
MEANS_OF_TRANSPORT: dict[tuple[str, ...], tuple[str, str]] = {
    ("rail",): ("By rail", "铁路运输"),
    ("sea",): ("By sea", "海运"),
    ("road",): ("By road", "公路运输"),
    ("rail", "sea"): ("By rail and sea", "铁海联运"),
    ("sea", "rail"): ("By sea and rail", "海铁联运"),
    ("rail", "road"): ("By rail and road", "铁路公路联运"),
    ("road", "rail"): ("By road and rail", "公铁联运"),
    ("sea", "road"): ("By sea and road", "海陆联运"),
    ("road", "sea"): ("By road and sea", "陆海联运"),
}
MULTIMODAL = ("By multimodal transport", "多式联运")


def means_of_transport(data: PackData) -> tuple[str, str]:
    """The means of transport in English and Chinese, as a person writes it on a form."""
    return MEANS_OF_TRANSPORT.get(data.transport_modes or ("rail",), MULTIMODAL)


def _place_name(place: Place | None, data: PackData) -> str:
    if place is None:
        return ""
    station = data.lookups.code_lists.rail_stations.get(place.locode)
    return (station.place_name if station else "") or place.name


def _place(place: Place | None, data: PackData) -> str:
    name = _place_name(place, data)
    return f"{name} ({place.locode})" if place is not None and name else ""


def _via(data: PackData) -> list[Place]:
    """The border stations between the ends: a port where the goods cross by sea can be
    the destination itself (Qinzhou → Singapore), and is not named twice."""
    ends = {place.locode for place in (data.loading or data.origin, data.destination) if place}
    return [place for place in data.crossings if place.locode not in ends]


def _route(data: PackData) -> str:
    stops = [_place(p, data) for p in [data.loading or data.origin, *_via(data), data.destination]]
    return " → ".join(stop for stop in stops if stop)


def departure(data: PackData) -> dict[str, str]:
    """Departure date and train for box 4: a confirmed booking's departure, else the ready date.

    Without a confirmed booking the cargo-ready date stands in, and the form says so.
    """
    booked = data.departure
    if booked is not None:
        return {
            "date": booked.local_date.isoformat(),
            "basis": "booking",
            "train": booked.train or str(data.header.get("train_number") or ""),
        }
    return {
        "date": str(data.header.get("ready_date") or ""),
        "basis": "ready_date",
        "train": str(data.header.get("train_number") or ""),
    }


def transport(data: PackData) -> dict[str, str]:
    """Box 4 of Form RCEP, box 3 of the non-preferential form: when, how and to where."""
    en, zh = means_of_transport(data)
    leaving = departure(data)
    return {
        "means_en": en,
        "means_zh": zh,
        "train": leaving["train"],
        "departure_date": leaving["date"],
        "departure_basis": leaving["basis"],
        "loading": _place_name(data.loading or data.origin, data),
        "discharge": _place_name(data.destination, data),
        "via": ", ".join(_place_name(p, data) for p in _via(data)),
        "route": _route(data),
    }


def certificate_problems(data: PackData) -> list[Problem]:
    """Every line that keeps the certificate out of the pack, as warnings naming line and field."""
    if (data.header.get("direction") or "export") != "export":
        return []
    if not is_rcep(data):
        return [
            problem(
                "ORIGIN_NOT_CHINESE",
                path=f"lines[{index}].origin_country",
                line=line.line_no,
                country=line.origin_country,
            )
            for index, line in enumerate(data.lines)
            # A blank origin is the declaration's error (DEC_ORIGIN_MISSING): not repeated.
            if line.origin_country and line.origin_country != CHINA
        ]
    found: list[Problem] = []
    results = line_results(data)
    for index, line in enumerate(data.lines):
        path = f"lines[{index}].origin_criterion"
        result = results[line.line_no]
        if result is None or not result.claimed:
            found.append(problem("ORIGIN_CRITERION_MISSING", path=path, line=line.line_no))
            continue
        if not result.claimed_is_met:
            found.append(
                problem(
                    "ORIGIN_CRITERION_NOT_MET",
                    path=path,
                    line=line.line_no,
                    criterion=result.claimed,
                    reason=result.reason,
                )
            )
            continue
        if not needs_product_rule(result.claimed):
            continue
        rule = product_rule(line.hs_code)
        if rule is None:
            found.append(
                problem(
                    "ORIGIN_PSR_MISSING",
                    path=path,
                    line=line.line_no,
                    hs=line.hs_code[:6],
                    criterion=result.claimed,
                )
            )
        elif not rule_allows(rule, result.claimed):
            found.append(
                problem(
                    "ORIGIN_PSR_NOT_MET",
                    path=path,
                    line=line.line_no,
                    hs=line.hs_code[:6],
                    rule=rule.text,
                    criterion=result.claimed,
                )
            )
    return found


def _box_10(result: OriginResult | None) -> str:
    if result is None or not result.claimed_is_met:
        return ""
    return box_10_code(result.claimed, result.de_minimis)


class OriginApplication:
    kind = DocumentKind.ORIGIN_APPLICATION.value
    formats: tuple[str, ...] = ("pdf",)

    def applies(self, data: PackData) -> bool:
        # Left out while any line would make it false (see the module docstring).
        exported = (data.header.get("direction") or "export") == "export"
        return exported and not certificate_problems(data)

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
        lines = []
        for line in data.lines:
            result = results[line.line_no]
            criterion = _box_10(result) if rcep else ""
            lines.append(
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
                    "quantity": number_text(line.quantity) if line.quantity is not None else "",
                    "unit": unit_name(data, line.unit) if line.unit else "",
                    "gross_kg": number_text(line.gross_kg),
                    "criterion": criterion,
                    # Box 12: the FOB value only where RVC is applied (the form's rule).
                    "fob": result.fob
                    if rcep
                    and result is not None
                    and result.fob is not None
                    and criterion.startswith("RVC")
                    else "",
                }
            )
        return {
            "variant": "rcep" if rcep else "non_preferential",
            "reference": header["reference"],
            "invoice_number": header.get("invoice_number") or "",
            "invoice_date": header.get("invoice_date") or "",
            "exporter": party_json(data.parties.get("seller") or data.parties.get("consignor")),
            "consignee": party_json(data.parties.get("consignee")),
            "producer": party_json(data.parties.get("producer")),
            "transport": transport(data),
            "issued_in": " ".join(names.get(data.origin.country, ("", ""))) if data.origin else "",
            "importing_country": " ".join(names.get(destination, (destination, ""))).strip(),
            "currency": data.currency,
            "lines": lines,
            "total_packages": data.total_packages,
            "total_gross_kg": number_text(data.total_gross_kg),
        }

    def findings(self, data: PackData) -> list[Problem]:
        # The certificate's own problems are reported by ``certificate_lines_qualify`` even
        # when they leave it out (a kind that does not apply is not asked for findings).
        return []

    def render(self, data: PackData, stamps: Stamps) -> list[Rendered]:
        payload = self.payload(data) | {"stamp": stamp_json(stamps["pdf"])}
        content = render_typst("origin_application", payload)
        return [pdf(self.kind, f"{data.header['reference']}-origin-application.pdf", content)]


def certificate_lines_qualify(facts: list[Facts], data: PackData) -> Iterator[Problem]:
    """Cross-document check: the lines that keep the certificate of origin out of the pack."""
    yield from certificate_problems(data)
