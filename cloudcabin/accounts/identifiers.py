"""Company identifiers: China's USCC, EU EORI and VAT numbers.

Functions returning Problems, so the same checks serve organizations and shipment
parties. python-stdnum does the arithmetic wherever it has a validator; which countries
are EU members is the ``reference`` app's code list.
"""

from __future__ import annotations

import re

import pycountry
from stdnum import exceptions as stdnum_errors
from stdnum.cn import uscc as stdnum_uscc
from stdnum.eu import vat as stdnum_vat

from cloudcabin.errors import Problem, problem
from cloudcabin.reference.selectors import eu_member_states

# EORI: the issuing member state's code (or XI for Northern Ireland) and up to 15 characters.
# stdnum has no EORI module, and member states use different bodies, so only the shape is checked.
_EORI_SHAPE = re.compile(r"^(?P<country>[A-Z]{2})[A-Z0-9]{1,15}$")


# Which organization identifiers a company gives, by its country: the one rule the sign-up
# form (fields shown and required) and the sign-up service (refusals) both read.
# A Chinese company has a USCC and a registered Chinese name; an EU company an EORI and
# a VAT number (the EORI optional, as a broker may declare for a small importer); anyone
# else, a Chinese company included, may hold an EORI if it declares goods into the EU
# itself or files the entry summary as the carrier (as the operator does).
_CHINA_IDENTIFIERS = {
    "name_zh": True,
    "uscc": True,
    "uscc_checksum_confirmed": False,
    "eori": False,
}
_EU_IDENTIFIERS = {"eori": False, "vat_number": False}
_OTHER_IDENTIFIERS = {"eori": False}
IDENTIFIER_FIELDS = ("name_zh", "uscc", "uscc_checksum_confirmed", "eori", "vat_number")


def identifiers_for(country: str) -> dict[str, bool]:
    """The identifier fields that apply to a company of ``country``: name → required."""
    country = (country or "").strip().upper()
    if country == "CN":
        return dict(_CHINA_IDENTIFIERS)
    if country in eu_member_states():
        return dict(_EU_IDENTIFIERS)
    if is_country(country):
        return dict(_OTHER_IDENTIFIERS)
    return {}


def missing_identifiers(*, country: str, fields: dict[str, object]) -> list[Problem]:
    """A problem for each identifier ``country`` requires that ``fields`` leaves empty."""
    return [
        problem("IDENTIFIER_REQUIRED", path=name)
        for name, required in identifiers_for(country).items()
        if required and not str(fields.get(name) or "").strip()
    ]


def identifiers_not_asked(*, country: str, fields: dict[str, object]) -> list[Problem]:
    """A problem for each identifier ``fields`` gives that ``country``'s companies do not use."""
    applying = identifiers_for(country)
    return [
        problem("IDENTIFIER_NOT_ASKED", path=name)
        for name in IDENTIFIER_FIELDS
        if name not in applying and fields.get(name)
    ]


def clean_code(value: str) -> str:
    return re.sub(r"[\s\-.]", "", value or "").upper()


def is_country(code: str) -> bool:
    return pycountry.countries.get(alpha_2=code.upper()) is not None


def check_uscc(value: str, *, path: str, checksum_confirmed: bool = False) -> list[Problem]:
    """An 18-character USCC; a wrong check character is a warning the user may confirm."""
    code = clean_code(value)
    try:
        stdnum_uscc.validate(code)
    except stdnum_errors.InvalidChecksum:
        if checksum_confirmed:
            return []
        expected = stdnum_uscc.calc_check_digit(code[:17])
        return [problem("USCC_CHECK_DIGIT", path=path, value=code, expected=expected)]
    except stdnum_errors.ValidationError as exc:
        return [problem("USCC_INVALID", path=path, value=code, reason=str(exc))]
    return []


def check_eori(value: str, *, path: str, eu_members: frozenset[str] | None = None) -> list[Problem]:
    """``eu_members``: the member states to check against; None reads today's from the
    reference list (a pure caller, like the shipment checks, passes its own)."""
    code = clean_code(value)
    match = _EORI_SHAPE.match(code)
    if not match:
        reason = "two letters of the issuing country, then 1 to 15 letters or digits"
        return [problem("EORI_INVALID", path=path, value=code, reason=reason)]
    members = eu_member_states() if eu_members is None else eu_members
    if match["country"] not in members | {"XI"}:
        return [problem("EORI_NOT_EU", path=path)]
    return []


def check_vat(value: str, *, path: str) -> list[Problem]:
    code = clean_code(value)
    try:
        stdnum_vat.validate(code)
    except stdnum_errors.ValidationError as exc:
        return [problem("VAT_INVALID", path=path, value=code, reason=str(exc))]
    return []


def check_identifiers(
    *,
    country: str,
    uscc: str = "",
    uscc_checksum_confirmed: bool = False,
    eori: str = "",
    vat_number: str = "",
    path_prefix: str = "",
    eu_members: frozenset[str] | None = None,
) -> list[Problem]:
    """All identifier problems of one party, paths relative to ``path_prefix``."""
    found: list[Problem] = []
    country = (country or "").upper()
    if not is_country(country):
        found.append(problem("COUNTRY_UNKNOWN", path=f"{path_prefix}country", value=country))
    if uscc:
        found += check_uscc(
            uscc, path=f"{path_prefix}uscc", checksum_confirmed=uscc_checksum_confirmed
        )
        if country and country != "CN":
            found.append(problem("USCC_NOT_CN", path=f"{path_prefix}uscc"))
    if eori:
        found += check_eori(eori, path=f"{path_prefix}eori", eu_members=eu_members)
    if vat_number:
        found += check_vat(vat_number, path=f"{path_prefix}vat_number")
    return found
