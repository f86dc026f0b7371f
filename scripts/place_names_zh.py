"""Build ``cloudcabin/reference/data/unlocode/names-zh.csv`` (Chinese names and pinyin of
places) and fill the ``pinyin`` column of ``cloudcabin/network/data/nodes.csv``.

    python scripts/place_names_zh.py        # needs pypinyin (dev dependency)

Run by hand when a source changes; the product loads the CSV it writes (``load_reference``)
and never derives pinyin at run time, so an operator can correct a reading in the file or
in the admin. Every Chinese name comes from one of three sources, named in the ``source``
column; the UN/LOCODE it is attached to is found by the place's name:

1. the network's nodes (``cloudcabin/network/data/nodes.csv``: their ``name_zh``);
2. GACC's port code table (``cn-ports-distinateport-europe-asia-subset.csv``: 杜伊斯堡(德国)
   "Duisburg, Germany"), matched on the English name within the country;
3. GACC's administrative divisions (``cn-admin-divisions.csv``: prefecture- and
   county-level cities, 浙江省金华市义乌市), matched within the province on the pinyin of
   the name without 市 against the UN/LOCODE name (义乌 → yiwu = "Yiwu", ZJ);
4. the Chinese exemplar cities of the Unicode CLDR time zones (``common/main/zh.xml``,
   read at https://github.com/unicode-org/cldr/blob/0061e3b240a99f2910d0717ba9ebf97fa2d15667/common/main/zh.xml:
   Europe/Warsaw 华沙), copied with the UN/LOCODE of each city into
   ``unlocode/cldr-exemplar-cities-zh.csv`` (Warszawa PLWAW, Praha CZPRG): the capitals and
   large cities of Europe, the Caucasus, Central Asia and Russia that GACC's tables lack.

An earlier source wins over a later one. A name that matches more than ``MAX_SAME_NAME``
places in a country is left out, and so is one without a Chinese character (the port
table has a row 布拉格 spelt "PRAHA").
"""

from __future__ import annotations

import csv
import re
import sys
from collections import defaultdict
from pathlib import Path

import pycountry
from pypinyin import Style, lazy_pinyin, load_phrases_dict, load_single_dict

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cloudcabin.reference.text import search_key  # noqa: E402

DATA = ROOT / "cloudcabin" / "reference" / "data"
SINGLE_WINDOW = DATA / "cn-customs" / "single-window"
NODES = ROOT / "cloudcabin" / "network" / "data" / "nodes.csv"
TARGET = DATA / "unlocode" / "names-zh.csv"
MAX_SAME_NAME = 2
PORTS_SOURCE = "GACC port code table (cn-ports-distinateport-europe-asia-subset.csv {code})"
DIVISIONS_SOURCE = "GACC administrative divisions (cn-admin-divisions.csv {code})"
NODES_SOURCE = "network nodes (cloudcabin/network/data/nodes.csv)"
CLDR = DATA / "unlocode" / "cldr-exemplar-cities-zh.csv"
CLDR_SOURCE = "Unicode CLDR zh exemplar city (common/main/zh.xml {zone})"
# GB/T 2260 province prefix → ISO 3166-2:CN, as UN/LOCODE writes CN subdivisions (it
# also keeps some older numeric ones, so both are accepted).
PROVINCES = {
    **{"11": "BJ", "12": "TJ", "13": "HE", "14": "SX", "15": "NM", "21": "LN", "22": "JL"},
    **{"23": "HL", "31": "SH", "32": "JS", "33": "ZJ", "34": "AH", "35": "FJ", "36": "JX"},
    **{"37": "SD", "41": "HA", "42": "HB", "43": "HN", "44": "GD", "45": "GX", "46": "HI"},
    **{"50": "CQ", "51": "SC", "52": "GZ", "53": "YN", "54": "XZ", "61": "SN", "62": "GS"},
    **{"63": "QH", "64": "NX", "65": "XJ"},
}
# English exonyms in the port table → the local name UN/LOCODE uses.
EXONYMS = {
    **{"munich": "munchen", "warsaw": "warszawa", "prague": "praha", "vienna": "wien"},
    **{"frankfurt": "frankfurtammain", "cologne": "koln", "milan": "milano"},
    **{"antwerp": "antwerpen", "nuremberg": "nurnberg", "turin": "torino", "genoa": "genova"},
}
MUNICIPALITIES = {"11", "12", "31", "50"}
BRACKETS = re.compile(r"[（(].*?[)）]")  # noqa: RUF001
HAN = re.compile(r"[\u4e00-\u9fff]")


