"""Goods restricted on the route: the seed rules, the three corridor scenarios of issue 15,
and the loader."""

from __future__ import annotations

import shutil
from datetime import date
from html import unescape
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cloudcabin.compliance.goods.loading import DATA_DIR, load_goods_rules
from cloudcabin.compliance.goods.rules import GoodsItem, RouteCountries
from cloudcabin.compliance.goods.selectors import goods_check
from cloudcabin.compliance.models import GoodsRule
from cloudcabin.errors import ProblemError, Severity

DAY = date(2026, 12, 1)
EASTBOUND = RouteCountries.of(["DE", "PL", "BY", "RU", "KZ", "CN"])
WESTBOUND = RouteCountries.of(["CN", "KZ", "RU", "BY", "PL"])
MIDDLE_CORRIDOR = RouteCountries.of(["DE", "TR", "GE", "AZ", "KZ"])


@pytest.fixture
def rules(db: None) -> None:
    load_goods_rules()


def _effects(check_route: RouteCountries, hs: str, origin: str = "") -> dict[str, str]:
    found = goods_check([GoodsItem(hs, origin, 1)], check_route, DAY).findings
    return {finding.rule_key: finding.effect for finding in found}


def test_eastbound_eu_export_of_a_processor_via_russia_is_blocked_with_its_legal_reference(
    rules: None,
) -> None:
    check = goods_check([GoodsItem("8542.31", "DE", 1)], EASTBOUND, DAY)
    assert check.blocked
    block = check.findings[0]
    assert (block.effect, block.rule_key, block.countries) == (
        "block",
        "eu-833-transit-ru-chp-854231",
        ("RU",),
    )
    assert "833/2014" in block.legal_ref and block.source_url.startswith("https://")
    problem = block.problem()
    assert problem.severity == Severity.ERROR and problem.code == "GOODS_BLOCKED"
    assert "833/2014" in problem.message and "8542.31" in problem.message
    # Sold from the EU to China: Art. 12g's clause too.
    assert _effects(EASTBOUND, "854231")["eu-833-12g-clause-chp-854231"] == "clause"


def test_westbound_chinese_processors_transiting_russia_and_belarus_get_a_warning_only(
    rules: None,
) -> None:
    check = goods_check([GoodsItem("854231", "CN", 1)], WESTBOUND, DAY)
    assert not check.blocked
    assert [(f.rule_key, f.effect) for f in check.findings] == [
        ("eu-833-import-transit-ru", "warn")
    ]
    assert all(p.severity == Severity.WARNING for p in check.problems())


def test_middle_corridor_bearings_from_germany_need_the_no_re_export_clause(rules: None) -> None:
    effects = _effects(MIDDLE_CORRIDOR, "848210", "DE")
    assert effects["eu-833-12g-clause-chp-848210"] == "clause"
    assert "block" not in effects.values()
    check = goods_check([GoodsItem("848210", "DE", 1)], MIDDLE_CORRIDOR, DAY)
    clause = next(f for f in check.findings if f.effect == "clause")
    assert "12g" in clause.legal_ref and clause.problem().code == "GOODS_CLAUSE"


def test_goods_not_on_any_list_pass_and_avoiding_russia_lifts_the_block(rules: None) -> None:
    assert _effects(EASTBOUND, "940360", "DE") == {}
    around_russia = RouteCountries.of(["DE", "PL", "UA", "KZ", "CN"])
    assert "block" not in _effects(around_russia, "854231", "DE").values()


def test_a_rule_applies_only_while_it_is_valid(rules: None) -> None:
    before_the_11th_package = date(2023, 1, 1)
    check = goods_check([GoodsItem("854231")], EASTBOUND, before_the_11th_package)
    assert not check.blocked
    GoodsRule.objects.filter(key="eu-833-transit-ru-chp-854231").update(valid_to=date(2026, 1, 1))
    assert not goods_check([GoodsItem("854231")], EASTBOUND, DAY).blocked


def test_a_national_code_is_matched_by_its_hs_prefix(rules: None) -> None:
    assert goods_check([GoodsItem("85423190")], EASTBOUND, DAY).blocked
    assert not goods_check([GoodsItem("854239")], RouteCountries.of(["CN", "KZ"]), DAY).blocked


def test_an_unplanned_route_leaves_transit_rules_undecided_instead_of_guessing(
    rules: None,
) -> None:
    unplanned = RouteCountries("DE", (), "CN", planned=False)
    check = goods_check([GoodsItem("854231", "DE", 1)], unplanned, DAY)
    assert check.undecided and not check.blocked
    assert "GOODS_ROUTE_UNPLANNED" in [p.code for p in check.problems()]
    assert [f.effect for f in check.findings] == ["clause"]  # no transit needed for it


def test_loading_the_seed_twice_changes_nothing(db: None) -> None:
    first = load_goods_rules()
    assert first.created == GoodsRule.objects.count() == 4 * 50 + 1
    again = load_goods_rules()
    assert (again.created, again.updated, again.deleted) == (0, 0, 0)
    assert again.unchanged == first.created


