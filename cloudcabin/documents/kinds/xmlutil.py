"""Shared by the XML kinds: build elements, print numbers, validate against our XSDs."""

from __future__ import annotations

import functools
import io
import threading
import xml.etree.ElementTree as ET
from pathlib import Path

import xmlschema

from cloudcabin.errors import ProblemError, problem
from cloudcabin.numbers import number_text

XSD_DIR = Path(__file__).resolve().parent.parent / "xsd"


_building = threading.Lock()


@functools.cache
def _schema(name: str) -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(XSD_DIR / name))


def schema(name: str) -> xmlschema.XMLSchema:
    """``xsd/<name>``, built once.

    The parts of a declaration are validated side by side: one thread builds the schema
    while the others wait; validating against a built schema is safe from any thread.
    """
    with _building:
        return _schema(name)


def validated_xml(kind: str, root: ET.Element, xsd: str) -> bytes:
    """Pretty-printed XML, validated against ``xsd/<xsd>``; raises XML_INVALID if not.

    Elements are built unqualified under a root carrying a literal ``xmlns``, so the
    document is in the schema's namespace without ElementTree's global prefix map.
    """
    ET.indent(root, space="  ")
    content = ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
    error = next(iter(schema(xsd).iter_errors(io.BytesIO(content))), None)
    if error is not None:
        detail = f"{error.reason} at {error.path}" if error.path else str(error.reason)
        raise ProblemError(problem("XML_INVALID", kind=kind, detail=detail))
    return content


def element(parent: ET.Element, tag: str, text: object = "") -> ET.Element:
    child = ET.SubElement(parent, tag)
    child.text = text if isinstance(text, str) else number_text(text) if text is not None else ""
    return child
