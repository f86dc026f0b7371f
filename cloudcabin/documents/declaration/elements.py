"""The Single Window DecMessage structure: blocks and elements in their official order.

Read from ``reference/data/cn-customs/single-window/cn-dec-message-elements.csv`` (the
element list of the China International Trade Single Window declaration message;
sources in that file and in ``cloudcabin/reference/data/SOURCES.md``). The message
writer emits exactly these elements in this order, and ``dec_message_xsd`` writes our
XSD from the same list, so the schema, the message and the official list cannot drift
apart (``tests/test_dec_message.py`` compares the committed XSD with a fresh one).

Run ``python -m cloudcabin.documents.declaration.elements`` to rewrite the XSD.
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

XSD_DIR = Path(__file__).resolve().parent.parent / "xsd"
ELEMENTS_CSV = (
    Path(__file__).resolve().parents[2]
    / "reference/data/cn-customs/single-window/cn-dec-message-elements.csv"
)
XSD_FILE = XSD_DIR / "dec-message.xsd"
NAMESPACE = "http://www.chinaport.gov.cn/dec"

# The blocks an ordinary (non-transit) declaration carries, in message order, each with
# its repeating child and the CSV block that lists the child's elements. Transit
# (Trn*), supplement, e-document, tax, risk and two-step-access blocks are for other
# procedures: the XSD allows them to be absent.
CARRIED: list[tuple[str, str | None, str]] = [
    ("DecHead", None, "DecHead"),
    ("DecLists", "DecList", "DecList"),
    ("DecContainers", "Container", "DecContainers/Container"),
    ("DecLicenseDocus", "LicenseDocu", "DecLicenseDocus/LicenseDocu"),
    ("DecRequestCerts", "DecRequestCert", "DecRequestCerts/DecRequestCert"),
    ("DecOtherPacks", "DecOtherPack", "DecOtherPacks/DecOtherPack"),
    ("DecCopLimits", "DecCopLimit", "DecCopLimits/DecCopLimit"),
    ("DecUsers", "DecUser", "DecUsers/DecUser"),
    ("DecMarkLobs", "DecMarkLob", "DecMarkLobs/DecMarkLob"),
    ("DecFreeTxt", None, "DecFreeTxt"),
    ("DecSign", None, "DecSign"),
    ("DecCopPromises", "DecCopPromise", "DecCopPromises/DecCopPromise"),
]
# Elements that hold a repeating child rather than text.
CONTAINERS = {"DecGoodsLimits": "DecGoodsLimit"}

# Where the list's format is wrong for real codes (5-character regions such as 3318W).
FORMAT_OVERRIDES = {("DecList", "DistrictCode"): "an5", ("DecList", "GNo"): "n..2"}

# Elements cloudcabin never leaves empty: those the sources mark required (Y), and those
# our findings require before issue (documents.declaration.findings). Everything else
# may be empty, as the filling rules allow.
REQUIRED = {
    "DecHead": {
        "IEFlag",
        "CustomMaster",
        "IEPort",
        "EntyPortCode",
        "TrafMode",
        "TrafName",
        "BillNo",
        "TradeMode",
        "CutMode",
        "TransMode",
        "ContrNo",
        "TradeCountry",
        "TradeAreaCode",
        "DistinatePort",
        "WrapType",
        "PackNo",
        "GrossWet",
        "NetWt",
        "TradeCode",
        "TradeName",
        "AgentCode",
        "AgentName",
        "PromiseItmes",
        "MarkNo",
    },
    "DecList": {
        "CodeTS",
        "CiqCode",
        "GNo",
        "GName",
        "GModel",
        "GQty",
        "GUnit",
        "FirstQty",
        "FirstUnit",
        "DeclPrice",
        "DeclTotal",
        "TradeCurr",
        "OriginCountry",
        "DestinationCountry",
        "DistrictCode",
        "DutyMode",
    },
    "DecContainers/Container": {"ContainerId", "ContainerMd", "GoodsNo"},
    "DecLicenseDocus/LicenseDocu": {"DocuCode", "CertCode"},
    "DecOtherPacks/DecOtherPack": {"PackQty", "PackType"},
    "DecSign": {"OperType", "ClientSeqNo"},
}


@dataclass(frozen=True)
class Element:
    name: str
    format: str
    meaning: str


@functools.cache
def elements() -> dict[str, list[Element]]:
    """CSV block name → its elements in order."""
    blocks: dict[str, list[Element]] = {}
    with ELEMENTS_CSV.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            block, name = row["block"], row["element"]
            fmt = FORMAT_OVERRIDES.get((block, name), row["max_length/format"].split(" ")[0])
            meaning = row["meaning_zh"] or row["meaning_en"]
            blocks.setdefault(block, []).append(Element(name, fmt, meaning))
    return blocks


def names(block: str) -> list[str]:
    return [element.name for element in elements()[block]]


# -- the XSD --------------------------------------------------------------------------

DECIMAL = re.compile(r"^n\((\d+),(\d+)\)$")
FIXED = re.compile(r"^(a|an|n)(\d+)$")
UP_TO = re.compile(r"^(a|an|n)\.\.(\d*)$")
CHARS = {"a": "[A-Z]", "an": "[0-9A-Za-z]", "n": "[0-9]"}


def _pattern(fmt: str) -> str | None:
    """A regular expression for one element's format, or None for free text."""
    if match := DECIMAL.match(fmt):
        digits, fraction = int(match[1]), int(match[2])
        return rf"[0-9]{{1,{digits - fraction}}}(\.[0-9]{{1,{fraction}}})?"
    if match := FIXED.match(fmt):
        return f"{CHARS[match[1]]}{{{match[2]}}}"
    if fmt == "integer":
        return "[0-9]{1,9}"
    if fmt == "yyyyMMdd":
        return "[0-9]{8}"
    return None


