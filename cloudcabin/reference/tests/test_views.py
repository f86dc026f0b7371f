"""The demo page, the htmx suggest fragments and the admin."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from cloudcabin.accounts.models import User

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
        "customsunit",
        "searchsynonym",
        "referencedataset",
    ],
)
def test_admin_changelists_load_for_a_superuser(db, model):
    admin = User.objects.create_superuser("root@operator.example", "pw-not-used-4-tests")
    client = Client()
    client.force_login(admin)
    response = client.get(reverse(f"admin:reference_{model}_changelist"), {"q": "85"})
    assert response.status_code == 200
