"""The one catalogue of error codes: each domain's block sorted, every message in Chinese."""

from __future__ import annotations

import re
from pathlib import Path

from django.utils import translation

import cloudcabin
from cloudcabin.errors import CATALOGUE

ROOT = Path(cloudcabin.__file__).parent
BLOCK_HEADER = re.compile(r"^    # (.+)$")
CODE = re.compile(r'^    "([A-Z0-9_]+)": ')


def _blocks(source: Path) -> list[tuple[str, list[str]]]:
    """The commented blocks of codes in a catalogue module, in the order written."""
    blocks: list[tuple[str, list[str]]] = []
    for line in source.read_text().splitlines():
        if header := BLOCK_HEADER.match(line):
            blocks.append((header.group(1), []))
        elif code := CODE.match(line):
            blocks[-1][1].append(code.group(1))
    return blocks


def _dictionary_order(code: str) -> str:
    """NOTE_UNKNOWN after NO_STATUS, as a reader sorts: the underscore before letters."""
    return code.replace("_", " ")


def _catalogue_modules() -> list[Path]:
    return [ROOT / "errors.py", *sorted(ROOT.glob("*/**/errors.py"))]


def test_each_block_of_codes_is_sorted_so_an_addition_has_one_place() -> None:
    unsorted = [
        f"{source.relative_to(ROOT)}: {header}"
        for source in _catalogue_modules()
        for header, codes in _blocks(source)
        if codes != sorted(codes, key=_dictionary_order)
    ]
    assert unsorted == []


def test_every_code_written_in_a_domain_module_is_in_the_one_catalogue() -> None:
    written = [
        code for source in _catalogue_modules() for _, codes in _blocks(source) for code in codes
    ]
    assert len(written) == len(set(written))
    assert set(written) == set(CATALOGUE)


def test_every_message_of_the_catalogue_is_translated_into_chinese() -> None:
    untranslated = []
    for code, entry in CATALOGUE.items():
        english = str(entry.message)
        with translation.override("zh-hans"):
            chinese = str(entry.message)
        if chinese == english and re.search(r"[A-Za-z]{2,}", re.sub(r"\{\w+\}", "", english)):
            untranslated.append(code)
    assert untranslated == []