def _max_length(fmt: str) -> int | None:
    match = UP_TO.match(fmt)
    if match and match[2] and match[1] != "n":
        return int(match[2])
    if match and match[1] == "n":
        return int(match[2] or 9)
    return None


def _element(block: str, name: str) -> Element:
    return next(element for element in elements()[block] if element.name == name)


def fits(block: str, name: str, value: str) -> bool:
    """Whether a non-empty value has the element's format, as our XSD checks it.

    The findings ask this of the numbers the message writes, so that a figure too large
    for its element is a finding on the shipment's field, not an XML refused at issue.
    """
    pattern, limit = _format_check(block, name)
    if pattern is not None:
        return pattern.fullmatch(value) is not None
    return limit is None or len(value) <= limit


@functools.cache
def _format_check(block: str, name: str) -> tuple[re.Pattern[str] | None, int | None]:
    """An element's pattern, compiled, or its length limit: made once per element, since
    the findings ask ``fits`` of every item's figures (~3,000 times for 200 lines)."""
    fmt = _element(block, name).format
    pattern = _pattern(fmt)
    if pattern is None and UP_TO.match(fmt) and fmt.startswith("n.."):
        pattern = rf"[0-9]{{1,{_max_length(fmt)}}}"
    return (re.compile(pattern) if pattern is not None else None), _max_length(fmt)


def integer_digits(block: str, name: str) -> int:
    """Digits a numeric element allows before the decimal point (``n(14,4)`` → 10)."""
    fmt = _element(block, name).format
    if match := DECIMAL.match(fmt):
        return int(match[1]) - int(match[2])
    if fmt == "integer":
        return 9
    raise ValueError(f"{block}/{name} is not a number: {fmt}")


def _simple_type(element: Element, required: bool) -> str:
    pattern = _pattern(element.format)
    if pattern is None and UP_TO.match(element.format) and element.format.startswith("n.."):
        pattern = rf"[0-9]{{1,{_max_length(element.format)}}}"
    facets = []
    if pattern is not None:
        facets.append(f'<xs:pattern value="{pattern if required else f"({pattern})?"}"/>')
    else:
        if required:
            facets.append('<xs:minLength value="1"/>')
        limit = _max_length(element.format)
        if limit:
            facets.append(f'<xs:maxLength value="{limit}"/>')
    if not facets:
        return 'type="xs:string"'
    return (
        '><xs:simpleType><xs:restriction base="xs:string">'
        + "".join(facets)
        + "</xs:restriction></xs:simpleType></xs:element"
    )


