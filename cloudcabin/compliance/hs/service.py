"""``suggest_hs``: five HS candidates for a goods description, the organization's own first.

1. The organization's confirmed lines (``memory``): a code it declared in an issued pack
   for the same normalised description ranks first, then codes of similar descriptions.
2. Lexical ranking over HS 2022 and China's names (``lexical``) fills the rest.
3. Each candidate carries its HS 2022 subheading and a China 8-digit code, names in
   English and Chinese, a score (0–1) and the reason; a code that is not an HS 2022
   subheading (a confirmed line from an older edition) is flagged, never hidden.
4. When the two best differ by a property (material, use…), the question that decides.

Reads only: nothing is saved. The tariff index is the process-wide one of the shipment
checks, built once and rebuilt only when the reference data changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _

from cloudcabin.accounts.models import Organization
from cloudcabin.compliance.hs import lexical, memory, query
from cloudcabin.compliance.hs.question import Deciding, deciding_question
from cloudcabin.compliance.hs.vocabulary import Material, matches, materials, product_terms
from cloudcabin.errors import ProblemError
from cloudcabin.numbers import to_places
from cloudcabin.reference.models import HsCode, HsLevel, NationalCode
from cloudcabin.reference.text import bigrams, has_han, normalise
from cloudcabin.shipments.selectors import tariff_index

LIMIT = 5
MAX_TEXT = 1000
ZH_SEPARATOR = "\uff1b"
LANGUAGE = re.compile(r"[a-zA-Z]{2,3}([-_][a-zA-Z0-9]{2,8})*")


@dataclass(frozen=True)
class Candidate:
    hs6: str
    national_code: str  # China 8-digit code, "" when none is known under the subheading
    name_en: str
    name_zh: str
    score: Decimal  # 0.00–1.00
    source: str  # "confirmed" | "tariff"
    reason: str
    in_hs2022: bool


@dataclass(frozen=True)
class Suggestions:
    text: str
    language: str
    candidates: tuple[Candidate, ...]
    question: Deciding | None


def _checked(text: str, language: str) -> tuple[str, str]:
    cleaned = (text or "").strip()
    if not cleaned:
        raise ProblemError.of("REQUIRED", path="text")
    if len(cleaned) > MAX_TEXT:
        raise ProblemError.of("TOO_LONG", path="text", limit=MAX_TEXT)
    language = (language or "").strip()
    if language and not LANGUAGE.fullmatch(language):
        raise ProblemError.of(
            "INVALID", path="language", detail=_("Give a language tag such as en or zh.")
        )
    return cleaned, language or ("zh" if has_han(cleaned) else "")


def _national(
    hs6: str, wanted: str, text: str, names: dict[str, list[NationalCode]]
) -> NationalCode | None:
    """The China code under ``hs6``: the one confirmed, else the one whose names share most
    with the description, else the first."""
    under = names.get(hs6, [])
    for code in under:
        if wanted and code.code == wanted[:8]:
            return code
    if not under:
        return None
    words = set(normalise(text).split())
    pieces = {piece for word in words if has_han(word) for piece in bigrams(word)}

    def overlap(code: NationalCode) -> int:
        english = set(normalise(code.name_en).split())
        return len(words & english) + sum(piece in code.name_zh for piece in pieces)

    return max(under, key=lambda code: (overlap(code), -int(code.code)))


def _confirmed_reason(found: memory.Confirmed) -> str:
    when = found.last_issued.date().isoformat()
    if found.exact:
        return _(
            "Your company declared this description under this code in %(n)d issued "
            "pack(s), last on %(date)s."
        ) % {"n": found.times, "date": when}
    return _(
        "Your company declared a similar description (“%(description)s”) under this "
        "code, last on %(date)s."
    ) % {"description": found.description, "date": when}


def _material_name(material: Material) -> str:
    chinese = (translation.get_language() or "").startswith("zh")
    return material.family_zh if chinese else material.family


def _tariff_reason(ranked: lexical.Ranked) -> str:
    if ranked.catch_all and ranked.material:
        return _(
            "Articles of %(material)s not specified elsewhere: the fallback when nothing "
            "more specific fits."
        ) % {"material": _material_name(ranked.material)}
    words = "; ".join(sorted(ranked.words))[:160]
    reason = (
        _("The tariff's wording matches “%(words)s”.") % {"words": words}
        if words
        else _("Some words of the description match the tariff's wording.")
    )
    if ranked.material:
        reason += " " + _("Its text names the material (%(material)s).") % {
            "material": _material_name(ranked.material)
        }
    return reason


def suggest_hs(text: str, language: str, organization: Organization) -> Suggestions:
    """Five HS 2022 candidates for ``text`` (any language), the organization's own first."""
    cleaned, language = _checked(text, language)
    read = query.read(cleaned)
    picks: list[tuple[str, str, Decimal, str, str]] = []  # hs6, national, score, source, reason
    for found in memory.confirmed_for(organization, read.normalised, LIMIT):
        score = (
            Decimal("1.00") if found.exact else to_places(Decimal(str(0.9 * found.similarity)), 2)
        )
        picks.append((found.hs6, found.national_code, score, "confirmed", _confirmed_reason(found)))
    taken = {hs6 for hs6, *_ in picks}
    index = tariff_index()
    for ranked in lexical.rank(index, read, LIMIT + len(picks)):
        if len(picks) >= LIMIT:
            break
        if ranked.code in taken:
            continue
        score = to_places(Decimal(str(min(ranked.score, 0.99))), 2)
        picks.append((ranked.code, "", score, "tariff", _tariff_reason(ranked)))
        taken.add(ranked.code)
    codes = [hs6 for hs6, *_ in picks]
    described = dict(
        HsCode.objects.filter(code__in=codes, level=HsLevel.SUBHEADING).values_list(
            "code", "description"
        )
    )
    names: dict[str, list[NationalCode]] = {}
    for code in NationalCode.objects.filter(hs6_id__in=codes).order_by("code"):
        names.setdefault(str(code.hs6_id), []).append(code)
    # The China code is chosen by the description in the tariff's wording too (笔记本电脑 →
    # 便携式自动数据处理设备 picks 84713090, not 平板电脑).
    wording = " ".join(
        [
            cleaned,
            *(synonym.expansion for term, synonym in index.synonyms if term in read.normalised),
        ]
        + [term.expansion for term in matches(read.normalised, product_terms())]
    )
    candidates = []
    for hs6, national, score, source, reason in picks:
        in_hs2022 = hs6 in described
        chosen = _national(hs6, national, wording, names)
        if not in_hs2022:
            reason += " " + _(
                "%(code)s is not an HS 2022 subheading: check it against the current tariff."
            ) % {"code": hs6}
        candidates.append(
            Candidate(
                hs6=hs6,
                national_code=chosen.code if chosen else national[:8],
                name_en=described.get(hs6, ""),
                name_zh=chosen.name_zh
                if chosen
                else ZH_SEPARATOR.join(n.name_zh for n in names.get(hs6, [])[:2]),
                score=score,
                source=source,
                reason=reason,
                in_hs2022=in_hs2022,
            )
        )
    question = None
    if len(candidates) >= 2 and candidates[0].hs6 != candidates[1].hs6:
        question = deciding_question(candidates[0].name_en, candidates[1].name_en)
    return Suggestions(cleaned, language, tuple(candidates), question)


def warm_up() -> None:
    """Build the process's tariff index and word lists now (a worker calls it before it
    takes requests), so that no request pays for them."""
    tariff_index()
    product_terms()
    materials()
