"""Template filters for place and route names in the page's language (``network.names``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template

from cloudcabin.network import names

register = template.Library()


@register.filter
def node_name(locode: str, fallback: str = "") -> str:
    return names.node_name(locode, fallback)


@register.filter
def route_name(option: Mapping[str, Any]) -> str:
    return names.route_name(option)


@register.filter
def crossing_name(crossing: Mapping[str, Any]) -> str:
    return names.crossing_name(crossing)


@register.filter
def service_name(service: Any) -> str:
    return names.service_name(service)
