"""Fitting a map to its area in the browser, where the map's real size is known.

The server sends each map figure with a view fitted to an assumed size and the area's
bounds in ``layout.meta``; this clientside callback refits the view to the graph's
actual width and height, so a 360 px phone sees the whole district too (an SVG map,
``figures/svg_map``, fits itself).

It also starts fetching the areas' boundaries (GeoJSON, by address) as soon as the figure
arrives. Plotly asks for them only once its own module has arrived and starts drawing, a
round trip and the file after the largest download of a first visit (0.25 s at 1.6 Mbit/s
and 150 ms, issue 33); it takes a file it finds in ``window.PlotlyGeoAssets`` (its cache of
fetched GeoJSON, by address) instead. Should Plotly start first, it fetches the file itself.
"""

from __future__ import annotations

from dash import Input, Output

from dashboard.ui.registry import clientside_callback

_FIT = """
function (figure) {
    if (!figure || !figure.layout) { return window.dash_clientside.no_update; }
    const assets = window.PlotlyGeoAssets = window.PlotlyGeoAssets || {topojson: {}};
    const asked = window.dashboardBoundaries = window.dashboardBoundaries || {};
    for (const trace of figure.data || []) {
        const address = trace.geojson;
        if (typeof address !== 'string' || assets[address] || asked[address]) { continue; }
        asked[address] = true;
        fetch(address, {credentials: 'same-origin'}).then(r => r.ok ? r.json() : null).then(found => {
            if (found && !assets[address]) { assets[address] = found; }
        }, () => null).finally(() => { delete asked[address]; });
    }
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
