"""RCEP rules of origin as arithmetic: regional value content and change of tariff heading.

Pure functions over Decimals (trade-documents.md §3d, RCEP Art. 3.5 and 3.7):

- build-down (indirect): RVC = (FOB - VNM) / FOB * 100
- build-up (direct):     RVC = (VOM + direct costs) / FOB * 100, where the direct costs are
  direct labour + direct overhead + profit + other costs (zero reduces it to VOM / FOB)
- RVC40 is met when RVC ≥ 40 %.
- CC / CTH / CTSH: every non-originating material's HS chapter (2 digits) / heading
  (4) / subheading (6) differs from the product's.
- PE: every material is originating. WO (wholly obtained) cannot be proven from a bill
  of materials; it is accepted as declared unless a non-originating material is listed.
- De minimis (Art. 3.7): a tariff-change test still passes when the non-originating
  materials that fail it are worth at most 10 % of FOB. For HS chapters 50-63 the
  agreement measures that share by weight, which we do not hold, so there it is not
  applied.

Product-specific rules (Annex 3A) are data: ``rcep_psr.csv`` beside this module, one row per HS
subheading, heading or chapter as the Annex lists it, each with the page it was read
from. A claim of CC/CTH/CTSH/RVC40 must be one the good's rule allows (a change at a
wider level satisfies a narrower one: CC ⊃ CTH ⊃ CTSH); WO and PE confer origin on
every tariff line (Annex 3A headnote 2), so they need no row.

Rounding, written down once: the comparison with 40 % uses the unrounded quotient;
the printed percentage is cut (numbers.percent_cut) to two decimals, so a printed "40.00" is
never a fail and a printed "39.99" never a pass. Materials of undetermined origin are
entered as non-originating (Art. 3.5 value rules).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum
from functools import cache
from pathlib import Path

from cloudcabin.numbers import percent_cut

ZERO = Decimal(0)
HUNDRED = Decimal(100)
RVC_THRESHOLD = Decimal(40)
DE_MINIMIS_SHARE = Decimal("0.10")
TEXTILE_CHAPTERS = range(50, 64)
PSR_FILE = Path(__file__).resolve().parent / "rcep_psr.csv"


class Criterion(StrEnum):
    WO = "WO"
    PE = "PE"
    CC = "CC"
    CTH = "CTH"
    CTSH = "CTSH"
    RVC40 = "RVC40"


# The width of the HS code each tariff-change criterion compares.
TARIFF_CHANGE_WIDTH = {Criterion.CC: 2, Criterion.CTH: 4, Criterion.CTSH: 6}

# Box 10 of Form RCEP states the kind of criterion, not our finer claim
# (filing-notes.md §d): CC/CTH/CTSH are all "CTC", RVC40 is "RVC".
BOX_10_CODES = {
    Criterion.WO: "WO",
    Criterion.PE: "PE",
    Criterion.CC: "CTC",
    Criterion.CTH: "CTC",
    Criterion.CTSH: "CTC",
    Criterion.RVC40: "RVC",
}
DE_MINIMIS_CODE = "DMI"


def box_10_code(claimed: str, de_minimis: tuple[str, ...] = ()) -> str:
    """What box 10 prints for a claim: "CTC", "RVC", …, plus "DMI" when de minimis was needed."""
    code = BOX_10_CODES.get(Criterion(claimed), "") if claimed in Criterion.__members__ else ""
    if code and claimed in de_minimis:
        return f"{code}, {DE_MINIMIS_CODE}"
    return code


class RvcMethod(StrEnum):
    BUILD_DOWN = "build_down"
    BUILD_UP = "build_up"


@dataclass(frozen=True)
class Material:
    description: str
    hs_code: str
    value: Decimal
    originating: bool
    origin_country: str = ""


@dataclass(frozen=True)
class Product:
    hs_code: str
    fob: Decimal | None  # None when the FOB value is not known
    materials: tuple[Material, ...] = ()
    direct_costs: Decimal = ZERO  # labour + overhead + profit + other, for build-up


@dataclass(frozen=True)
class OriginResult:
    claimed: str  # the criterion the exporter claims, "" if none
    method: str
    fob: Decimal | None
    vnm: Decimal  # value of non-originating materials
    vom: Decimal  # value of originating materials
    rvc_build_down: Decimal | None  # percent, cut to two decimals
    rvc_build_up: Decimal | None
    met: tuple[str, ...]  # every criterion the figures satisfy
    de_minimis: tuple[str, ...] = ()  # tariff-change criteria met only through de minimis
    failing: dict[str, tuple[str, ...]] = field(default_factory=dict)  # criterion → materials
    reason: str = ""  # why the claimed criterion is not met, in plain words

    @property
    def rvc(self) -> Decimal | None:
        """The RVC by the method chosen for the line."""
        if self.method == RvcMethod.BUILD_UP:
            return self.rvc_build_up
        return self.rvc_build_down

    @property
    def claimed_is_met(self) -> bool:
        return bool(self.claimed) and self.claimed in self.met


def rvc_build_down(fob: Decimal, vnm: Decimal) -> Decimal:
    """(FOB - VNM) / FOB * 100, unrounded."""
    return (fob - vnm) / fob * HUNDRED


def rvc_build_up(fob: Decimal, vom: Decimal, direct_costs: Decimal = ZERO) -> Decimal:
    """(VOM + direct costs) / FOB * 100, unrounded."""
    return (vom + direct_costs) / fob * HUNDRED


def _digits(code: str) -> str:
    return "".join(ch for ch in code if ch.isdigit())


def _name(material: Material) -> str:
    return material.description or material.hs_code


def _tariff_change(product: Product, width: int) -> tuple[Material, ...]:
    """Non-originating materials that stay in the product's HS chapter/heading/subheading."""
    own = _digits(product.hs_code)[:width]
    return tuple(
        material
        for material in product.materials
        if not material.originating and _digits(material.hs_code)[:width] == own
    )