def test_an_operators_edit_survives_a_reload_and_a_removed_seed_rule_goes(
    db: None, tmp_path: Path
) -> None:
    load_goods_rules()
    edited = GoodsRule.objects.get(key="eu-833-12g-clause-chp-848210")
    edited.seed, edited.summary_en = "", "Our own wording."
    edited.save()
    data = tmp_path / "goods"
    shutil.copytree(DATA_DIR, data)
    rules_file = data / "rules.csv"
    lines = rules_file.read_text(encoding="utf-8").splitlines(keepends=True)
    rules_file.write_text(
        "".join(line for line in lines if not line.startswith("eu-833-import-transit-ru,")),
        encoding="utf-8",
    )
    result = load_goods_rules(data)
    assert result.deleted == 1 and result.kept == 1
    kept = GoodsRule.objects.get(key="eu-833-12g-clause-chp-848210")
    assert kept.summary_en == "Our own wording."
    assert not GoodsRule.objects.filter(key="eu-833-import-transit-ru").exists()


def test_a_malformed_seed_file_is_refused_and_the_loaded_rules_stay(
    db: None, tmp_path: Path
) -> None:
    loaded = load_goods_rules().created
    data = tmp_path / "goods"
    shutil.copytree(DATA_DIR, data)
    rules_file = data / "rules.csv"
    text = rules_file.read_text(encoding="utf-8")
    broken = text.replace('""transit"":{""any""', '""transit"":{""sometimes""', 1)
    rules_file.write_text(broken.replace(",block,", ",ban,", 1), encoding="utf-8")
    with pytest.raises(ProblemError) as refused:
        load_goods_rules(data)
    assert refused.value.problems[0].code == "GOODS_SEED_INVALID"
    assert "row 2" in refused.value.problems[0].message
    assert GoodsRule.objects.count() == loaded
    assert GoodsRule.objects.get(key="eu-833-transit-ru-chp-854231").effect == "block"


def test_an_operator_adds_a_rule_in_the_admin_and_a_bad_predicate_is_refused(
    admin_client: Client,
) -> None:
    url = reverse("admin:compliance_goodsrule_add")
    fields = {
        "key": "cn-dual-use-281820",
        "hs_prefix": "281820",
        "regime": "China dual-use export control",
        "list_ref": "",
        "effect": "licence",
        "summary_en": "A licence may be required: parameters decide.",
        "summary_zh": "",
        "legal_ref": "MOFCOM/GACC Announcement 2024 No. 67",
        "source_url": "https://example.org/catalogue",
        "valid_from": "2025-01-01",
        "valid_to": "",
    }
    refused = admin_client.post(url, {**fields, "predicate": '{"transit": {"sometimes": ["RU"]}}'})
    assert refused.status_code == 200 and "“transit” takes any / none" in unescape(
        refused.content.decode()
    )
    assert not GoodsRule.objects.exists()
    admin_client.post(url, {**fields, "predicate": '{"export_country": {"in": ["CN"]}}'})
    rule = GoodsRule.objects.get(key="cn-dual-use-281820")
    assert rule.seed == ""
    check = goods_check([GoodsItem("28182000")], RouteCountries.of(["CN", "KZ"]), DAY)
    assert [(f.effect, f.problem().code) for f in check.findings] == [("licence", "GOODS_LICENCE")]


def test_lines_sharing_an_hs_code_each_get_the_findings_their_own_origin_gives(
    rules: None,
) -> None:
    items = [
        GoodsItem("854231", "DE", 1),
        GoodsItem("8542.31", "CN", 2),
        GoodsItem("854231", "DE", 3),
        GoodsItem("870830", "CN", 4),
    ]
    together = goods_check(items, EASTBOUND, DAY).findings
    for item in items:
        alone = goods_check([item], EASTBOUND, DAY).findings
        assert sorted((f.rule_key, f.effect) for f in together if f.line_no == item.line_no) == (
            sorted((f.rule_key, f.effect) for f in alone)
        )
    by_line = {f.line_no for f in together}
    assert {1, 3} <= by_line  # the German processors are blocked on both lines


def test_the_rules_are_read_once_and_again_after_every_change_to_the_table(
    rules: None,
) -> None:
    def blocked() -> bool:
        return goods_check([GoodsItem("854231", "DE", 1)], EASTBOUND, DAY).blocked

    assert blocked()
    with CaptureQueriesContext(connection) as queries:
        assert blocked()
    # Only the tables' state is read (with the code tables'): the rules are remembered.
    state = [query["sql"] for query in queries if "compliance_goodsrule" in query["sql"]]
    assert state and all('COUNT(*) FROM "compliance_goodsrule"' in sql for sql in state)
    assert not any('"compliance_goodsrule"."id"' in sql for sql in state)
    key = "eu-833-transit-ru-chp-854231"
    rule = GoodsRule.objects.get(key=key)
    rule.effect = "warn"
    rule.save()
    assert not blocked()  # an edit in the admin is seen at once
    GoodsRule.objects.filter(key=key).update(effect="block")
    assert blocked()  # and one made with update(), as the loader's bulk writes could
    rule.delete()
    assert not blocked()
