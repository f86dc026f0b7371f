"""Names of places and routes in the language of the page.

``display_name`` is the one rule: the Chinese name in the Chinese interface when the data
has one, else the name as stored. The rest apply it to what pages show (nodes by
UN/LOCODE, route options, train services), so a saved quote or an older booking shows
Chinese names too, from the network as it stands.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import get_language


def display_name(name: str, name_zh: str | None = "") -> str:
    """``name_zh`` when the current language is Chinese and it is not blank, else ``name``."""
    if name_zh and (get_language() or "").lower().startswith("zh"):
        return name_zh
    return name


def node_name(locode: str, fallback: str = "") -> str:
    """A network node's name in the current language; ``fallback`` (or the code) if the
    network does not know it."""
    from cloudcabin.network.selectors import current_network

    node = current_network().nodes.get(locode)
    if node is None:
        return fallback or locode
    return display_name(node.name, node.name_zh)


def route_name(option: Mapping[str, Any]) -> str:
    """A route option's "Xi'an → … → Duisburg", in the current language."""
    nodes = option.get("nodes") or []
    if not nodes:
        return str(option.get("summary", ""))
    return " → ".join(node_name(node.get("locode", ""), node.get("name", "")) for node in nodes)


def crossing_name(crossing: Mapping[str, Any]) -> str:
    """A border crossing of a route option, "Alashankou - Dostyk", in the current language."""
    exit_code, entry_code = crossing.get("exit_locode"), crossing.get("entry_locode")
    if exit_code and entry_code:
        return f"{node_name(exit_code)} - {node_name(entry_code)}"
    return str(crossing.get("name", ""))


def service_name(service: Any) -> str:
    """A train service's name; in Chinese, the one the operator gave it, else its ends'
    Chinese names ("西安 → 杜伊斯堡")."""
    if not (get_language() or "").lower().startswith("zh"):
        return str(service.name)
    return str(getattr(service, "name_zh", "") or "") or (
        f"{node_name(service.origin_id)} → {node_name(service.destination_id)}"
    )
