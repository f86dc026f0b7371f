"""Places and goods searched the way a Chinese clerk types them: Chinese names, pinyin,
any apostrophe, no accents; HS search in everyday Chinese through the synonym table."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.admin.sites import site
from django.db import transaction
from django.test import RequestFactory

from cloudcabin.reference.loading import load_reference_data
from cloudcabin.reference.loading.base import LoadResult
from cloudcabin.reference.models import Location, SearchSynonym
from cloudcabin.reference.ranking import PlaceRow, rank_places
from cloudcabin.reference.selectors import location_named, search_hs, search_places
from cloudcabin.reference.tests.conftest import _filter_csv, reference_subset_dir  # noqa: F401
from cloudcabin.reference.text import compact, normalise, search_key

CURLY = "Xi\u2019an"  # the apostrophe the place field's placeholder shows
pytestmark = pytest.mark.django_db

# Brake linings (68), railway parts (86), vehicle parts (87), toys (95): the rivals of
# the examples.
CHAPTERS = ("68", "86", "87", "95")


@pytest.fixture(scope="module")
def chinese_data(
    reference_subset_dir: Path,  # noqa: F811
    tmp_path_factory: pytest.TempPathFactory,
    django_db_setup: None,
    django_db_blocker: object,
) -> Iterator[list[LoadResult]]:
    target = tmp_path_factory.mktemp("chinese-search")
    shutil.copytree(reference_subset_dir, target, dirs_exist_ok=True)
    source = Path(settings.REFERENCE_DATA_DIR)
    _filter_csv(
        source / "hs/hs2022.csv",
        target / "hs/hs2022.csv",
        lambda row: row["hscode"][:2] in CHAPTERS,
    )
    _filter_csv(
        source / "hs/cn-hs8-2023.csv",
        target / "hs/cn-hs8-2023.csv",
        lambda row: row["code"][:2] in CHAPTERS,
    )
    with django_db_blocker.unblock(), transaction.atomic():  # type: ignore[attr-defined]
        yield load_reference_data(data_dir=target, force=True)
        transaction.set_rollback(True)


# --- one normalisation ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed", [CURLY, "Xi'an", "XI\u2018AN", "xian", "Xian", "Xi`an", "xi an", "Xi-an", "Xi.an"]
)
def test_every_spelling_of_xian_has_one_key_without_spaces(typed):
    assert compact(search_key(typed)) == "xian"


def test_diacritics_and_case_never_matter():
    assert search_key("Łódź") == search_key("LODZ") == search_key("lodz") == "lodz"
    assert search_key("Małaszewicze") == "malaszewicze"
    assert search_key("Záhony") == "zahony"


def test_chinese_is_kept_and_full_width_forms_fold():
    assert search_key("西安") == "西安"
    assert search_key("杜伊斯堡\uff08德国\uff09") == "杜伊斯堡 德国"
    assert search_key("ＬＥＤ灯") == "led灯"


def test_hs_words_use_the_same_normalisation():
    assert normalise(f"{CURLY} T-Shirts") == normalise("xian t shirt") == "xian t shirt"
    assert normalise("Café") == "cafe"


def test_a_place_typed_with_a_space_ranks_as_the_name_without_one():
    rows = [
        PlaceRow("CNXIA", "xian / 西安", "12-456--", "AS"),
        PlaceRow("CNXIY", "xianyang", "", ""),
    ]

    assert rank_places(rows, "xi an", 5)[0] == "CNXIA"
    assert rank_places(rows, CURLY, 5)[0] == "CNXIA"


# --- places ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "locode"),
    [
        ("西安", "CNXIA"),
        ("Xian", "CNXIA"),
        (CURLY, "CNXIA"),
        ("xi an", "CNXIA"),
        ("Lodz", "PLLOD"),
        ("Łódź", "PLLOD"),
        ("罗兹", "PLLOD"),
        ("杜伊斯堡", "DEDUI"),
        ("duyisibao", "DEDUI"),
        ("义乌", "CNYIU"),
        ("成都", "CNCDU"),
    ],
)
def test_places_are_found_by_name_chinese_name_or_pinyin(chinese_data, typed, locode):
    assert search_places(typed, 5)[0].locode == locode


def test_a_place_hit_carries_its_chinese_name(chinese_data):
    hit = search_places("Duisburg", 5)[0]

    assert (hit.locode, hit.name_zh) == ("DEDUI", "杜伊斯堡")


def test_a_place_is_named_exactly_or_not_at_all(chinese_data):
    assert location_named("杜伊斯堡").locode == "DEDUI"
    assert location_named(CURLY).locode == "CNXIA"
    assert location_named("杜伊") is None


def test_an_operator_s_chinese_name_is_searchable_once_saved_in_the_admin(chinese_data):
    place = Location.objects.get(locode="PLMAA")
    place.name_zh, place.pinyin = "马拉", "mala"
    admin = site._registry[Location]
    request = RequestFactory().post("/")

    admin.save_model(request, place, form=None, change=True)

    assert search_places("马拉", 5)[0].locode == "PLMAA"
    assert search_places("mala", 5)[0].locode == "PLMAA"


def test_the_loaded_chinese_names_each_name_their_source():
    path = Path(settings.REFERENCE_DATA_DIR) / "unlocode/names-zh.csv"
    lines = path.read_text(encoding="utf-8").splitlines()[1:]

    assert len(lines) > 500
    assert all(line.rsplit(",", 1)[-1].strip() for line in lines)


# --- HS in everyday words ----------------------------------------------------------------------


def top(query: str, n: int = 5) -> list[str]:
    return [hit.code for hit in search_hs(query, n)]


def test_car_parts_in_chinese_are_vehicle_parts_not_locomotive_parts(chinese_data):
    found = top("汽车零件")

    assert found and found[0].startswith("8708")
    assert not any(code.startswith("86") for code in found)


def test_brake_pads_in_chinese_find_the_vehicle_brakes(chinese_data):
    assert top("刹车片")[0] == "870830"
    assert top("刹车盘")[0] == "870830"


def test_brake_pads_in_english_give_the_vehicle_brakes_before_the_loose_linings(chinese_data):
    found = top("brake pads", 10)

    assert found[0] == "870830"
    assert found.index("870830") < found.index("681381")


def test_a_synonym_switched_off_by_the_operator_no_longer_applies(chinese_data):
    SearchSynonym.objects.filter(term__in=["刹车盘", "刹车"]).update(is_active=False)

    assert "870830" not in top("刹车盘")


def test_every_seeded_synonym_says_why_it_holds():
    path = Path(settings.REFERENCE_DATA_DIR) / "search-synonyms.csv"
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))

    assert rows and all(row["note"].strip() for row in rows)
