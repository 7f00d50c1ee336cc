"""A map figure drawn by Plotly's own SVG maps instead of MapLibre, when no tiles are configured.

The figures are built once, for MapLibre (``choroplethmap`` and ``scattermap`` traces, a ``map``
layout), because with online tiles configured (``DASHBOARD_TILE_URL``) MapLibre is what draws
them. Without tiles, the default and the offline case, MapLibre only paints our boundaries and
points on white, and its code is 252 kB of a first visit's 1 MB over a slow line (issue 33). The
same areas and points are drawn by ``choropleth`` and ``scattergeo`` traces in a ``geo`` layout
with every base layer off, which Plotly draws as SVG with d3-geo (``plotly-svg.mjs``,
``dashboard/web/plotly_bundle.py``). This module is the one place that knows the difference:
the features build one figure and call :func:`for_page` last.

The two trace kinds share their data properties (locations and z with a GeoJSON by URL, lat and
lon, marker size, colour and opacity, lines with gaps, hovers, custom data, legend ``meta``);
what only MapLibre has (``below``, clustering, a marker's ``allowoverlap``) is dropped. The view
is the area's bounds as longitude and latitude ranges of a Mercator projection, which Plotly fits
to the graph's own size, so nothing needs refitting in the browser.
"""

from __future__ import annotations

from typing import Any

_TRACE_TYPES = {"choroplethmap": "choropleth", "scattermap": "scattergeo"}
# Properties of the MapLibre traces with no meaning (or another meaning) on an SVG map.
_MAP_ONLY = frozenset({"below", "cluster", "subplot"})
_MARKER_MAP_ONLY = frozenset({"allowoverlap", "angle"})
# The base map Plotly would draw beneath (land, coasts, a frame): none, as the MapLibre maps
# here have none ("white-bg").
_BLANK: dict[str, Any] = {"visible": False, "showframe": False, "bgcolor": "white"}
# A margin round the area, each side, as the MapLibre view leaves (figures.choropleth.fit, 92%).
_MARGIN = 0.04


def is_map(figure: dict[str, Any]) -> bool:
    """True when ``figure`` (as JSON) is drawn on a MapLibre map."""
    return any(trace.get("type") in _TRACE_TYPES for trace in figure.get("data", ()))


def svg_trace(trace: dict[str, Any]) -> dict[str, Any]:
    """A MapLibre trace (JSON) as its SVG map equivalent; other traces as given."""
    kind = _TRACE_TYPES.get(trace.get("type", ""))
    if kind is None:
        return trace
    out = {key: value for key, value in trace.items() if key not in _MAP_ONLY}
    out["type"] = kind
    marker = trace.get("marker")
    if isinstance(marker, dict) and _MARKER_MAP_ONLY & marker.keys():
        out["marker"] = {key: value for key, value in marker.items() if key not in _MARKER_MAP_ONLY}
    return out


def _view(layout: dict[str, Any]) -> dict[str, Any]:
    meta = layout.get("meta")
    bounds = meta.get("bounds") if isinstance(meta, dict) else None
    geo: dict[str, Any] = {**_BLANK, "projection": {"type": "mercator"}}
    if bounds:
        west, south, east, north = bounds
        dx, dy = (east - west) * _MARGIN, (north - south) * _MARGIN
        geo["lonaxis"] = {"range": [round(west - dx, 5), round(east + dx, 5)]}
        geo["lataxis"] = {"range": [round(south - dy, 5), round(north + dy, 5)]}
    else:
        # A figure without its area's bounds is fitted to what it draws.
        geo["fitbounds"] = "locations"
    return geo


def svg_map(figure: dict[str, Any]) -> dict[str, Any]:
    """``figure`` (JSON) with its MapLibre traces and view as Plotly's SVG map; other figures as given."""
    if not is_map(figure):
        return figure
    layout = {key: value for key, value in (figure.get("layout") or {}).items() if key != "map"}
    layout["geo"] = _view(layout)
    return {**figure, "data": [svg_trace(trace) for trace in figure["data"]], "layout": layout}


def for_page(figure: dict[str, Any], tile_url: str) -> dict[str, Any]:
    """The figure as the page's Plotly draws it: on MapLibre when tiles are configured, else as SVG."""
    return figure if tile_url else svg_map(figure)


def trace_for_page(trace: dict[str, Any], tile_url: str) -> dict[str, Any]:
    """A map trace as the page's Plotly draws it (:func:`for_page`), for figures put together in
    the browser (the timeline's steps, ``assets/timeline.js``)."""
    return trace if tile_url else svg_trace(trace)
