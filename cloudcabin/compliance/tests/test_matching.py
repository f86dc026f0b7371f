"""Matching a party against the current lists: keys, scores, bands, identifiers."""

# ruff: noqa: RUF001  (Cyrillic names on purpose)

from __future__ import annotations

from decimal import Decimal

import pytest

from cloudcabin.compliance.matching import PartyQuery, name_key, screen, screen_many
from cloudcabin.compliance.models.lists import (
    EntityKind,
    ListedEntity,
    ListedIdentifier,
    ListedName,
    ListSource,
    ListVersion,
    NameQuality,
)


def _listed(
    version: ListVersion,
    source_id: str,
    *names: str,
    identifiers: tuple[tuple[str, str], ...] = (),
    country: str = "",
    weak: tuple[str, ...] = (),
) -> ListedEntity:
    entity = ListedEntity.objects.create(
        version=version,
        source_id=source_id,
        kind=EntityKind.ORGANIZATION,
        primary_name=names[0],
        addresses=[{"country": country, "city": "", "text": ""}] if country else [],
    )
    for number, text in enumerate(names):
        quality = NameQuality.PRIMARY if number == 0 else NameQuality.STRONG
        ListedName.objects.create(
            entity=entity, text=text, quality=quality, normalized=name_key(text)
        )
    for text in weak:
        ListedName.objects.create(
            entity=entity, text=text, quality=NameQuality.WEAK, normalized=name_key(text)
        )
    for scheme, value in identifiers:
        ListedIdentifier.objects.create(
            entity=entity, scheme=scheme, value=value, normalized=value.replace(" ", "").upper()
        )
    return entity


@pytest.fixture
def version(db: None) -> ListVersion:
    return ListVersion.objects.create(
        source=ListSource.OFAC_SDN, sha256="a" * 64, entry_count=3, is_current=True
    )


def test_legal_forms_in_latin_chinese_and_cyrillic_are_stripped_from_the_key() -> None:
    assert name_key("Anglo-Caribbean Co., Ltd.") == name_key("ANGLO CARIBBEAN")
    assert name_key("西安航天有限公司") == name_key("西安航天")
    assert name_key("ООО «Ромашка»") == name_key("Romashka LLC")
    assert name_key("ТОО Қазақ Темір") == name_key("Kazak Temir LLP")


def test_a_typo_inside_a_long_legal_form_still_strips_it() -> None:
    assert name_key("Korean Tangun Trading Ocrporation") == name_key("KOREAN TANGUN TRADING")
    assert name_key("CNOOC Zimited") == name_key("CNOOC")
    assert name_key("Limitless Trading") != name_key("Trading")


def test_a_name_of_only_legal_forms_has_an_empty_key() -> None:
    assert name_key("Co., Ltd.") == ""
    assert name_key("有限公司") == ""
    assert name_key("ООО") == ""


def test_the_exact_primary_name_is_a_hold(version: ListVersion) -> None:
    entity = _listed(version, "1", "BANCO NACIONAL DE CUBA")
    [found] = screen(PartyQuery(name="Banco Nacional de Cuba"))
    assert (found.entity_id, found.version_id) == (entity.pk, version.pk)
    assert (found.score, found.band) == (Decimal("1.00"), "hold")


def test_word_order_punctuation_and_a_typo_still_review_or_hold(version: ListVersion) -> None:
    _listed(version, "1", "ANGLO-CARIBBEAN CO., LTD.")
    [found] = screen(PartyQuery(name="Caribbean Anglo Ltd"))
    assert found.band == "hold"
    [typo] = screen(PartyQuery(name="Anglo-Carribean Company Limited"))
    assert typo.score >= Decimal("0.85")


def test_a_cyrillic_query_finds_the_latin_listed_name(version: ListVersion) -> None:
    _listed(version, "1", "MEDVEDEV, Dmitry")
    [found] = screen(PartyQuery(name="Дмитрий Медведев"))
    assert found.score >= Decimal("0.85")


def test_a_chinese_query_finds_its_pinyin_alias(version: ListVersion) -> None:
    _listed(version, "1", "XI'AN AEROSPACE PROPULSION", "Xian Hangtian")
    [found] = screen(PartyQuery(name="西安航天有限公司"))
    assert found.matched_name == "Xian Hangtian"
    assert found.band == "hold"


def test_one_word_of_a_longer_listed_name_is_not_a_review(version: ListVersion) -> None:
    _listed(version, "1", "MOSCOW INDUSTRIAL BANK")
    assert all(found.score < Decimal("0.85") for found in screen(PartyQuery(name="Moscow")))


def test_an_unrelated_name_is_no_candidate(version: ListVersion) -> None:
    _listed(version, "1", "BANCO NACIONAL DE CUBA")
    assert screen(PartyQuery(name="Duisburg Import GmbH")) == []


def test_an_equal_identifier_holds_even_when_the_name_differs(version: ListVersion) -> None:
    entity = _listed(version, "1", "JSC ROSSIYA", identifiers=(("INN", "7744001497"),))
    [found] = screen(PartyQuery(name="Some Trading", identifiers={"inn": "7744 001 497"}))
    assert found.entity_id == entity.pk
    assert found.band == "hold"
    assert any("7744001497" in reason for reason in found.reasons)


def test_a_weak_alias_never_holds_alone(version: ListVersion) -> None:
    _listed(version, "1", "BANCO NACIONAL DE CUBA", weak=("BNC",))
    [found] = screen(PartyQuery(name="BNC"))
    assert found.band == "review"


def test_only_current_versions_are_screened(version: ListVersion) -> None:
    old = ListVersion.objects.create(source=ListSource.UN, sha256="b" * 64)
    _listed(old, "1", "OLD LISTED NAME")
    assert screen(PartyQuery(name="Old Listed Name")) == []


def test_empty_long_and_legal_form_only_names_give_no_candidates(version: ListVersion) -> None:
    _listed(version, "1", "BANCO NACIONAL DE CUBA")
    assert screen_many(
        [PartyQuery(name=""), PartyQuery(name="Co., Ltd."), PartyQuery(name="x" * 10_000)]
    ) == [[], [], []]
