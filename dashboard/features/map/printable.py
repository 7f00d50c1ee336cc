"""The map as a print-ready page: the map drawn on the server as SVG, with its title, area,
period (as counted), filters, legend, source line and date, in the reader's language.

The page is what the screen shows: the same data functions (``features.map.data``: scope,
disclosure and audit as on screen), the same choropleth and layer traces, the same legend
entries (read from the traces, ``figures.legend``). Only the drawing differs: the traces are
drawn here as SVG from our own boundaries (no tiles, no network), and headless Chromium prints
the page (``dashboard.ui.printing``) as an A4 PDF (vectors, shaped and extractable Bangla, the
shipped Noto fonts) or as a PNG picture of the same page.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from html import escape
from itertools import pairwise
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from shapely.geometry import shape

from dashboard.config import PROJECT_ROOT
from dashboard.core import guard
from dashboard.core.access import current_actor
from dashboard.core.guard import effective_filters
from dashboard.features.map.component import map_title, messages
from dashboard.features.map.data import layer_drawing, map_values
from dashboard.features.map.outcome_round import metric_label
from dashboard.features.map.state import ViewState
from dashboard.features.map.timeline import step_view
from dashboard.figures.choropleth import ASSUMED_SIZE, area_choropleth, fit
from dashboard.figures.legend import LegendSection, legend_sections
from dashboard.i18n import format_date, t
from geodata import Level, admin_areas, boundaries, bounds
from layers.base import trace_json

TEMPLATES = PROJECT_ROOT / "dashboard" / "templates"
FONTS = PROJECT_ROOT / "assets" / "fonts"
_ENV = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))

# The page: A4 landscape. The PNG is the same page in a window of A4 at 96 CSS px per inch,
# drawn at twice that (about 190 dpi), so it stays sharp in a report.
PAGE_PX = (1122, 793)
PNG_SCALE = 2
MAP_UNITS = (760, 560)  # the SVG map's drawing box
PADDING = 0.95


@dataclass(frozen=True)
class PrintedMap:
    """The page to print, and the file name (without extension) it is downloaded under."""

    html: str
    stem: str


def _mercator(lon: float, lat: float) -> tuple[float, float]:
    # Web Mercator, as the screen's map draws it; y grows downwards, as in SVG.
    return math.radians(lon), -math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


class _Frame:
    """Longitude and latitude to SVG units: ``box`` (west, south, east, north) fitted to the map's box."""

    def __init__(self, box: tuple[float, float, float, float]) -> None:
        west, south, east, north = box
        (x0, y0), (x1, y1) = _mercator(west, north), _mercator(east, south)
        width, height = MAP_UNITS
        self.scale = PADDING * min(width / max(x1 - x0, 1e-6), height / max(y1 - y0, 1e-6))
        self.x0 = x0 - (width / self.scale - (x1 - x0)) / 2
        self.y0 = y0 - (height / self.scale - (y1 - y0)) / 2

    def point(self, lon: float, lat: float) -> tuple[float, float]:
        x, y = _mercator(lon, lat)
        return (x - self.x0) * self.scale, (y - self.y0) * self.scale

    def path(self, geometry: Any) -> str:
        parts = []
        for polygon in getattr(geometry, "geoms", [geometry]):
            for ring in (polygon.exterior, *polygon.interiors):
                coords = [self.point(lon, lat) for lon, lat in ring.coords]
                parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in coords) + "Z")
        return "".join(parts)


def _scale_colour(trace: dict[str, Any], z: float) -> str:
    """The colour Plotly gives ``z`` on the trace's (stepped) colour scale."""
    scale = trace.get("colorscale") or [[0, "#cccccc"], [1, "#cccccc"]]
    low, high = trace.get("zmin"), trace.get("zmax")
    position = 0.0 if low is None or high is None or high == low else (z - low) / (high - low)
    position = min(max(position, 0.0), 1.0)
    # A stepped scale repeats each colour at both ends of its step: the step holding the position.
    for (stop, colour), (next_stop, _next) in pairwise(scale):
        if float(stop) <= position < float(next_stop):
            return str(colour)
    return str(scale[-1][1])


def _listed(value: Any, count: int) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) or hasattr(value, "tolist") else [value] * count


