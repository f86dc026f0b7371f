"""HS suggestion: the organization's confirmed lines first, the tariff's wording next.

Reference data: the test subset (HS chapters 01, 61, 84, 85, 87, 91 and their China
names), loaded through the real loaders.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from cloudcabin.compliance.hs.question import deciding_question
from cloudcabin.compliance.hs.service import MAX_TEXT, suggest_hs, warm_up
from cloudcabin.documents.models import DocumentPack, PackStatus
from cloudcabin.errors import ProblemError
from cloudcabin.reference.tariff_index import TariffIndex
from cloudcabin.reference.tests.conftest import reference_data, reference_subset_dir  # noqa: F401
from cloudcabin.shipments.models import ShipmentRevision
from cloudcabin.shipments.services import create_shipment

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]

SUGGEST = "/api/v1/compliance/hs/suggest"


def issue_pack(tenants, user, lines, *, status=PackStatus.ISSUED, days_ago=0):
    """A document pack issued by ``user``'s organization, declaring ``lines``."""
    actor = tenants.actor(user)
    shipment = create_shipment(actor=actor, reference=f"CC-HS-{timezone.now().timestamp()}")
    revision = ShipmentRevision.objects.create(
        shipment=shipment, number=1, snapshot={"lines": lines}
    )
    return DocumentPack.objects.create(
        organization=actor.organization,
        shipment=shipment,
        version=1,
        revision=revision,
        status=status,
        issued_at=timezone.now() - timedelta(days=days_ago),
    )


def line(description_en, hs_code, national_code="", description_zh=""):
    return {
        "description_en": description_en,
        "description_zh": description_zh,
        "hs_code": hs_code,
        "national_code": national_code,
    }


def codes(found):
    return [candidate.hs6 for candidate in found.candidates]


# --- ranking -------------------------------------------------------------------------------


def test_five_candidates_each_with_both_names_a_china_code_a_score_and_a_reason(tenants):
    found = suggest_hs("Laptop computer", "en", tenants.org)
    assert len(found.candidates) == 5
    first = found.candidates[0]
    assert first.hs6 == "847130"
    assert first.national_code.startswith("847130") and len(first.national_code) == 8
    assert "portable" in first.name_en.lower()
    assert first.name_zh and first.reason and first.in_hs2022
    assert Decimal("0") < first.score <= Decimal("1")
    assert [c.score for c in found.candidates] == sorted(
        (c.score for c in found.candidates), reverse=True
    )


def test_a_code_confirmed_once_ranks_first_for_the_same_normalised_description(tenants):
    # The tariff alone reads "suspension control arms" as 8708.80; the company declared 8708.99.
    issue_pack(tenants, tenants.owner, [line("Suspension control-arms", "870899", "87089999")])
    found = suggest_hs("  SUSPENSION control arms ", "en", tenants.org)
    first = found.candidates[0]
    assert (first.hs6, first.national_code, first.source) == ("870899", "87089999", "confirmed")
    assert first.score == Decimal("1.00")
    assert "1 issued pack" in first.reason
    assert "870880" in codes(found)[1:]  # the tariff's reading still follows


def test_lines_of_a_superseded_pack_are_not_confirmed(tenants):
    issue_pack(
        tenants, tenants.owner, [line("Widget frames", "910211")], status=PackStatus.SUPERSEDED
    )
    found = suggest_hs("Widget frames", "en", tenants.org)
    assert all(candidate.source == "tariff" for candidate in found.candidates)


def test_a_chinese_description_finds_its_code(tenants):
    found = suggest_hs("棉质T恤", "zh", tenants.org)
    assert "610910" in codes(found)[:2]
    first = found.candidates[codes(found).index("610910")]
    assert "棉" in first.name_zh


def test_a_marketplace_listing_is_read_by_its_category_and_item_type(tenants):
    text = (
        "Hot Sale New Fashion Style Gift For Lady | Material: Cotton; Item Type: Tees"
        " | Category: Women's Clothing > Tops & Tees > T-Shirts"
    )
    assert codes(suggest_hs(text, "en", tenants.org))[0] == "610910"


