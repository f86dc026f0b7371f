"""Documents print units and the Incoterm's named place by name, from the reference data
(one function each, used by every document); XML messages keep the codes."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, cast

from cloudcabin.documents.data import CustomsNames, Lookups, PackData, Place
from cloudcabin.documents.kinds.base import incoterm_place, unit_name


def _data(header: dict[str, Any] | None = None) -> PackData:
    lookups = Lookups(
        places={"CNXAG": Place(locode="CNXAG", name="Xi'an International Port", country="CN")},
        country_alpha3={},
        country_names={},
        customs_unit_for_rec20={},
        customs_names=CustomsNames(),
        unit_names={"H87": ("个", "piece"), "KGM": ("千克", "kilogram"), "BX": ("箱", "box/case")},
    )
    return cast(PackData, SimpleNamespace(lookups=lookups, header=header or {}))


def test_units_print_as_english_abbreviation_and_chinese_name() -> None:
    data = _data()
    assert unit_name(data, "H87") == "pcs 个"
    assert unit_name(data, "KGM") == "kg 千克"
    assert unit_name(data, "BX") == "box/case 箱"  # no usual abbreviation: the English name
    assert unit_name(data, "XYZ") == "XYZ"  # unknown to the tables: as it is


def test_the_named_place_is_the_places_name_and_country_never_a_bare_locode() -> None:
    assert incoterm_place(_data({"incoterm_place_locode": "CNXAG"})) == (
        "Xi'an International Port, CN"
    )
    typed = _data({"incoterm_place_locode": "CNXAG", "incoterm_place_text": "Gate 3"})
    assert incoterm_place(typed) == "Gate 3, Xi'an International Port, CN"
    assert incoterm_place(_data({"incoterm_place_text": "Seller's warehouse"})) == (
        "Seller's warehouse"
    )
    assert incoterm_place(_data({"incoterm_place_locode": "CNXXX"})) == "CNXXX"
