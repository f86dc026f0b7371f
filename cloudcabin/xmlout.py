"""One way to write XML: build elements, print numbers, validate against our XSDs.

Used by the documents (declaration, ENS, shipping instructions) and the departure
manifest. Elements are built unqualified under a root carrying a literal ``xmlns``, so
a document is in its schema's namespace without touching ElementTree's global prefix
map (``ET.register_namespace`` is process-wide and would leak into every other writer).
"""

from __future__ import annotations

import threading
import xml.etree.ElementTree as ET
from pathlib import Path

from lxml import etree

from cloudcabin.errors import ProblemError, problem
from cloudcabin.numbers import number_text

# lxml's schema objects are not shared between threads: the parts of a declaration are
# validated side by side, each thread with schemas of its own (built in a few ms).
_local = threading.local()
# Schemas are built one at a time: libxml2 sets up its built-in types with the first
# schema a process parses, and two threads doing that at once (the declaration and the
# ENS of one pack) left it broken for the process ("the given type is not a built-in
# type" on every later schema; seen once in CI on PostgreSQL).
_building = threading.Lock()


def schema(xsd: Path) -> etree.XMLSchema:
    """The schema at ``xsd``, built once per thread."""
    schemas: dict[Path, etree.XMLSchema] = _local.__dict__.setdefault("schemas", {})
    if xsd not in schemas:
        with _building:
            schemas[xsd] = etree.XMLSchema(etree.parse(str(xsd)))
    return schemas[xsd]


def validated_xml(kind: str, root: ET.Element, xsd: Path) -> bytes:
    """Pretty-printed XML, validated against ``xsd``; raises XML_INVALID (409) if not."""
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