def test_a_confirmed_code_that_is_not_an_hs_2022_code_is_flagged(tenants):
    # 8517.12 (mobile phones) was split in HS 2022 (8517.13, 8517.14).
    issue_pack(tenants, tenants.owner, [line("Mobile phones", "851712")])
    first = suggest_hs("mobile phones", "en", tenants.org).candidates[0]
    assert (first.hs6, first.in_hs2022) == ("851712", False)
    assert "not an HS 2022 subheading" in first.reason


def test_when_the_first_two_differ_by_material_the_question_asks_what_it_is_made_of(tenants):
    found = suggest_hs("T-shirts", "en", tenants.org)
    assert set(codes(found)[:2]) == {"610910", "610990"}
    assert found.question is not None and found.question.key == "material"
    assert "made of" in found.question.question


def test_the_deciding_question_names_the_property_the_texts_differ_by():
    knitted = "Jerseys, pullovers; of cotton, knitted or crocheted"
    woven = "Shirts; men's or boys', of cotton (not knitted or crocheted)"
    assert deciding_question(knitted, woven).key == "wearer"
    assert deciding_question("Parts of lathes", "Lathes for removing metal").key == "part"
    assert deciding_question("Lathes", "Lathes") is None


def test_text_in_a_script_the_tariff_does_not_hold_gets_an_empty_answer_not_an_error(tenants):
    found = suggest_hs("กุ้งแช่แข็ง", "th", tenants.org)
    assert found.candidates == ()


# --- tenancy -------------------------------------------------------------------------------


def test_another_companys_confirmed_lines_never_influence_nor_show(tenants):
    issue_pack(tenants, tenants.stranger, [line("Suspension control arms", "910211", "91021100")])
    found = suggest_hs("Suspension control arms", "en", tenants.org)
    assert "910211" not in codes(found)
    assert all(candidate.source == "tariff" for candidate in found.candidates)
    # …while the stranger's own suggestion does use it.
    theirs = suggest_hs("Suspension control arms", "en", tenants.stranger_org)
    assert (theirs.candidates[0].hs6, theirs.candidates[0].source) == ("910211", "confirmed")


def test_the_api_answers_for_the_callers_organization_only(tenants):
    issue_pack(tenants, tenants.stranger, [line("Suspension control arms", "910211")])
    body = (
        tenants.client_for(tenants.owner).get(SUGGEST, {"text": "Suspension control arms"}).json()
    )
    assert "910211" not in [candidate["hs6"] for candidate in body["candidates"]]


# --- API -----------------------------------------------------------------------------------


def test_the_api_gives_five_candidates_and_the_deciding_question(tenants):
    response = tenants.client_for(tenants.colleague).get(
        SUGGEST, {"text": "T-shirts", "language": "en"}
    )
    assert response.status_code == 200
    body = response.json()
    assert len(body["candidates"]) == 5
    first = body["candidates"][0]
    assert set(first) == {
        "hs6",
        "national_code",
        "name_en",
        "name_zh",
        "score",
        "source",
        "reason",
        "in_hs2022",
    }
    assert body["question"]["property"] == "material"


@pytest.mark.parametrize(
    ("params", "code", "path"),
    [
        ({"text": ""}, "REQUIRED", "text"),
        ({"text": "   "}, "REQUIRED", "text"),
        ({"text": "x" * (MAX_TEXT + 1)}, "TOO_LONG", "text"),
        ({"text": "bearings", "language": "not a tag!"}, "INVALID", "language"),
    ],
)
def test_the_api_refuses_empty_or_over_long_text_with_a_clear_4xx(tenants, params, code, path):
    response = tenants.client_for(tenants.owner).get(SUGGEST, params)
    assert 400 <= response.status_code < 500
    [error] = response.json()["errors"]
    assert (error["code"], error["path"]) == (code, path)


