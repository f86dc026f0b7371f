"""An SVG map of a route over country outlines, drawn offline.

Outlines: Natural Earth 1:110m admin-0 countries (public domain), kept in ``data/``.
Projection: equirectangular with the longitude scaled by cos(mid-latitude), which is
plenty for a corridor-sized picture. Sea legs between East Asia and Europe are drawn
through the Suez waypoints instead of across the continent.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from cloudcabin.network.names import node_name, route_name
from cloudcabin.numbers import map_coordinate

GEOJSON = Path(__file__).resolve().parent / "data" / "ne_110m_admin_0_countries.geojson"
WIDTH, HEIGHT = 640, 320
PADDING_DEG = 3.0
MODE_STYLE = {
    "rail_1435": ("#0b5cad", ""),
    "rail_1520": ("#9a3412", ""),
    "rail_1668": ("#7c3aed", ""),
    "sea": ("#0e7490", "6 4"),
    "ferry": ("#0891b2", "3 3"),
    "road": ("#4d7c0f", "1 3"),
}
# Singapore, Sri Lanka, Bab-el-Mandeb, Suez, Gibraltar, Ushant: lon, lat.
SUEZ_WAYPOINTS: list[tuple[float, float]] = [
    (103.8, 1.3), (80.0, 5.5), (43.4, 12.6), (32.5, 30.0), (-5.6, 36.0), (-5.0, 48.5),
]  # fmt: skip

Point = tuple[float, float]  # lon, lat


@lru_cache(maxsize=1)
def _countries() -> list[tuple[str, list[list[Point]]]]:
    data = json.loads(GEOJSON.read_text(encoding="utf-8"))
    found = []
    for feature in data["features"]:
        geometry = feature["geometry"]
        polygons = (
            [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        )
        rings = [[(float(x), float(y)) for x, y in polygon[0]] for polygon in polygons]
        found.append((str(feature["properties"].get("NAME", "")), rings))
    return found


class _Projection:
    def __init__(self, points: Sequence[Point]) -> None:
        lons = [p[0] for p in points]
        lats = [p[1] for p in points]
        self.west, self.east = min(lons) - PADDING_DEG, max(lons) + PADDING_DEG
        self.south, self.north = min(lats) - PADDING_DEG, max(lats) + PADDING_DEG
        self.kx = math.cos(math.radians((self.south + self.north) / 2))
        span_x = (self.east - self.west) * self.kx
        span_y = self.north - self.south
        self.scale = min(WIDTH / span_x, HEIGHT / span_y)
        self.dx = (WIDTH - span_x * self.scale) / 2
        self.dy = (HEIGHT - span_y * self.scale) / 2

    def __call__(self, point: Point) -> tuple[float, float]:
        x = (point[0] - self.west) * self.kx * self.scale + self.dx
        y = (self.north - point[1]) * self.scale + self.dy
        return map_coordinate(x), map_coordinate(y)

    def overlaps(self, ring: list[Point]) -> bool:
        lons = [p[0] for p in ring]
        lats = [p[1] for p in ring]
        return not (
            max(lons) < self.west
            or min(lons) > self.east
            or max(lats) < self.south
            or min(lats) > self.north
        )


@lru_cache(maxsize=64)
def _background(bounds: tuple[float, float, float, float]) -> str:
    project = _Projection([(bounds[0], bounds[1]), (bounds[2], bounds[3])])
    paths = []
    for name, rings in _countries():
        shapes = [ring for ring in rings if project.overlaps(ring)]
        if not shapes:
            continue
        d = " ".join(
            "M" + " L".join(f"{x},{y}" for x, y in map(project, ring)) + "Z" for ring in shapes
        )
        paths.append(f'<path d="{d}"><title>{escape(name)}</title></path>')
    return "".join(paths)


def _leg_points(leg: dict[str, Any], coordinates: dict[str, Point]) -> list[Point]:
    start, end = coordinates[leg["origin"]], coordinates[leg["destination"]]
    if leg["mode"] == "sea" and abs(start[0] - end[0]) > 60:
        waypoints = SUEZ_WAYPOINTS if start[0] > end[0] else list(reversed(SUEZ_WAYPOINTS))
        return [start, *waypoints, end]
    return [start, end]


def route_svg(
    option: dict[str, Any],
    coordinates: dict[str, Point],
    label: str = "",
    positions: Sequence[tuple[str, Point]] = (),
) -> SafeString:
    """The SVG for one route option (as ``presenters.option_to_dict`` gives it), with a
    marker at each of ``positions`` (name and point of where containers were last seen)."""
    known = [
        leg
        for leg in option["legs"]
        if leg["origin"] in coordinates and leg["destination"] in coordinates
    ]
    points = [p for leg in known for p in _leg_points(leg, coordinates)]
    if not points:
        return mark_safe("")
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    # Round the box so that the options of one search share a cached background.
    bounds = (
        math.floor(min(lons) / 5) * 5,
        math.floor(min(lats) / 5) * 5,
        math.ceil(max(lons) / 5) * 5,
        math.ceil(max(lats) / 5) * 5,
    )
    project = _Projection([(bounds[0], bounds[1]), (bounds[2], bounds[3])])
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'class="route-map" role="img" aria-label="{escape(label or route_name(option))}">',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#eaf2fa"/>',
        f'<g fill="#fdfcf7" stroke="#b8c2cc" stroke-width="0.6">{_background(bounds)}</g>',
    ]
    for leg in known:
        colour, dash = MODE_STYLE.get(leg["mode"], ("#333", ""))
        d = " ".join(f"{x},{y}" for x, y in map(project, _leg_points(leg, coordinates)))
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<polyline points="{d}" fill="none" stroke="{colour}" stroke-width="2.5"{dash_attr}>'
            f"<title>{escape(node_name(leg['origin'], leg['origin_name']))} → "
            f"{escape(node_name(leg['destination'], leg['destination_name']))} "
            f"({escape(leg['mode'])})</title></polyline>"
        )
    # In the route's order (a set's order would change the page from process to process).
    crossings = dict.fromkeys(c["exit_locode"] for c in option["border_crossings"])
    for locode in (code for code in crossings if code and code in coordinates):
        x, y = project(coordinates[locode])
        parts.append(
            f'<circle cx="{x}" cy="{y}" r="4" fill="#fff" stroke="#b42318" stroke-width="2" '
            f'data-marker="border"><title>{escape(locode)}</title></circle>'
        )
    for change in option["gauge_changes"]:
        if change["locode"] not in coordinates:
            continue
        x, y = project(coordinates[change["locode"]])
        parts.append(
            f'<rect x="{x - 4}" y="{y - 4}" width="8" height="8" fill="#f59e0b" '
            f'transform="rotate(45 {x} {y})" data-marker="gauge">'
            f"<title>{escape(node_name(change['locode'], change['name']))}: "
            f"{change['from_gauge']} → {change['to_gauge']} mm</title></rect>"
        )
    for node in (option["nodes"][0], option["nodes"][-1]):
        if node["locode"] in coordinates:
            x, y = project(coordinates[node["locode"]])
            parts.append(
                f'<circle cx="{x}" cy="{y}" r="4" fill="#1d2733"/>'
                f'<text x="{x + 6}" y="{y - 6}" font-size="12" fill="#1d2733">'
                f"{escape(node_name(node['locode'], node['name']))}</text>"
            )
    for name, point in dict.fromkeys(positions):
        x, y = project(point)
        title = escape(_("Last reported at %(place)s") % {"place": name})
        parts.append(
            f'<circle cx="{x}" cy="{y}" r="7" fill="#16a34a" fill-opacity="0.35" '
            f'stroke="#15803d" stroke-width="2.5" data-marker="position"><title>{title}</title>'
            "</circle>"
        )
    credit = escape(_("Made with Natural Earth"))
    parts.append(
        f'<text x="{WIDTH - 6}" y="{HEIGHT - 6}" font-size="9" text-anchor="end" fill="#5b6878">'
        f"{credit}</text></svg>"
    )
    return mark_safe("".join(parts))  # every interpolated text is escaped above
