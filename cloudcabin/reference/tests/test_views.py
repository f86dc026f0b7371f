"""The demo page, the htmx suggest fragments and the admin."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from cloudcabin.accounts.models import User
from cloudcabin.reference.models import CustomsCode

pytestmark = pytest.mark.usefixtures("reference_data")


def test_suggest_fragments_need_a_signed_in_user(db):
    for name in ("reference:hs_suggest", "reference:places_suggest", "reference:search"):
        response = Client().get(reverse(name), {"q": "solar"})
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_the_hs_fragment_lists_options_with_code_and_both_languages(tenants):
    client = tenants.client_for(tenants.owner)
    response = client.get(reverse("reference:hs_suggest"), {"q": "太阳能电池"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-value="854142"' in html
    assert "photovoltaic cells" in html
    assert "光电池" in html


def test_the_fragment_reads_the_widget_field_and_is_empty_for_one_letter(tenants):
    client = tenants.client_for(tenants.owner)
    url = reverse("reference:places_suggest")
    html = client.get(url, {"field": "locode", "locode": "Duisburg"}).content.decode()
    assert 'data-value="DEDUI"' in html
    assert client.get(url, {"q": "D"}).content == b""


def test_the_demo_page_shows_both_widgets(tenants):
    html = tenants.client_for(tenants.owner).get(reverse("reference:search")).content.decode()
    assert "Reference data search" in html
    assert 'name="hs_code"' in html
    assert 'name="locode"' in html
    assert 'hx-trigger="input changed delay:200ms, search"' in html


@pytest.mark.parametrize(
    "model",
    [
        "hssection",
        "hscode",
        "nationalcode",
        "country",
        "currency",
        "location",
        "containergroup",
        "containertype",
        "customscode",
        "ciqcode",
        "customsunit",
        "searchsynonym",
        "referencedataset",
        "eumemberstate",
        "rcepparty",
        "railwaycountry",
        "railstation",
    ],
)
def test_admin_changelists_load_for_a_superuser(db, model):
    admin = User.objects.create_superuser("root@operator.example", "pw-not-used-4-tests")
    client = Client()
    client.force_login(admin)
    response = client.get(reverse(f"admin:reference_{model}_changelist"), {"q": "85"})
    assert response.status_code == 200


def _admin_client() -> Client:
    admin = User.objects.create_superuser("root@operator.example", "pw-not-used-4-tests")
    client = Client()
    client.force_login(admin)
    return client


def test_the_customs_code_changelist_filters_by_table_and_edits_the_place(db):
    response = _admin_client().get(
        reverse("admin:reference_customscode_changelist"), {"table__exact": "customs_district"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="form-0-locode"' in html
    assert "CNAKL" in html


def test_an_operator_cannot_give_one_place_two_codes_of_a_table(db):
    code = CustomsCode.objects.get(table="customs_district", code="9401")
    fields = {"table": code.table, "code": code.code, "name_zh": code.name_zh, "name_en": ""}
    client = _admin_client()
    url = reverse("admin:reference_customscode_change", args=[code.pk])

    refused = client.post(url, {**fields, "locode": "CNAKL"})
    assert refused.status_code == 200
    assert "Another code of this table already serves this place." in refused.content.decode()

    accepted = client.post(url, {**fields, "locode": "CNURC"})
    assert accepted.status_code == 302
    assert CustomsCode.objects.get(pk=code.pk).locode == "CNURC"
