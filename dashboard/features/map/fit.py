"""Fitting a map to its area in the browser, where the map's real size is known.

The server sends each map figure with a view fitted to an assumed size and the area's
bounds in ``layout.meta``; this clientside callback refits the view to the graph's
actual width and height, so a 360 px phone sees the whole district too.
"""

from __future__ import annotations

from dash import Input, Output

from dashboard.ui.registry import clientside_callback

_FIT = """
function (figure) {
    if (!figure || !figure.layout) { return window.dash_clientside.no_update; }
    const bounds = (figure.layout.meta || {}).bounds;
    const el = document.getElementById('__GRAPH__');
    const width = (el && el.clientWidth) || 640, height = (el && el.clientHeight) || 520;
    // An SVG map (figures/svg_map) fits its longitude and latitude ranges to the graph itself.
    if (!bounds || !figure.layout.map) { return figure; }
    const [west, south, east, north] = bounds;
    const merc = lat => Math.log(Math.tan(Math.PI / 4 + lat * Math.PI / 360));
    const lonZoom = Math.log2(width * 0.92 * 360 / (512 * Math.max(east - west, 0.01)));
    const latZoom = Math.log2(height * 0.92 * 2 * Math.PI / (512 * Math.max(merc(north) - merc(south), 0.0002)));
    const middle = Math.atan(Math.sinh((merc(north) + merc(south)) / 2)) * 180 / Math.PI;
    const map = Object.assign({}, figure.layout.map,
        {center: {lat: middle, lon: (west + east) / 2}, zoom: Math.min(lonZoom, latZoom)});
    return Object.assign({}, figure, {layout: Object.assign({}, figure.layout, {map: map})});
}
"""


def fit_to_area(figure_store: str, graph: str) -> None:
    """Draw the figure held in ``figure_store`` into ``graph``, fitted to the graph's size."""
    clientside_callback(_FIT.replace("__GRAPH__", graph), Output(graph, "figure"), Input(figure_store, "data"))
