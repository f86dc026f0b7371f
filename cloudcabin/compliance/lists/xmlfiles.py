"""Reading list XML safely: no entities, no network, no huge trees."""

from __future__ import annotations

from lxml import etree

from cloudcabin.compliance.lists.records import ListFileError


def root_of(name: str, data: bytes) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, dtd_validation=False)
    try:
        return etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise ListFileError(f"{name}: not well-formed XML ({exc})") from exc


def text_of(element: etree._Element | None, path: str) -> str:
    if element is None:
        return ""
    found = element.find(path)
    return " ".join((found.text or "").split()) if found is not None else ""
