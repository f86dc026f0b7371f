"""The quote page marks the route options the goods may not travel, and avoiding the
countries that restrict them finds options that are not marked."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from cloudcabin.compliance.goods.loading import load_goods_rules
from cloudcabin.network.loading import load_network_data

QUERY = {
    "origin": "DEDUI",
    "destination": "CNXIA",
    "container_count": "1",
    "size_type": "40",
    "ready_date": "2026-12-01",
    "objective": "fastest",
}


@pytest.fixture
def seeded(db: None) -> None:
    load_network_data(force=True)
    load_goods_rules()


def _quote(query: dict[str, str]) -> str:
    return Client().get(reverse("network:quote"), query).content.decode()


def test_options_via_russia_are_marked_for_processors_and_avoiding_it_resolves_them(
    seeded: None,
) -> None:
    html = _quote({**QUERY, "hs_codes": "8542.31"})
    options = html.count('data-testid="route-option"')
    assert options >= 2 and html.count('data-restricted="true"') == options
    assert "may not travel this route" in html and "833/2014" in html
    resolve = re.search(r'href="([^"]+)" data-testid="goods-resolve"', html)
    assert resolve and resolve.group(1)
    url = unescape(resolve.group(1))
    assert "avoid_countries=RU" in url and "hs_codes=8542.31" in url

    avoided = Client().get(url).content.decode()
    assert avoided.count('data-testid="route-option"') >= 1
    assert 'data-restricted="true"' not in avoided
    # Still sold from the EU to China: the clause is noted, not a restriction.
    assert "a contract clause is required" in avoided


def test_without_hs_codes_or_for_unlisted_goods_nothing_is_marked(seeded: None) -> None:
    assert 'data-testid="goods-marks"' not in _quote(QUERY)
    assert 'data-testid="goods-marks"' not in _quote({**QUERY, "hs_codes": "9403.60"})


def test_a_bad_hs_code_is_shown_beside_the_field_not_a_500(seeded: None) -> None:
    full_width = _quote({**QUERY, "hs_codes": "\uff18\uff15\uff14\uff12\uff0e\uff13\uff11"})
    assert 'data-restricted="true"' in full_width
    response = Client().get(reverse("network:quote"), {**QUERY, "hs_codes": "85x2"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Give HS codes of 4 to 10 digits" in html
    assert 'data-testid="route-option"' not in html


def test_the_route_search_api_marks_the_options_for_the_goods(seeded: None) -> None:
    url = "/api/v1/network/routes/search"
    body = {"origin": "DEDUI", "destination": "CNXIA", "ready_date": "2026-12-01"}
    found = Client().post(url, {**body, "hs_codes": ["8542.31"]}, content_type="application/json")
    options = found.json()["options"]
    assert options and all(
        any(m["blocking"] and m["avoid"] == ["RU"] for m in o["goods_marks"]) for o in options
    )
    avoided = (
        Client()
        .post(
            url,
            {**body, "hs_codes": ["854231"], "avoid_countries": ["RU", "BY"]},
            content_type="application/json",
        )
        .json()["options"]
    )
    assert avoided and not any(m["blocking"] for o in avoided for m in o["goods_marks"])
    plain = Client().post(url, body, content_type="application/json").json()["options"]
    assert all(o["goods_marks"] == [] for o in plain)
    refused = Client().post(url, {**body, "hs_codes": ["85x2"]}, content_type="application/json")
    assert refused.status_code == 422
    assert [e["path"] for e in refused.json()["errors"]] == ["hs_codes"]