def _element_xsd(block: str, element: Element, indent: str) -> str:
    comment = (
        f"<!-- {escape(element.meaning)} {escape(element.format)} -->" if element.meaning else ""
    )
    if element.name in CONTAINERS:
        child = CONTAINERS[element.name]
        inner = "".join(_element_xsd(child, e, indent + "      ") for e in elements()[child])
        return (
            f'{indent}<xs:element name="{element.name}">{comment}<xs:complexType><xs:sequence>\n'
            f'{indent}  <xs:element name="{child}" minOccurs="0" maxOccurs="unbounded">'
            f"<xs:complexType><xs:sequence>\n{inner}{indent}  </xs:sequence></xs:complexType>"
            f"</xs:element>\n{indent}</xs:sequence></xs:complexType></xs:element>\n"
        )
    typed = _simple_type(element, element.name in REQUIRED.get(block, set()))
    if typed.startswith("type="):
        return f'{indent}<xs:element name="{element.name}" {typed}/>{comment}\n'
    return f'{indent}<xs:element name="{element.name}"{typed}>{comment}\n'


def _sequence(block: str, indent: str) -> str:
    return "".join(_element_xsd(block, element, indent) for element in elements()[block])


def dec_message_xsd() -> str:
    carried = {name: (child, source) for name, child, source in CARRIED}
    parts = []
    for element in elements()["DecMessage"]:
        name = element.name
        if name not in carried:
            parts.append(
                f'      <xs:element name="{name}" minOccurs="0">'
                "<xs:complexType><xs:sequence>"
                '<xs:any processContents="skip" minOccurs="0" maxOccurs="unbounded"/>'
                "</xs:sequence></xs:complexType></xs:element>"
                "<!-- not carried by an ordinary declaration -->\n"
            )
            continue
        child, source = carried[name]
        if child is None:
            parts.append(
                f'      <xs:element name="{name}"><xs:complexType><xs:sequence>\n'
                f"{_sequence(source, '        ')}      </xs:sequence></xs:complexType>"
                "</xs:element>\n"
            )
        else:
            limit = ' maxOccurs="50"' if child == "DecList" else ' maxOccurs="unbounded"'
            least = "1" if child == "DecList" else "0"
            parts.append(
                f'      <xs:element name="{name}"><xs:complexType><xs:sequence>\n'
                f'        <xs:element name="{child}" minOccurs="{least}"{limit}>'
                "<xs:complexType><xs:sequence>\n"
                f"{_sequence(source, '          ')}        </xs:sequence></xs:complexType>"
                "</xs:element>\n      </xs:sequence></xs:complexType></xs:element>\n"
            )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        "<!--\n"
        "  DecMessage of the China International Trade Single Window, as cloudcabin emits it.\n"
        "  Generated by cloudcabin.documents.declaration.elements from\n"
        "  cn-dec-message-elements.csv (the official element list and order, compiled from\n"
        "  public implementations: see cloudcabin/reference/data/SOURCES.md). Not the\n"
        "  official GACC schema file, which is not public: it mirrors its structure, with\n"
        "  formats from the list and the elements cloudcabin never leaves empty required.\n"
        "  Do not edit by hand.\n"
        "-->\n"
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"\n'
        f'           xmlns="{NAMESPACE}"\n'
        f'           targetNamespace="{NAMESPACE}"\n'
        '           elementFormDefault="qualified">\n'
        '  <xs:element name="DecMessage">\n'
        "    <xs:complexType>\n"
        "      <xs:sequence>\n" + "".join(parts) + "      </xs:sequence>\n"
        '      <xs:attribute name="version" type="xs:string" use="required"/>\n'
        "    </xs:complexType>\n"
        "  </xs:element>\n"
        "</xs:schema>\n"
    )


if __name__ == "__main__":
    XSD_FILE.write_text(dec_message_xsd(), encoding="utf-8")