def _de_minimis_allows(product: Product, failing: tuple[Material, ...]) -> bool:
    chapter = _digits(product.hs_code)[:2]
    if not failing or product.fob is None or product.fob <= 0:
        return False
    if chapter.isdigit() and int(chapter) in TEXTILE_CHAPTERS:
        return False  # measured by weight there: not applied (see module docstring)
    return sum((m.value for m in failing), ZERO) <= product.fob * DE_MINIMIS_SHARE


def evaluate(
    product: Product, claimed: str = "", method: str = RvcMethod.BUILD_DOWN
) -> OriginResult:
    """Every RCEP test the bill of materials allows, and whether the claim holds."""
    vnm = sum((m.value for m in product.materials if not m.originating), ZERO)
    vom = sum((m.value for m in product.materials if m.originating), ZERO)
    met: list[str] = []
    de_minimis: list[str] = []
    failing: dict[str, tuple[str, ...]] = {}

    all_originating = all(m.originating for m in product.materials)
    if all_originating:
        met += [Criterion.WO, Criterion.PE]
    else:
        failing[Criterion.PE] = tuple(_name(m) for m in product.materials if not m.originating)
        failing[Criterion.WO] = failing[Criterion.PE]

    for criterion, width in ((Criterion.CC, 2), (Criterion.CTH, 4), (Criterion.CTSH, 6)):
        staying = _tariff_change(product, width)
        if not staying:
            met.append(criterion)
        elif _de_minimis_allows(product, staying):
            met.append(criterion)
            de_minimis.append(criterion)
        else:
            failing[criterion] = tuple(_name(m) for m in staying)

    down = up = None
    if product.fob is not None and product.fob > 0:
        exact_down = rvc_build_down(product.fob, vnm)
        exact_up = rvc_build_up(product.fob, vom, product.direct_costs)
        down, up = percent_cut(exact_down), percent_cut(exact_up)
        exact = exact_up if method == RvcMethod.BUILD_UP else exact_down
        if exact >= RVC_THRESHOLD:
            met.append(Criterion.RVC40)

    result = OriginResult(
        claimed=claimed,
        method=method,
        fob=product.fob,
        vnm=vnm,
        vom=vom,
        rvc_build_down=down,
        rvc_build_up=up,
        met=tuple(str(c) for c in met),
        de_minimis=tuple(str(c) for c in de_minimis),
        failing={str(k): v for k, v in failing.items()},
    )
    return _with_reason(result)


def _with_reason(result: OriginResult) -> OriginResult:
    claimed = result.claimed
    if not claimed or result.claimed_is_met:
        return result
    if claimed == Criterion.RVC40:
        if result.fob is None or result.fob <= 0:
            reason = "FOB value not given"
        else:
            reason = f"RVC {result.rvc} % is below {RVC_THRESHOLD} %"
    elif claimed in result.failing:
        reason = "non-originating: " + ", ".join(result.failing[claimed])
    else:
        reason = f"unknown criterion {claimed}"
    return replace(result, reason=reason)


@dataclass(frozen=True)
class ProductRule:
    """One row of RCEP Annex 3A: the alternatives that confer origin on a good."""

    hs: str  # 2, 4 or 6 digits: the chapter, heading or subheading the row covers
    hs2012: str  # as the Annex prints it (the Annex is in HS 2012)
    description: str
    alternatives: tuple[str, ...]  # e.g. ("CTSH", "RVC40")
    source: str

    @property
    def text(self) -> str:
        return " or ".join(self.alternatives)


@cache
def product_rules() -> dict[str, ProductRule]:
    with PSR_FILE.open(encoding="utf-8", newline="") as handle:
        return {
            row["hs"]: ProductRule(
                hs=row["hs"],
                hs2012=row["hs2012"],
                description=row["description"],
                alternatives=tuple(part.strip() for part in row["rule"].split(" or ")),
                source=row["source"],
            )
            for row in csv.DictReader(handle)
        }


def product_rule(hs_code: str) -> ProductRule | None:
    """The most specific row for a good: its subheading, else heading, else chapter."""
    digits = _digits(hs_code)
    rules = product_rules()
    for width in (6, 4, 2):
        found = rules.get(digits[:width]) if len(digits) >= width else None
        if found is not None:
            return found
    return None


def needs_product_rule(claimed: str) -> bool:
    """WO and PE apply to all tariff lines (Annex 3A headnote 2); the others need a row."""
    return claimed not in (Criterion.WO, Criterion.PE)


def rule_allows(rule: ProductRule, claimed: str) -> bool:
    """Whether a met claim satisfies one of the rule's alternatives."""
    if not needs_product_rule(claimed):
        return True
    for alternative in rule.alternatives:
        if alternative == claimed:
            return True
        wide = (
            TARIFF_CHANGE_WIDTH.get(Criterion(claimed))
            if claimed in Criterion.__members__
            else None
        )
        narrow = (
            TARIFF_CHANGE_WIDTH.get(Criterion(alternative))
            if alternative in Criterion.__members__
            else None
        )
        # CC (a change of chapter) is also a change of heading and of subheading.
        if wide is not None and narrow is not None and wide <= narrow:
            return True
    return False
