"""The rules. Each takes the shipment view and the reference facts and yields Problems.

Paths name the field as the API and the pages do: ``lines[3].hs_code`` is the fourth
line (0-based, as in the JSON arrays), ``containers[0].number``, ``parties.consignee``.
Warnings never block saving; errors block booking and document issue.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from decimal import Decimal

from stdnum import exceptions as stdnum_errors
from stdnum import iso6346

from cloudcabin.accounts.identifiers import check_identifiers
from cloudcabin.errors import Problem, Severity, problem, problems_of
from cloudcabin.fields import stored_text_problems
from cloudcabin.numbers import AMOUNT_TOLERANCE, MASS_TOLERANCE_KG, money, to_whole
from cloudcabin.reference import declared_elements
from cloudcabin.shipments.checks.context import ReferenceFacts, ShipmentView, fit_key
from cloudcabin.shipments.models import Direction, GoodsLine, RouteKind
from cloudcabin.shipments.stowage import stowed_part

Rule = Callable[[ShipmentView, ReferenceFacts], Iterator[Problem]]

# ISO 668 rates series 1 freight containers (20', 40', 45') at 30,480 kg gross.
DEFAULT_MAX_GROSS_KG = Decimal("30480")
SIX_DIGITS = re.compile(r"^\d{6}$")
NATIONAL_CODE = re.compile(r"^\d{8}(\d{2})?$")
UN_NUMBER = re.compile(r"^\d{4}$")
BRAND_TYPES = frozenset(declared_elements.BRAND_TYPES)
EXPORT_PREFERENCES = frozenset(declared_elements.EXPORT_PREFERENCES)
# When a description reads like another subheading (see descriptions_fit_their_hs_codes).
HS_FIT_MIN_SCORE = 4.5
HS_FIT_RATIO = 2.8
QUOTED_LENGTH = 60


def line_path(index: int, name: str) -> str:
    return f"lines[{index}].{name}"


@functools.lru_cache(maxsize=4096)  # a code is printed for each line flagged with it
def dotted(code: str) -> str:
    """ "870899" → "8708.99", "87089999" → "8708.99.99", as the tariff prints codes."""
    return ".".join([code[:4], *(code[i : i + 2] for i in range(4, len(code), 2))])


def hs_codes_are_known_subheadings(view: ShipmentView, ref: ReferenceFacts) -> Iterator[Problem]:
    for index, line in enumerate(view.lines):
        path = line_path(index, "hs_code")
        if not line.hs_code:
            yield problem("HS_MISSING", path=path, line=line.line_no)
        elif not SIX_DIGITS.match(line.hs_code):
            yield problem("HS_NOT_6_DIGITS", path=path, value=line.hs_code, line=line.line_no)
        elif line.hs_code not in ref.known_hs6:
            yield problem("HS_UNKNOWN", path=path, value=line.hs_code)
        if not line.national_code:
            continue
        if not NATIONAL_CODE.match(line.national_code) or not line.national_code.startswith(
            line.hs_code or "-"
        ):
            yield problem(
                "NATIONAL_CODE_MISMATCH",
                path=line_path(index, "national_code"),
                value=line.national_code,
                hs=line.hs_code,
            )
        elif line.national_code[:8] not in ref.known_national_codes:
            yield problem(
                "NATIONAL_CODE_UNKNOWN",
                path=line_path(index, "national_code"),
                line=line.line_no,
                value=dotted(line.national_code[:8]),
            )


def descriptions_fit_their_hs_codes(view: ShipmentView, ref: ReferenceFacts) -> Iterator[Problem]:
    """Warn where a line's description reads like another HS subheading than its code.

    ``ref.hs_fits`` scores the descriptions, English and Chinese added up, against every
    subheading's tariff texts as the HS search does (``reference.ranking.score_hs``,
    with its 1-point subheading bonus). A line is flagged when all of these hold:

    - the best subheading scores at least ``HS_FIT_MIN_SCORE`` (4.5). A tariff word of
      the description found whole in a subheading's own text scores 4 to 6, a Chinese
      term found whole in its national names 5 to 7; a word found only in part, or most
      of the description unmatched, stays below (2.5 to 4.2 on correctly coded goods)
      and is too weak a reading to argue with the code.
    - it scores at least ``HS_FIT_RATIO`` (2.8) times the line's own code. On some
      ninety correctly coded goods the highest ratio was 2.4 ("Wrist watches, quartz,
      stainless steel case" reads like 9101.11 for its "case"; "Keyboards" like keyboard
      instruments, 9201); control arms under 8708.99 instead of 8708.80 score 3.3
      ("控制臂", or English and Chinese) to 16 ("Suspension control arms") times better.
    - the subheadings within 10 % of the best (``HsFit.readings``) do not include the
      line's code, and lie in the line's heading or in one heading only. "Brake parts"
      reads as well like railway brakes (8607.21) as like 8708.30; under 8708.99 it is
      flagged with 8708.30. A description that reads equally like subheadings of
      several other headings names no better code.
    """
    mismatch = problems_of("HS_DESCRIPTION_MISMATCH")
    for index, line in enumerate(view.lines):
        fit = ref.hs_fits.get(fit_key(line))
        if fit is None or not fit.readings:
            continue
        if fit.best_score < HS_FIT_MIN_SCORE or fit.best_score < HS_FIT_RATIO * fit.own_score:
            continue
        headings = {reading.code[:4] for reading in fit.readings}
        if any(reading.code == line.hs_code for reading in fit.readings) or (
            len(headings) > 1 and line.hs_code[:4] not in headings
        ):
            continue
        suggested = fit.readings[0]
        description = line.description_en.strip() or line.description_zh.strip()
        if len(description) > QUOTED_LENGTH:
            description = description[: QUOTED_LENGTH - 1].rstrip() + "…"
        yield mismatch(
            path=line_path(index, "hs_code"),
            line=line.line_no,
            description=description,
            suggested=dotted(suggested.code),
            label=suggested.label,
            hs=dotted(line.hs_code),
        )


def net_mass_within_gross(view: ShipmentView, ref: ReferenceFacts) -> Iterator[Problem]:
    for index, line in enumerate(view.lines):
        if line.net_kg is not None and line.gross_kg is not None and line.net_kg > line.gross_kg:
            yield problem(
                "NET_GT_GROSS",
                path=line_path(index, "net_kg"),
                line=line.line_no,
                net=line.net_kg,
                gross=line.gross_kg,
            )


def amount_is_quantity_times_price(view: ShipmentView, ref: ReferenceFacts) -> Iterator[Problem]:
    for index, line in enumerate(view.lines):
        if line.quantity is None or line.unit_price is None or line.amount is None:
            continue
        expected = money(line.quantity * line.unit_price)
        if abs(expected - line.amount) > AMOUNT_TOLERANCE:
            yield problem(
                "AMOUNT_MISMATCH",
                path=line_path(index, "amount"),
                line=line.line_no,
                amount=line.amount,
                expected=expected,
            )


def _sum(values: list[Decimal | None]) -> Decimal:
    return sum((value or Decimal(0) for value in values), Decimal(0))


def lines_add_up_to_invoice_totals(view: ShipmentView, ref: ReferenceFacts) -> Iterator[Problem]:
    shipment = view.shipment
    if shipment.invoice_total is not None:
        total = money(_sum([line.amount for line in view.lines]))
        if abs(total - shipment.invoice_total) > AMOUNT_TOLERANCE:
            yield problem(
                "TOTAL_AMOUNT_MISMATCH",
                path="invoice_total",
                stated=shipment.invoice_total,
                lines=total,
            )
    if shipment.declared_packages is not None:
        packages = sum(line.packages or 0 for line in view.lines)
        if packages != shipment.declared_packages:
            yield problem(
                "TOTAL_PACKAGES_MISMATCH",
                path="declared_packages",
                stated=shipment.declared_packages,
                lines=packages,
            )
    if shipment.declared_gross_kg is not None:
        gross = _sum([line.gross_kg for line in view.lines])
        if abs(gross - shipment.declared_gross_kg) > MASS_TOLERANCE_KG:
            yield problem(
                "TOTAL_GROSS_MISMATCH",
                path="declared_gross_kg",
                stated=shipment.declared_gross_kg,
                lines=gross,
            )


def container_numbers_and_types_are_valid(
    view: ShipmentView, ref: ReferenceFacts
) -> Iterator[Problem]:
    for index, container in enumerate(view.containers):
        path = f"containers[{index}]"
        try:
            iso6346.validate(container.number)
        except stdnum_errors.InvalidChecksum:
            expected = iso6346.calc_check_digit(container.number[:10])
            yield problem(
                "CONTAINER_CHECK_DIGIT",
                path=f"{path}.number",
                value=container.number,
                expected=expected,
            )
        except stdnum_errors.ValidationError:
            yield problem("CONTAINER_NUMBER_INVALID", path=f"{path}.number", value=container.number)
        if container.size_type not in ref.container_max_gross:
            yield problem(
                "CONTAINER_TYPE_UNKNOWN", path=f"{path}.size_type", value=container.size_type
            )


def stowed_gross_by_container(view: ShipmentView) -> dict[str, Decimal]:
    """Gross mass in each container, a split line's mass shared by its packages."""
    lines = {line.line_no: line for line in view.lines}
    gross: dict[str, Decimal] = defaultdict(Decimal)
    for stow in view.stowage:
        line = lines.get(stow.line_no)
        if line is not None:
            gross[stow.container] += stowed_part(line.gross_kg, line.packages, stow.packages)
    return gross


