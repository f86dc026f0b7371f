"""POST /api/v1/compliance/screen: candidates cite their list version; bad input is a 4xx."""

from __future__ import annotations

# ruff: noqa: RUF001  (Cyrillic names on purpose)
from datetime import date

import pytest
from django.test import Client

from cloudcabin.compliance.matching import name_key
from cloudcabin.compliance.models.lists import (
    EntityKind,
    ListedEntity,
    ListedIdentifier,
    ListedName,
    ListSource,
    ListVersion,
    NameQuality,
)
from conftest import Tenants

API = "/api/v1/compliance/screen"
JSON = "application/json"


@pytest.fixture
def listed(db: None) -> ListedEntity:
    version = ListVersion.objects.create(
        source=ListSource.OFAC_NON_SDN,
        published=date(2025, 12, 19),
        sha256="6b8aed35e917" + "0" * 52,
        entry_count=1,
        is_current=True,
    )
    entity = ListedEntity.objects.create(
        version=version,
        source_id="17018",
        kind=EntityKind.ORGANIZATION,
        primary_name="PUBLIC JOINT STOCK COMPANY SBERBANK OF RUSSIA",
        programmes=["RUSSIA-EO14024"],
        legal_refs=["EO 14024"],
        addresses=[{"country": "RU", "city": "Moscow", "text": "Moscow"}],
    )
    for text, quality in (
        (entity.primary_name, NameQuality.PRIMARY),
        ("Сбербанк России", NameQuality.STRONG),
    ):
        ListedName.objects.create(
            entity=entity, text=text, quality=quality, normalized=name_key(text)
        )
    ListedIdentifier.objects.create(
        entity=entity, scheme="INN", value="7707083893", normalized="7707083893", country="RU"
    )
    return entity


@pytest.fixture
def owner(tenants: Tenants) -> Client:
    return tenants.client_for(tenants.owner)


def test_a_listed_name_is_a_hold_citing_list_version_and_programmes(
    owner: Client, listed: ListedEntity
) -> None:
    response = owner.post(API, {"name": "Sberbank of Russia PJSC"}, content_type=JSON)
    assert response.status_code == 200
    [candidate] = response.json()["candidates"]
    assert candidate["entity_id"] == listed.pk
    assert (candidate["score"], candidate["band"]) == ("1.00", "hold")
    assert candidate["version"] == {
        "id": listed.version_id,
        "list": "OFAC_NON_SDN",
        "list_name": "OFAC consolidated non-SDN lists",
        "published": "2025-12-19",
        "sha256": "6b8aed35e917",
    }
    assert (candidate["programmes"], candidate["legal_refs"]) == (["RUSSIA-EO14024"], ["EO 14024"])


def test_a_cyrillic_name_finds_the_entry(owner: Client, listed: ListedEntity) -> None:
    body = owner.post(API, {"name": "ПАО Сбербанк России"}, content_type=JSON).json()
    assert body["candidates"][0]["entity_id"] == listed.pk


def test_an_identifier_alone_is_enough(owner: Client, listed: ListedEntity) -> None:
    payload = {"identifiers": {"INN": "7707083893"}, "country": "RU"}
    body = owner.post(API, payload, content_type=JSON).json()
    [candidate] = body["candidates"]
    assert (candidate["entity_id"], candidate["band"]) == (listed.pk, "hold")


def test_mixed_scripts_get_an_answer(owner: Client, listed: ListedEntity) -> None:
    response = owner.post(API, {"name": "Иван Ivanov 王伟 محمد"}, content_type=JSON)
    assert response.status_code == 200
    assert response.json()["candidates"] == []


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ({"name": ""}, "SCREENING_QUERY_NAME_EMPTY"),
        ({"name": "Co., Ltd."}, "SCREENING_QUERY_NAME_EMPTY"),
        ({"name": "有限公司"}, "SCREENING_QUERY_NAME_EMPTY"),
        ({"name": "ООО"}, "SCREENING_QUERY_NAME_EMPTY"),
        ({"name": "x" * 10_000}, "INVALID"),
        ({"name": "Acme\u202eCorp"}, "TEXT_BIDI_CONTROL"),
        ({"name": "Acme", "country": "RUS"}, "INVALID"),
        ({"name": ["not", "text"]}, "INVALID"),
    ],
)
def test_bad_input_is_a_4xx_with_the_error_shape(
    owner: Client, listed: ListedEntity, payload: dict[str, object], code: str
) -> None:
    response = owner.post(API, payload, content_type=JSON)
    assert response.status_code == 422
    assert response.json()["errors"][0]["code"] == code


def test_screening_needs_a_signed_in_user(listed: ListedEntity) -> None:
    response = Client().post(API, {"name": "Sberbank"}, content_type=JSON)
    assert response.status_code == 401
