"""The brief's map as SVG: the district's upazilas shaded by a figure, with fairs and
providers marked. Drawn on the server from our own boundaries with shapely, so it needs no
tile server and no network, and stays sharp when printed (Chromium prints it as vectors, and
the legend as real text, shaped and extractable like the rest of the page).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

from plotly.colors import sample_colorscale
from shapely.geometry import shape

from dashboard.figures.classes import quantile_classes
from dashboard.figures.style import CHOROPLETH_SCALE, NO_DATA
from dashboard.i18n import t
from geodata import Level, boundaries

WIDTH = 640  # SVG units; the page scales it to the column


@dataclass(frozen=True)
class Mark:
    """A point on the map: ``kind`` is "fair" (drawn as a disc) or "provider" (a square)."""

    lat: float
    lon: float
    kind: str


def _project(lon: float, lat: float, middle_lat: float) -> tuple[float, float]:
    # Equirectangular, corrected for the district's latitude: at district size the
    # distortion is far below what a printed page shows.
    return lon * math.cos(math.radians(middle_lat)), -lat


def district_map(district: str, values: dict[str, float | None], marks: list[Mark], title: str,
                 lang: str) -> str:
    """SVG of ``district``: upazilas shaded by ``values`` (None: no data), marks on top, a legend."""
    features = [f for f in boundaries(Level.UPAZILA)["features"] if str(f["id"]).startswith(district)]
    shapes = {str(f["id"]): shape(f["geometry"]) for f in features}
    if not shapes:
        return ""
    west, south, east, north = (min(s.bounds[0] for s in shapes.values()), min(s.bounds[1] for s in shapes.values()),
                                max(s.bounds[2] for s in shapes.values()), max(s.bounds[3] for s in shapes.values()))
    middle = (south + north) / 2
    x0, y0 = _project(west, north, middle)
    x1, y1 = _project(east, south, middle)
    scale = WIDTH / (x1 - x0)
    height = (y1 - y0) * scale
    known = [v for v in values.values() if v is not None]
    classes = quantile_classes(known, 0) if known else None
    colours = sample_colorscale(CHOROPLETH_SCALE, [0.15 + 0.85 * i / max(len(classes.ranges) - 1, 1)
                                                    for i in range(len(classes.ranges))]) if classes else []

    def point(lon: float, lat: float) -> tuple[float, float]:
        x, y = _project(lon, lat, middle)
        return (x - x0) * scale, (y - y0) * scale

    def path(geometry: object) -> str:
        polygons = getattr(geometry, "geoms", [geometry])
        parts = []
        for polygon in polygons:
            for ring in (polygon.exterior, *polygon.interiors):
                coords = [point(lon, lat) for lon, lat in ring.coords]
                parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in coords) + "Z")
        return "".join(parts)

    body = []
    for pcode, geometry in shapes.items():
        value = values.get(pcode)
        fill = colours[classes.index(value)] if classes and value is not None else NO_DATA
        body.append(f'<path d="{path(geometry)}" fill="{fill}" stroke="#ffffff" stroke-width="1.2"/>')
    for mark in marks:
        x, y = point(mark.lon, mark.lat)
        if mark.kind == "fair":
            body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="8" fill="#762A83" stroke="#ffffff" stroke-width="2"/>')
        else:
            body.append(f'<rect x="{x - 6:.1f}" y="{y - 6:.1f}" width="12" height="12" fill="#222222" '
                        f'stroke="#ffffff" stroke-width="1"/>')
    legend = _legend(classes.labels(lang) if classes else [], colours, title, lang, height)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height + 120:.0f}" '
            f'role="img" aria-label="{escape(title)}">{"".join(body)}{legend}</svg>')


def _legend(labels: list[str], colours: list[str], title: str, lang: str, top: float) -> str:
    # Sized for a map printed about 8 cm wide: 24 units of 640 print at about 8 pt.
    y = top + 30
    items = []
    x = 0.0
    for label, colour in zip(labels, colours, strict=True):
        items.append(f'<rect x="{x:.0f}" y="{y - 20:.0f}" width="24" height="24" fill="{colour}" stroke="#888"/>'
                     f'<text x="{x + 30:.0f}" y="{y:.0f}" font-size="24">{escape(label)}</text>')
        x += 48 + 13 * len(label)
    y += 40
    items.append(f'<circle cx="12" cy="{y - 8:.0f}" r="10" fill="#762A83"/>'
                 f'<text x="30" y="{y:.0f}" font-size="24">{escape(t("layer.fairs", lang))}</text>'
                 f'<rect x="250" y="{y - 18:.0f}" width="18" height="18" fill="#222"/>'
                 f'<text x="276" y="{y:.0f}" font-size="24">{escape(t("layer.providers", lang))}</text>')
    items.append(f'<rect x="0" y="{y + 20:.0f}" width="24" height="24" fill="{NO_DATA}"/>'
                 f'<text x="30" y="{y + 40:.0f}" font-size="24">{escape(t("map.no_data", lang))}</text>')
    return "".join(items)
