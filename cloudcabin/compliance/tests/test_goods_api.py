"""POST /api/v1/compliance/goods-check: the corridor scenarios and bad input."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from cloudcabin.compliance.goods.loading import load_goods_rules
from conftest import Tenants

URL = "/api/v1/compliance/goods-check"
EASTBOUND = {"export_country": "DE", "transit": ["PL", "BY", "RU", "KZ"], "destination": "CN"}


@pytest.fixture
def client(tenants: Tenants) -> Client:
    load_goods_rules()
    return tenants.client_for(tenants.owner)


def _post(client: Client, body: dict[str, Any]) -> Any:
    return client.post(URL, body, content_type="application/json")


def test_eastbound_processors_are_blocked_with_the_legal_reference_and_source(
    client: Client,
) -> None:
    answer = _post(
        client, {**EASTBOUND, "lines": [{"hs_code": "8542.31"}], "on_date": "2026-12-01"}
    )
    assert answer.status_code == 200
    body = answer.json()
    assert body["blocked"] is True and body["route"] == ["DE", "PL", "BY", "RU", "KZ", "CN"]
    block = body["findings"][0]
    assert (block["code"], block["severity"], block["effect"]) == (
        "GOODS_BLOCKED",
        "error",
        "block",
    )
    assert block["countries"] == ["RU"] and block["path"] == "lines[0].hs_code"
    assert "833/2014" in block["legal_ref"] and block["source_url"].startswith("https://")
    assert body["rules_in_force"] > 0 and body["on_date"] == "2026-12-01"


def test_full_width_digits_are_read_as_the_code_they_are(client: Client) -> None:
    full_width = "\uff18\uff15\uff14\uff12\uff0e\uff13\uff11"  # 8542.31
    body = _post(client, {**EASTBOUND, "lines": [{"hs_code": full_width}]}).json()
    assert body["blocked"] is True and body["findings"][0]["hs_code"] == "854231"


def test_westbound_chinese_processors_get_warnings_only(client: Client) -> None:
    body = _post(
        client,
        {
            "lines": [{"hs_code": "854231"}],
            "origin_country": "CN",
            "export_country": "CN",
            "transit": ["KZ", "RU", "BY"],
            "destination": "PL",
        },
    ).json()
    assert body["blocked"] is False and body["findings"]
    assert {f["severity"] for f in body["findings"]} == {"warning"}


def test_middle_corridor_bearings_need_the_clause(client: Client) -> None:
    body = _post(
        client,
        {
            "lines": [{"hs_code": "8482.10", "origin_country": "de"}],
            "export_country": "de",
            "transit": ["TR", "GE", "AZ"],
            "destination": "KZ",
        },
    ).json()
    assert body["blocked"] is False
    clause = [f for f in body["findings"] if f["effect"] == "clause"]
    assert clause and clause[0]["code"] == "GOODS_CLAUSE" and "12g" in clause[0]["legal_ref"]


@pytest.mark.parametrize(
    ("change", "code", "path"),
    [
        ({"lines": [{"hs_code": "abc"}]}, "GOODS_HS_INVALID", "lines[0].hs_code"),
        ({"lines": [{"hs_code": "八五四二"}]}, "GOODS_HS_INVALID", "lines[0].hs_code"),
        ({"lines": [{"hs_code": "٨٥٤٢٣١"}]}, "GOODS_HS_INVALID", "lines[0].hs_code"),
        ({"lines": [{"hs_code": "85"}]}, "GOODS_HS_INVALID", "lines[0].hs_code"),
        ({"lines": [{"hs_code": "8" * 10_000}]}, "INVALID", "lines[0].hs_code"),
        ({"lines": []}, "INVALID", "lines"),
        ({"export_country": "D1"}, "COUNTRY_UNKNOWN", "export_country"),
        ({"export_country": ""}, "COUNTRY_UNKNOWN", "export_country"),
        ({"transit": ["PL", "??"]}, "COUNTRY_UNKNOWN", "transit[1]"),
        ({"transit": ["PL"] * 31}, "INVALID", "transit"),
        ({"on_date": "yesterday"}, "INVALID", "on_date"),
        ({"lines": [{"hs_code": "8542\u202e31"}]}, "TEXT_BIDI_CONTROL", "lines[0].hs_code"),
    ],
)
def test_bad_input_is_a_422_naming_the_field(
    client: Client, change: dict[str, Any], code: str, path: str
) -> None:
    answer = _post(client, {**EASTBOUND, "lines": [{"hs_code": "854231"}], **change})
    assert answer.status_code == 422
    assert {"code": code, "path": path} in [
        {"code": e["code"], "path": e["path"]} for e in answer.json()["errors"]
    ]


def test_a_body_that_is_not_json_is_refused_not_a_500(client: Client) -> None:
    answer = client.post(URL, "{not json", content_type="application/json")
    assert 400 <= answer.status_code < 500 and answer.json()["errors"]


def test_the_check_needs_a_signed_in_member_or_an_api_key(tenants: Tenants) -> None:
    assert _post(Client(), {**EASTBOUND, "lines": [{"hs_code": "854231"}]}).status_code == 401
    key = tenants.api_key(tenants.owner)
    answer = Client().post(
        URL,
        {**EASTBOUND, "lines": [{"hs_code": "854231"}]},
        content_type="application/json",
        HTTP_X_API_KEY=key,
    )
    assert answer.status_code == 200
