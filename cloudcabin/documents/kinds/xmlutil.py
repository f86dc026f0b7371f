"""Shared by the XML kinds: build elements, print numbers, validate against our XSDs."""

from __future__ import annotations

import threading
import xml.etree.ElementTree as ET
from pathlib import Path

from lxml import etree

from cloudcabin.errors import ProblemError, problem
from cloudcabin.numbers import number_text

XSD_DIR = Path(__file__).resolve().parent.parent / "xsd"


# lxml's schema objects are not shared between threads: the parts of a declaration are
# validated side by side, each thread with schemas of its own (built in a few ms).
_local = threading.local()


def schema(name: str) -> etree.XMLSchema:
    """``xsd/<name>``, built once per thread."""
    schemas: dict[str, etree.XMLSchema] = _local.__dict__.setdefault("schemas", {})
    if name not in schemas:
        schemas[name] = etree.XMLSchema(etree.parse(str(XSD_DIR / name)))
    return schemas[name]


def validated_xml(kind: str, root: ET.Element, xsd: str) -> bytes:
    """Pretty-printed XML, validated against ``xsd/<xsd>``; raises XML_INVALID if not.

    Elements are built unqualified under a root carrying a literal ``xmlns``, so the
    document is in the schema's namespace without ElementTree's global prefix map.
    """
    ET.indent(root, space="  ")
    content = ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
    validator = schema(xsd)
    if not validator.validate(etree.fromstring(content)):
        error = next(iter(validator.error_log), None)  # the first, as a reader meets it
        detail = f"{error.message} (line {error.line})" if error else "invalid"
        raise ProblemError(problem("XML_INVALID", kind=kind, detail=detail))
    return content


def element(parent: ET.Element, tag: str, text: object = "") -> ET.Element:
    child = ET.SubElement(parent, tag)
    child.text = text if isinstance(text, str) else number_text(text) if text is not None else ""
    return child