def test_the_api_needs_a_signed_in_caller(client):
    assert client.get(SUGGEST, {"text": "bearings"}).status_code == 401


def test_ten_thousand_characters_of_text_are_refused_not_searched(tenants):
    with pytest.raises(ProblemError) as refused:
        suggest_hs("轴承 " * 5000, "", tenants.org)
    assert refused.value.problems[0].code == "TOO_LONG"


# --- page ----------------------------------------------------------------------------------


def test_the_line_form_shows_the_suggestions_in_both_languages_with_a_use_button(tenants):
    response = tenants.client_for(tenants.owner).get(
        "/compliance/hs/suggestions/",
        {"for": "f-lines-0", "description_en": "Laptop computer", "description_zh": "笔记本电脑"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-hs6="847130"' in page and 'data-for="f-lines-0"' in page
    assert 'lang="zh-Hans"' in page


def test_the_tariff_index_is_built_once_per_process_not_per_request(tenants, monkeypatch):
    warm_up()  # what a gunicorn worker does before it takes requests
    built = []
    original = TariffIndex.__init__

    def counting(self, *args, **kwargs):
        built.append(1)
        original(self, *args, **kwargs)

    monkeypatch.setattr(TariffIndex, "__init__", counting)
    for text in ("ball bearings", "laptop", "棉质T恤"):
        suggest_hs(text, "", tenants.org)
    assert built == []


@pytest.mark.parametrize(
    "text",
    ["Co., Ltd.", "!!!", "汽车零件 brake pads тормозные колодки", "حديد", "x" * MAX_TEXT],
)
def test_any_text_in_any_script_gets_an_answer_never_a_500(tenants, text):
    response = tenants.client_for(tenants.owner).get(SUGGEST, {"text": text})
    assert response.status_code == 200
    assert len(response.json()["candidates"]) <= 5


def test_control_characters_in_the_text_are_a_4xx(tenants):
    response = tenants.client_for(tenants.owner).get(SUGGEST, {"text": "bearings\x00"})
    assert 400 <= response.status_code < 500


def test_a_similar_confirmed_description_follows_the_exact_one_but_one_word_is_not_similar(
    tenants,
):
    issue_pack(tenants, tenants.owner, [line("Stainless steel bolts M10", "731815", "73181590")])
    similar = suggest_hs("bolts M10 stainless steel", "en", tenants.org).candidates[0]
    assert (similar.hs6, similar.source) == ("731815", "confirmed")
    assert similar.score < Decimal("1.00") and "similar description" in similar.reason
    alone = suggest_hs("steel", "en", tenants.org)
    assert all(candidate.source == "tariff" for candidate in alone.candidates)


def test_a_reissued_pack_replaces_what_its_superseded_version_confirmed(tenants):
    first = issue_pack(tenants, tenants.owner, [line("Suspension control arms", "870899")])
    assert suggest_hs("Suspension control arms", "en", tenants.org).candidates[0].hs6 == "870899"
    DocumentPack.objects.filter(pk=first.pk).update(status=PackStatus.SUPERSEDED)
    issue_pack(tenants, tenants.owner, [line("Suspension control arms", "870880", "87088090")])
    found = suggest_hs("Suspension control arms", "en", tenants.org)
    assert [(c.hs6, c.source) for c in found.candidates if c.source == "confirmed"] == [
        ("870880", "confirmed")
    ]


def test_a_long_description_can_be_posted_as_json_and_is_checked_the_same(tenants):
    client = tenants.client_for(tenants.colleague)
    ok = client.post(
        SUGGEST, {"text": "T-shirts", "language": "en"}, content_type="application/json"
    )
    assert ok.status_code == 200 and ok.json()["candidates"][0]["hs6"] in {"610910", "610990"}
    too_long = client.post(SUGGEST, {"text": "x" * (MAX_TEXT + 1)}, content_type="application/json")
    assert too_long.status_code == 400
    assert too_long.json()["errors"][0]["code"] == "TOO_LONG"