# In place names these characters have one reading, not pypinyin's everyday one:
# 都柏林 Dublin is dubolin (都 "all" is dou; pypinyin's phrase table has it wrong too),
# 布加勒斯特 Bucharest bujialesite (勒 "tighten" is lei).
load_single_dict({ord("都"): "dū", ord("勒"): "lè"})
load_phrases_dict({"都柏林": [["dū"], ["bó"], ["lín"]]})


def pinyin(name: str) -> str:
    """Toneless pinyin, syllables run together, ü kept (search folds it to u): 西安 → xian."""
    return "".join(lazy_pinyin(name, style=Style.NORMAL, v_to_u=True)).lower()


def city_name(code: str, full: str, divisions: dict[str, str]) -> str:
    """The short name of a city in the divisions table, "" for anything else.

    Prefecture 410100 河南省郑州市 → 郑州; county-level 410181 郑州市巩义市 → 巩义;
    municipality 500000 重庆市 → 重庆. A row's name repeats the level above it.
    """
    if not full.endswith("市"):
        return ""
    province = divisions.get(code[:2] + "0000", "")
    if code.endswith("0000"):
        name = full if code[:2] in MUNICIPALITIES else ""
    elif code.endswith("00"):
        name = full.removeprefix(province)
    else:
        prefecture = divisions.get(code[:4] + "00", "").removeprefix(province)
        name = full.removeprefix(prefecture) if prefecture.endswith("市") else ""
    name = name.removesuffix("市")
    return name if len(name) >= 2 and "市" not in name and "区" not in name else ""


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def places_by_name() -> dict[tuple[str, str], list[dict[str, str]]]:
    """(country, search_key of the name) → UN/LOCODE rows."""
    found: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for row in read(DATA / "unlocode" / "code-list.csv"):
        if row["change"].strip() in {"X"}:
            continue
        found[(row["country"], search_key(row["name"]).replace(" ", ""))].append(row)
    return found


def write_node_pinyin() -> None:
    """nodes.csv with ``pinyin`` (after ``name_zh``) derived from ``name_zh``."""
    rows = read(NODES)
    fields = [field for field in rows[0] if field != "pinyin"]
    fields.insert(fields.index("name_zh") + 1, "pinyin")
    with NODES.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({**row, "pinyin": pinyin(row["name_zh"]) if row["name_zh"] else ""})


def main() -> None:
    places = places_by_name()
    names: dict[str, tuple[str, str]] = {}  # locode → (name_zh, source)

    def attach(rows: list[dict[str, str]], name_zh: str, source: str) -> None:
        if not rows or len(rows) > MAX_SAME_NAME or not HAN.search(name_zh):
            return
        for row in rows:
            names.setdefault(row["unlocode"], (name_zh, source))

    for node in read(NODES):
        if node["name_zh"]:
            names[node["locode"]] = (node["name_zh"], NODES_SOURCE)
    ports = read(SINGLE_WINDOW / "cn-ports-distinateport-europe-asia-subset.csv")
    # The 9xx codes are the table's inland cities (DEU901 柏林); they win over a port row
    # naming the same place (FRA901 巴黎 over FRA180 帕里斯).
    ports.sort(key=lambda port: (port["code"][3] != "9", port["code"]))
    for port in ports:
        if port["code"].endswith("000") or "," not in port["name_en"]:
            continue  # a country's own row, not a place
        country = pycountry.countries.get(alpha_3=port["code"][:3])
        if country is None:
            continue
        city = port["name_en"].rsplit(",", 1)[0]
        compact = search_key(city).replace(" ", "")
        key = (country.alpha_2, EXONYMS.get(compact, compact))
        attach(
            places[key],
            BRACKETS.sub("", port["name_zh"]).strip(),
            PORTS_SOURCE.format(code=port["code"]),
        )
    divisions = {
        row["code"]: row["name_zh"] for row in read(SINGLE_WINDOW / "cn-admin-divisions.csv")
    }
    for code, full in sorted(divisions.items()):
        name = city_name(code, full, divisions)
        if not name:
            continue
        key = pinyin(name)
        province = PROVINCES.get(code[:2], "")
        rows = [row for row in places[("CN", key)] if row["subdivision"] in {province, code[:2]}]
        attach(rows, name, DIVISIONS_SOURCE.format(code=code))
    by_locode = {row["unlocode"]: [row] for rows in places.values() for row in rows}
    for city in read(CLDR):
        if city["locode"] not in by_locode:
            raise SystemExit(f"{CLDR.name}: {city['locode']} is not a UN/LOCODE")
        attach(by_locode[city["locode"]], city["name_zh"], CLDR_SOURCE.format(zone=city["zone"]))
    with TARGET.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["locode", "name_zh", "pinyin", "source"])
        for locode in sorted(names):
            name_zh, source = names[locode]
            writer.writerow([locode, name_zh, pinyin(name_zh), source])
    write_node_pinyin()
    print(f"{len(names)} places written to {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