def containers_within_max_gross(view: ShipmentView, ref: ReferenceFacts) -> Iterator[Problem]:
    stowed = stowed_gross_by_container(view)
    for index, container in enumerate(view.containers):
        if container.size_type not in ref.container_max_gross:
            continue  # reported as an unknown type
        limit = ref.container_max_gross[container.size_type] or DEFAULT_MAX_GROSS_KG
        tare = container.tare_kg or ref.container_tare.get(container.size_type) or Decimal(0)
        total = tare + stowed.get(container.number, Decimal(0))
        if total > limit:
            yield problem(
                "CONTAINER_OVERWEIGHT",
                path=f"containers[{index}]",
                number=container.number,
                gross=to_whole(total),
                limit=to_whole(limit),
            )


def packages_are_all_stowed(view: ShipmentView, ref: ReferenceFacts) -> Iterator[Problem]:
    if not view.containers:
        return
    stowed: dict[int, int] = defaultdict(int)
    for stow in view.stowage:
        stowed[stow.line_no] += stow.packages
    for index, line in enumerate(view.lines):
        if stowed[line.line_no] != (line.packages or 0):
            yield problem(
                "PACKAGES_NOT_STOWED",
                path=line_path(index, "packages"),
                line=line.line_no,
                stowed=stowed[line.line_no],
                packages=line.packages or 0,
            )


