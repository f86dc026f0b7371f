"""Route options shown in the reader's language.

The planner and the saved quotes keep codes and English text (``rail_1435``, "Terminal
handling Xi'an"): the API's contract and a frozen record. Pages show them through
``localized``: modes by their choice labels, charges composed from their kind and places,
the CO2 method in the reader's language.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from cloudcabin.network.models import Mode
from cloudcabin.network.planner.options import NO_TARIFF, NO_USD_RATE

CO2_METHOD = gettext_lazy(
    "distance (km) × assumed gross mass per container (20': 14 t, 40'/40' HC: 20 t) × "
    "g CO2e per tonne-km of each mode (indicative factors, see the network data sources); "
    "tank-to-wheel order of magnitude, not a certified GLEC calculation"
)


def mode_label(mode: str) -> str:
    return str(Mode(mode).label) if mode in Mode.values else mode


def place_name(node: dict[str, Any]) -> str:
    """A node's name in the reader's language where the network has one."""
    chinese = (get_language() or "").startswith("zh")
    return str(node.get("name_zh") or node["name"]) if chinese else str(node["name"])


def charge_label(line: dict[str, Any], names: dict[str, str]) -> str:
    """A charge named from its kind and places; a surcharge by the operator's name for it
    (in Chinese where given); a line saved before the places were recorded keeps its
    stored label."""
    places = [names.get(locode, locode) for locode in line.get("places", [])]
    kind = line["kind"]
    if kind == "leg_freight" and len(places) == 2:
        return _("Freight {origin} → {destination}").format(origin=places[0], destination=places[1])
    if kind == "terminal_handling" and places:
        return _("Terminal handling at {place}").format(place=places[0])
    if kind == "gauge_change" and places:
        return _("Gauge change (reloading) at {place}").format(place=places[0])
    if kind == "border_fee" and places:
        return _("Border formalities at {place}").format(place=places[0])
    chinese = (get_language() or "").startswith("zh")
    return str((chinese and line.get("label_zh")) or line["label"])


_NO_TARIFF = re.compile(
    "^"
    + re.escape(NO_TARIFF)
    .replace(r"\{day\}", "(?P<day>.+?)")
    .replace(r"\{label\}", "(?P<label>.+)")
    + "$"
)


def warning_text(warning: str) -> str:
    """The planner's English warning in the reader's language (a saved quote's warning of
    another wording is shown as stored)."""
    if warning == NO_USD_RATE:
        return _("Some tariffs are in a currency without a USD rate; totals per currency.")
    found = _NO_TARIFF.match(warning)
    if found:
        return _("No valid tariff on {day} for {route}: price on request.").format(
            day=found["day"], route=found["label"]
        )
    return warning


def localized(option: dict[str, Any]) -> dict[str, Any]:
    """The option with display labels added beside the stored codes and text."""
    names = {node["locode"]: place_name(node) for node in option.get("nodes", [])}
    return {
        **option,
        "legs": [{**leg, "mode_label": mode_label(leg["mode"])} for leg in option["legs"]],
        "cost_lines": [
            {**line, "display_label": charge_label(line, names)} for line in option["cost_lines"]
        ],
        "co2_method": CO2_METHOD,
        "warnings": [warning_text(warning) for warning in option.get("warnings", [])],
    }
