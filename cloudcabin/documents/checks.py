"""Cross-document checks: the pack must agree with itself before it is issued.

Each check compares the ``Facts`` the documents state (read from the same data they
are rendered from) and yields Problems in the DESIGN.md §4 shape, path "documents.<kind>".
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal

from cloudcabin.documents.data import PackData
from cloudcabin.documents.kinds.base import Facts
from cloudcabin.documents.kinds.origin import certificate_lines_qualify
from cloudcabin.errors import Problem, problem

GROSS_TOLERANCE = Decimal("0.01")  # 1 %

Check = Callable[[list[Facts], PackData], Iterator[Problem]]


def same_parties_everywhere(facts: list[Facts], data: PackData) -> Iterator[Problem]:
    for role in ("consignor", "consignee"):
        stated = {f.kind: getattr(f, role) for f in facts if getattr(f, role)}
        if len(set(stated.values())) > 1:
            kinds = ", ".join(sorted(stated))
            yield problem(f"XDOC_{role.upper()}_DIFFERS", path=f"documents.{role}", kinds=kinds)


def gross_mass_within_one_percent(facts: list[Facts], data: PackData) -> Iterator[Problem]:
    stated = [f for f in facts if f.gross_kg is not None]
    if not stated:
        return
    reference = stated[0]
    for other in stated[1:]:
        assert reference.gross_kg is not None and other.gross_kg is not None
        base = max(reference.gross_kg, Decimal(1))
        if abs(other.gross_kg - reference.gross_kg) / base > GROSS_TOLERANCE:
            yield problem(
                "XDOC_GROSS_DIFFERS",
                path=f"documents.{other.kind}",
                kind=other.kind,
                gross=other.gross_kg,
                reference=reference.kind,
                expected=reference.gross_kg,
            )


def package_counts_equal(facts: list[Facts], data: PackData) -> Iterator[Problem]:
    stated = [f for f in facts if f.packages is not None]
    for other in stated[1:]:
        if other.packages != stated[0].packages:
            yield problem(
                "XDOC_PACKAGES_DIFFER",
                path=f"documents.{other.kind}",
                kind=other.kind,
                packages=other.packages,
                reference=stated[0].kind,
                expected=stated[0].packages,
            )


def amount_and_currency_equal(facts: list[Facts], data: PackData) -> Iterator[Problem]:
    stated = [f for f in facts if f.amount is not None]
    for other in stated[1:]:
        if (other.amount, other.currency) != (stated[0].amount, stated[0].currency):
            yield problem(
                "XDOC_AMOUNT_DIFFERS",
                path=f"documents.{other.kind}",
                kind=other.kind,
                amount=f"{other.amount} {other.currency}",
                expected=f"{stated[0].amount} {stated[0].currency}",
            )


def bill_number_is_the_consignment_note(facts: list[Facts], data: PackData) -> Iterator[Problem]:
    # Compared with the shipment's number too, not only with each other: two documents
    # agreeing on a number that is not the consignment note's are still wrong.
    expected = data.header.get("consignment_note_number") or ""
    numbers = {f.kind: f.bill_no for f in facts if f.bill_no is not None}
    if numbers and any(not number or number != expected for number in numbers.values()):
        yield problem(
            "XDOC_BILL_NO", path="consignment_note_number", kinds=", ".join(sorted(numbers))
        )


def crossings_follow_the_route(facts: list[Facts], data: PackData) -> Iterator[Problem]:
    # The rail note is the document naming border stations: on a route that also goes by
    # sea it names those of its rail part (the whole route's otherwise).
    route = tuple(place.locode for place in data.rail_crossings)
    for f in facts:
        if f.crossings is not None and f.crossings != route:
            yield problem("XDOC_CROSSINGS", path=f"documents.{f.kind}", kind=f.kind)


def routing_countries_follow_the_route(facts: list[Facts], data: PackData) -> Iterator[Problem]:
    route = tuple(data.routing_countries)
    for f in facts:
        if f.routing_countries is not None and f.routing_countries != route:
            yield problem("XDOC_ROUTING", path=f"documents.{f.kind}", kind=f.kind)


def hs_codes_have_six_digits(facts: list[Facts], data: PackData) -> Iterator[Problem]:
    for f in facts:
        short = [code for code in f.hs_codes if len(code) < 6 or not code.isdigit()]
        if short:
            yield problem(
                "XDOC_HS_SHORT", path=f"documents.{f.kind}", kind=f.kind, codes=", ".join(short)
            )


def attached_documents_are_in_the_pack(facts: list[Facts], data: PackData) -> Iterator[Problem]:
    present = {f.kind for f in facts}
    for f in facts:
        for kind in f.attached or ():
            if kind not in present:
                yield problem(
                    "XDOC_ATTACHMENT_MISSING", path=f"documents.{f.kind}", kind=f.kind, missing=kind
                )


def there_are_goods_and_containers(facts: list[Facts], data: PackData) -> Iterator[Problem]:
    # An empty shipment is not "ready": there is nothing to declare or to load.
    if not data.lines:
        yield problem("PACK_NO_LINES", path="lines")
    if not data.containers:
        yield problem("PACK_NO_CONTAINERS", path="containers")


CHECKS: tuple[Check, ...] = (
    there_are_goods_and_containers,
    same_parties_everywhere,
    gross_mass_within_one_percent,
    package_counts_equal,
    amount_and_currency_equal,
    bill_number_is_the_consignment_note,
    crossings_follow_the_route,
    routing_countries_follow_the_route,
    hs_codes_have_six_digits,
    attached_documents_are_in_the_pack,
    certificate_lines_qualify,
)


def check_pack(facts: list[Facts], data: PackData) -> list[Problem]:
    return [found for check in CHECKS for found in check(facts, data)]