def incoterm_has_a_named_place_and_fits_the_route(
    view: ShipmentView, ref: ReferenceFacts
) -> Iterator[Problem]:
    shipment = view.shipment
    if not shipment.incoterm:
        yield problem("INCOTERM_MISSING", path="incoterm")
        return
    if not (shipment.incoterm_place_locode or shipment.incoterm_place_text):
        yield problem("NAMED_PLACE_MISSING", path="incoterm_place", incoterm=shipment.incoterm)
    elif shipment.incoterm_place_locode and shipment.incoterm_place_locode not in ref.known_locodes:
        yield problem(
            "LOCODE_UNKNOWN", path="incoterm_place_locode", value=shipment.incoterm_place_locode
        )
    if shipment.incoterm in ref.sea_only_incoterms and shipment.route_kind != RouteKind.SEA:
        severity = Severity.WARNING if shipment.route_kind == RouteKind.SEA_RAIL else None
        yield problem(
            "INCOTERM_MODE",
            path="incoterm",
            severity=severity,
            incoterm=shipment.incoterm,
            route=RouteKind(shipment.route_kind).label,
        )


def currencies_are_known(view: ShipmentView, ref: ReferenceFacts) -> Iterator[Problem]:
    shipment = view.shipment
    for name in ("currency", "freight_currency", "insurance_currency", "other_charges_currency"):
        value = getattr(shipment, name)
        if value and value not in ref.known_currencies:
            yield problem("CURRENCY_UNKNOWN", path=name, value=value)


def places_are_known(view: ShipmentView, ref: ReferenceFacts) -> Iterator[Problem]:
    shipment = view.shipment
    for name in ("origin_locode", "destination_locode", "loading_locode"):
        value = getattr(shipment, name)
        if value and value not in ref.known_locodes:
            yield problem("LOCODE_UNKNOWN", path=name, value=value)
    for index, value in enumerate(shipment.border_crossings or []):
        if value not in ref.known_locodes:
            yield problem("LOCODE_UNKNOWN", path=f"border_crossings[{index}]", value=value)
    for index, line in enumerate(view.lines):
        if line.origin_country and line.origin_country not in ref.known_countries:
            yield problem(
                "COUNTRY_UNKNOWN",
                path=line_path(index, "origin_country"),
                value=line.origin_country,
            )


def parties_are_present_and_identified(
    view: ShipmentView, ref: ReferenceFacts
) -> Iterator[Problem]:
    for role in ("consignor", "consignee"):
        if view.parties.get(role) is None:
            yield problem("PARTY_MISSING", path=f"parties.{role}")
    for role, party in view.parties.items():
        if party is None:
            continue
        yield from check_identifiers(
            country=party.country,
            uscc=party.uscc,
            uscc_checksum_confirmed=party.uscc_checksum_confirmed,
            eori=party.eori,
            vat_number=party.vat_number,
            path_prefix=f"parties.{role}.",
            eu_members=ref.eu_countries,
        )
        vat_country = party.vat_number[:2].upper()
        if party.vat_number and vat_country.isalpha() and vat_country != _vat_prefix(party.country):
            yield problem(
                "PARTY_VAT_COUNTRY",
                path=f"parties.{role}.vat_number",
                prefix=vat_country,
                country=party.country,
            )
    exporter = view.parties.get("consignor") or view.parties.get("seller")
    if (
        view.shipment.direction == Direction.EXPORT
        and exporter is not None
        and exporter.country == "CN"
        and not exporter.uscc
    ):
        yield problem("USCC_MISSING", path="parties.consignor.uscc")


