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
