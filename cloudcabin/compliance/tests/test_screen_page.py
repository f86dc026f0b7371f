"""The agents' "screen a name" page."""

from __future__ import annotations

from datetime import date

import pytest

from cloudcabin.compliance.matching import name_key
from cloudcabin.compliance.models.lists import (
    EntityKind,
    ListedEntity,
    ListedName,
    ListSource,
    ListVersion,
    NameQuality,
)
from conftest import Tenants

PAGE = "/compliance/screen/"


@pytest.fixture
def listed(db: None) -> ListedEntity:
    version = ListVersion.objects.create(
        source=ListSource.US_CSL,
        published=date(2025, 6, 25),
        sha256="dc1c71ee8e97" + "0" * 52,
        entry_count=1,
        is_current=True,
    )
    entity = ListedEntity.objects.create(
        version=version,
        source_id="66f6ab3f",
        kind=EntityKind.ORGANIZATION,
        primary_name="Academy of Aerospace Solid Propulsion Technology",
        programmes=["Military End User (MEU) List - Bureau of Industry and Security"],
    )
    ListedName.objects.create(
        entity=entity,
        text=entity.primary_name,
        quality=NameQuality.PRIMARY,
        normalized=name_key(entity.primary_name),
    )
    return entity


def test_an_agent_screens_a_name_and_sees_the_list_version(
    tenants: Tenants, listed: ListedEntity
) -> None:
    agent = tenants.client_for(tenants.agent)
    response = agent.get(PAGE, {"name": "Academy of Aerospace Solid Propulsion Technology Co."})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="screen-candidate"' in page
    assert "1.00" in page
    assert "US Consolidated Screening List · 2025-06-25 · dc1c71ee8e97" in page
    assert "Military End User (MEU) List" in page


def test_an_unlisted_name_says_so(tenants: Tenants, listed: ListedEntity) -> None:
    response = tenants.client_for(tenants.agent).get(PAGE, {"name": "Duisburg Import GmbH"})
    assert 'data-testid="screen-none"' in response.content.decode()


@pytest.mark.parametrize("name", ["Co., Ltd.", "有限公司", "x" * 10_000])
def test_a_name_screening_cannot_use_is_refused_beside_the_field(
    tenants: Tenants, listed: ListedEntity, name: str
) -> None:
    response = tenants.client_for(tenants.agent).get(PAGE, {"name": name})
    assert response.status_code == 200
    assert response.context["form"].errors["name"]
    assert response.context["candidates"] is None


def test_a_customer_gets_404(tenants: Tenants, listed: ListedEntity) -> None:
    assert tenants.client_for(tenants.owner).get(PAGE, {"name": "x"}).status_code == 404