def _vat_prefix(country: str) -> str:
    return "EL" if country == "GR" else country  # Greece uses EL on VAT numbers


def consignee_has_eori_for_the_eu(view: ShipmentView, ref: ReferenceFacts) -> Iterator[Problem]:
    consignee = view.parties.get("consignee")
    destination_country = view.shipment.destination_locode[:2]
    if consignee is not None and destination_country in ref.eu_countries and not consignee.eori:
        yield problem("EORI_MISSING", path="parties.consignee.eori")


def declared_elements_start_with_brand_and_preference(
    view: ShipmentView, ref: ReferenceFacts
) -> Iterator[Problem]:
    if view.shipment.direction != Direction.EXPORT:
        return
    for index, line in enumerate(view.lines):
        if not declared_elements_prefix_ok(line):
            yield problem(
                "DECLARED_ELEMENTS_PREFIX",
                path=line_path(index, "declared_elements"),
                line=line.line_no,
            )


def declared_elements_prefix_ok(line: GoodsLine) -> bool:
    parts = (line.declared_elements or "").split("|")
    return (
        len(parts) >= 3
        and parts[0] in BRAND_TYPES
        and parts[1] in EXPORT_PREFERENCES
        and (not line.brand_type or parts[0] == line.brand_type)
        and (not line.export_preference or parts[1] == line.export_preference)
    )


def quantities_have_known_units(view: ShipmentView, ref: ReferenceFacts) -> Iterator[Problem]:
    for index, line in enumerate(view.lines):
        if line.quantity is not None and not line.unit:
            yield problem("UNIT_MISSING", path=line_path(index, "unit"), line=line.line_no)
        elif line.unit and line.unit not in ref.known_units:
            yield problem("UNIT_UNKNOWN", path=line_path(index, "unit"), value=line.unit)


def dangerous_goods_have_a_valid_un_number(
    view: ShipmentView, ref: ReferenceFacts
) -> Iterator[Problem]:
    for index, line in enumerate(view.lines):
        if line.un_number and not UN_NUMBER.match(line.un_number):
            yield problem(
                "UN_NUMBER_INVALID", path=line_path(index, "un_number"), value=line.un_number
            )


def line_numbers_are_unique(view: ShipmentView, ref: ReferenceFacts) -> Iterator[Problem]:
    seen: set[int] = set()
    for index, line in enumerate(view.lines):
        if line.line_no in seen:
            yield problem("LINE_NO_DUPLICATE", path=line_path(index, "line_no"), line=line.line_no)
        seen.add(line.line_no)


def text_is_printable_and_reads_as_written(
    view: ShipmentView, ref: ReferenceFacts
) -> Iterator[Problem]:
    yield from stored_text_problems(view.shipment)
    for index, line in enumerate(view.lines):
        yield from stored_text_problems(line, f"lines[{index}].")
    for index, container in enumerate(view.containers):
        yield from stored_text_problems(container, f"containers[{index}].")
    seen: set[int] = set()
    for role, party in view.parties.items():
        if party is not None and party.pk not in seen:
            seen.add(party.pk)
            for found in stored_text_problems(party):
                yield Problem(found.code, found.severity, f"parties.{role}", found.message)


RULES: tuple[Rule, ...] = (
    hs_codes_are_known_subheadings,
    descriptions_fit_their_hs_codes,
    net_mass_within_gross,
    amount_is_quantity_times_price,
    lines_add_up_to_invoice_totals,
    container_numbers_and_types_are_valid,
    containers_within_max_gross,
    packages_are_all_stowed,
    incoterm_has_a_named_place_and_fits_the_route,
    currencies_are_known,
    places_are_known,
    parties_are_present_and_identified,
    consignee_has_eori_for_the_eu,
    declared_elements_start_with_brand_and_preference,
    quantities_have_known_units,
    dangerous_goods_have_a_valid_un_number,
    line_numbers_are_unique,
    text_is_printable_and_reads_as_written,
)


def run_rules(view: ShipmentView, ref: ReferenceFacts) -> list[Problem]:
    """Every finding: errors first, each group in the order of the rules."""
    found = [finding for rule in RULES for finding in rule(view, ref)]
    return sorted(found, key=lambda p: p.severity != Severity.ERROR)
