"""The reference API: auth, search, lookups and the error shape."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.usefixtures("reference_data")

BASE = "/api/v1/reference"


@pytest.fixture
def api(tenants):
    key = tenants.api_key(access="read_only")
    return Client(headers={"X-API-Key": key})


def test_it_requires_an_api_key_or_a_session(db):
    response = Client().get(f"{BASE}/hs", {"q": "solar cells"})
    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "AUTH_REQUIRED"


def test_hs_search_returns_ranked_hits(api):
    response = api.get(f"{BASE}/hs", {"q": "solar cells", "limit": 5})
    assert response.status_code == 200
    codes = [hit["code"] for hit in response.json()]
    assert {"854142", "854143"} <= set(codes[:3])


def test_a_too_short_query_is_a_400_in_the_errors_shape(api):
    response = api.get(f"{BASE}/hs", {"q": "x"})
    assert response.status_code == 400
    assert response.json() == {
        "errors": [
            {
                "code": "QUERY_TOO_SHORT",
                "severity": "error",
                "path": "q",
                "message": "Type at least 2 characters.",
            }
        ]
    }
    assert api.get(f"{BASE}/places", {"q": ""}).status_code == 400


def test_a_limit_over_the_cap_is_a_422(api):
    response = api.get(f"{BASE}/hs", {"q": "solar", "limit": 500})
    assert response.status_code == 422
    assert response.json()["errors"][0]["path"] == "limit"


def test_hs_detail_lists_the_national_codes(api):
    response = api.get(f"{BASE}/hs/8541.42")
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == "854142"
    assert body["parent"] == "8541"
    assert body["section"] == "XVI"
    assert [n["code"] for n in body["national_codes"]] == ["85414200"]


def test_unknown_codes_are_404_in_the_errors_shape(api):
    unknown = [(f"{BASE}/hs/999999", "HS_UNKNOWN"), (f"{BASE}/places/ZZZZZ", "LOCODE_UNKNOWN")]
    for url, code in unknown:
        response = api.get(url)
        assert response.status_code == 404
        assert response.json()["errors"][0]["code"] == code


def test_place_search_and_detail(api):
    hits = api.get(f"{BASE}/places", {"q": "Duisburg"}).json()
    assert hits[0]["locode"] == "DEDUI"
    detail = api.get(f"{BASE}/places/DEDUI").json()
    assert detail["latitude"] == "51.4667"
    assert detail["function"] == "1234----"


@pytest.mark.parametrize(
    ("path", "minimum"),
    [
        ("/countries", 249),
        ("/currencies", 150),
        ("/container-types", 715),
        ("/customs-codes", 97),
        ("/customs-codes?table=supervision_mode", 25),
        ("/customs-units", 27),
    ],
)
def test_list_endpoints_answer_in_a_few_queries(api, django_assert_max_num_queries, path, minimum):
    with django_assert_max_num_queries(6):  # auth (key lookup, touch) + one list query
        response = api.get(f"{BASE}{path}")
    assert response.status_code == 200
    assert len(response.json()) >= minimum


def test_an_unknown_customs_table_is_a_422(api):
    assert api.get(f"{BASE}/customs-codes", {"table": "nope"}).status_code == 422


def test_container_types_carry_decimals_as_strings(api):
    types = {row["code"]: row for row in api.get(f"{BASE}/container-types").json()}
    assert types["22G1"]["teu"] == "1.00"
    assert types["22G1"]["typical_tare_kg"] == "2300.0"


def test_a_signed_in_member_can_use_the_api_from_the_browser(tenants):
    client = tenants.client_for(tenants.owner)
    assert client.get(f"{BASE}/places", {"q": "xian"}).json()[0]["locode"] == "CNXIA"


@pytest.mark.parametrize(
    ("table", "code"),
    [
        ("customs_district", "9404"),
        ("domestic_port", "650302"),
        ("domestic_region", "61019"),
        ("admin_division", "610100"),
        ("duty_mode", "1"),
        ("licence_document", "A"),
        ("edoc", "00000001"),
        ("destination_port", "DEU039"),
        ("purpose", "11"),
    ],
)
def test_customs_codes_list_the_single_window_tables(api, table, code):
    response = api.get(f"{BASE}/customs-codes", {"table": table})
    assert response.status_code == 200
    assert code in {row["code"] for row in response.json()}
    assert {row["table"] for row in response.json()} == {table}


def test_customs_codes_carry_the_place_they_serve(api):
    rows = api.get(f"{BASE}/customs-codes", {"table": "customs_district", "q": "9404"}).json()
    assert rows[0] == {
        "table": "customs_district",
        "code": "9404",
        "name_zh": "阿拉山口",
        "name_en": "",
        "locode": "CNAKL",
    }


def test_customs_code_search_puts_code_prefix_hits_before_name_hits(api):
    rows = api.get(f"{BASE}/customs-codes", {"table": "customs_district", "q": "94"}).json()
    assert [row["code"] for row in rows[:3]] == ["9400", "9401", "9402"]
    assert all(row["code"].startswith("94") for row in rows)


def test_customs_code_search_finds_chinese_and_english_names_across_tables(api):
    rows = api.get(f"{BASE}/customs-codes", {"q": "阿拉山口"}).json()
    found = {(row["table"], row["code"]) for row in rows}
    assert {("customs_district", "9404"), ("domestic_port", "650302")} <= found
    english = api.get(f"{BASE}/customs-codes", {"table": "destination_port", "q": "duisburg"})
    assert [row["code"] for row in english.json()] == ["DEU039"]


def test_customs_code_search_returns_twenty_hits_unless_asked_for_more(
    api, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        rows = api.get(f"{BASE}/customs-codes", {"table": "admin_division", "q": "6"}).json()
    assert len(rows) == 20
    more = api.get(f"{BASE}/customs-codes", {"table": "admin_division", "q": "6", "limit": 50})
    assert len(more.json()) == 50


def test_a_national_code_shows_legal_units_and_ten_digit_codes(api, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):  # auth (2) + code, units, CIQ rows
        response = api.get(f"{BASE}/national-codes/84713010")
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == "84713010"
    assert body["hs6"] == "847130"
    assert body["first_unit"] == {"code": "001", "name_zh": "台"}
    assert body["second_unit"] == {"code": "035", "name_zh": "千克"}
    assert body["ten_digit_codes"][0]["code"] == "8471301000"
    assert [ciq["code"] for ciq in body["ten_digit_codes"][0]["ciq_codes"]] == ["101", "102"]


def test_a_ten_digit_code_answers_with_its_eight_digit_code(api):
    body = api.get(f"{BASE}/national-codes/8708.30.1000").json()
    assert (body["code"], body["name_zh"]) == ("87083010", "装在蹄片上的制动摩擦片")
    assert body["first_unit"] == {"code": "035", "name_zh": "千克"}
    assert body["second_unit"] is None
    assert body["ten_digit_codes"] == [
        {"code": "8708301000", "ciq_codes": [{"code": "999", "name_zh": "装在蹄片上的制动摩擦片"}]}
    ]


def test_a_code_outside_the_ciq_table_has_units_but_no_ten_digit_codes(api):
    body = api.get(f"{BASE}/national-codes/85414300").json()
    assert body["first_unit"] == {"code": "007", "name_zh": "个"}
    assert body["second_unit"] == {"code": "035", "name_zh": "千克"}
    assert body["ten_digit_codes"] == []


@pytest.mark.parametrize("code", ["99999999", "8541430", "abc", "854143000000"])
def test_an_unknown_national_code_is_a_404_in_the_errors_shape(api, code):
    response = api.get(f"{BASE}/national-codes/{code}")
    assert response.status_code == 404
    assert response.json() == {
        "errors": [
            {"code": "NOT_FOUND", "severity": "error", "path": "code", "message": "Not found."}
        ]
    }