def map_svg(traces: Iterable[dict[str, Any]], district: str | None, label: str) -> str:
    """The choropleth's areas and the layers' markers as SVG, bottom to top, in the screen's colours."""
    level = Level.DISTRICT if district is None else Level.UPAZILA
    shapes = {str(f["id"]): f["geometry"] for f in boundaries(level)["features"]}
    frame = _Frame(bounds(district))
    # Markers keep their size relative to the map: the screen's pixels per radian at its fitted zoom.
    screen_zoom = float(fit(bounds(district), *ASSUMED_SIZE)["zoom"])  # type: ignore[arg-type]
    marker_scale = frame.scale / (512 * 2**screen_zoom / (2 * math.pi))
    body: list[str] = []
    for trace in traces:
        if trace.get("type") == "choroplethmap":
            marker = trace.get("marker") or {}
            line = marker.get("line") or {}
            stroke, width = line.get("color", "#ffffff"), float(line.get("width", 0.6))
            opacity = marker.get("opacity", 1)
            for pcode, z in zip(trace.get("locations") or [], trace.get("z") or [], strict=False):
                if pcode not in shapes:
                    continue
                fill = _scale_colour(trace, float(z))
                fill_attr = 'fill="none"' if fill.endswith(",0)") else f'fill="{escape(fill)}" fill-opacity="{opacity}"'
                body.append(f'<path d="{frame.path(shape(shapes[pcode]))}" {fill_attr} stroke="{escape(str(stroke))}" '
                            f'stroke-width="{width * 1.5:.1f}" stroke-linejoin="round"/>')
        elif trace.get("type") == "scattermap":
            lats, lons = list(trace.get("lat") or []), list(trace.get("lon") or [])
            marker = trace.get("marker") or {}
            sizes = _listed(marker.get("size", 6), len(lats))
            colours = _listed(marker.get("color", "#444444"), len(lats))
            opacity = marker.get("opacity", 1)
            for lat, lon, size, colour in zip(lats, lons, sizes, colours, strict=False):
                if lat is None or lon is None or lat != lat or lon != lon:
                    continue
                x, y = frame.point(float(lon), float(lat))
                body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{float(size) * marker_scale / 2:.1f}" '
                            f'fill="{escape(str(colour))}" fill-opacity="{opacity}"/>')
    width, height = MAP_UNITS
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
            f'aria-label="{escape(label)}">{"".join(body)}</svg>')


_SWATCHES = {
    # The form each legend entry repeats (as figures.style names them), drawn in a 16-unit box.
    "area": '<rect x="1" y="1" width="14" height="14" fill="{c}" stroke="#888" stroke-width="0.5"/>',
    "circle": '<circle cx="8" cy="8" r="6.5" fill="{c}" fill-opacity="0.6"/>',
    "dot": '<circle cx="8" cy="8" r="6" fill="#222222"/><circle cx="8" cy="8" r="4.5" fill="{c}"/>',
    "ring": '<circle cx="8" cy="8" r="6" fill="none" stroke="{c}" stroke-width="2.5"/>',
    "disc": '<circle cx="8" cy="8" r="7" fill="#ffffff"/><circle cx="8" cy="8" r="5.5" fill="{c}"/>',
    "cored": '<circle cx="8" cy="8" r="7" fill="{c}"/><circle cx="8" cy="8" r="1.8" fill="#ffffff"/>',
}


def swatch(colour: str, form: str) -> str:
    """A legend entry's mark as inline SVG."""
    inner = _SWATCHES.get(form, _SWATCHES["area"]).format(c=escape(colour))
    return f'<svg class="swatch" viewBox="0 0 16 16" aria-hidden="true">{inner}</svg>'


def _filters_text(state: ViewState, lang: str) -> str:
    people = [name for name in state.filters.active() if name != "period"]
    return "; ".join(state.filters.chip_label(name, lang) for name in people) or t("map.print.no_filters", lang)


def printable_map(state: ViewState, lang: str, fonts_url: str, today: date | None = None,
                  search: str | None = None) -> PrintedMap:
    """The page for the map the URL describes, for this request's reader; raises
    ``core.guard.NotPermitted`` for an area outside their scope. On the timeline (``search``
    names a step) the step's map, coloured as on screen: classes over every step, or its change."""
    today = today or date.today()
    step = step_view(search, state, lang) if search else None
    values = step.shown if step else map_values(state)
    figure = step.figure if step else area_choropleth(values, lang, state.district, state.metric,
                                                      selected=state.upazila, title=metric_label(state, lang))
    drawn = layer_drawing(state, lang)
    traces = [trace_json(trace) for trace in (*figure.data, *drawn.traces)]
    title = map_title(state, lang)
    areas = admin_areas()
    area = areas[state.area].name(lang) if state.area else t("map.national", lang)
    sections: Sequence[LegendSection] = legend_sections([*figure.data, *drawn.traces])
    sources = [t("map.print.source", lang, date=format_date(today, lang), user=current_actor().name)]
    if guard.keyed():
        sources.append(t("map.print.adjusted", lang))
    page = _ENV.get_template("map_print.html").render(
        lang=lang, fonts=fonts_url, title=title, map_svg=map_svg(traces, state.district, title),
        labels={key: t(f"map.print.{key}", lang) for key in ("area", "period", "filters", "legend")},
        area=area, period=effective_filters(state.filters).period_text(lang), filters=_filters_text(state, lang),
        notes=messages(values, drawn.empty, state, lang) + (step.notes if step else []),
        legend=[{"title": s.title, "items": [{"label": i.label, "swatch": swatch(i.colour, i.form)} for i in s.items]}
                for s in sections],
        sources=sources, width=PAGE_PX[0], height=PAGE_PX[1])
    counted = effective_filters(state.filters)
    period = [d.isoformat() for d in (counted.start, counted.end) if d]
    stem = "_".join(("map", state.metric.value, state.area or "bangladesh", *period, lang))
    return PrintedMap(page, stem)


__all__ = ["PAGE_PX", "PNG_SCALE", "PrintedMap", "map_svg", "printable_map"]
