"""A click on the map reaches the area under the pointer, whatever layers lie over it.

Plotly answers a click with the point its hover picked, and over an area the nearest point of
a layer (a returnee circle, a provider's dot) wins over the area itself: with the returnees
layer on, as it is by default, clicking a district opened nothing (issue 27). This clientside
listener takes every click on the graph: a click on an area gives that area; a click on a
layer's point gives the area under the pointer, found as Plotly's own hover finds areas (the
polygons it keeps per area, ``_polygons``, and MapLibre's ``unproject`` or the SVG map's
projection; all internal, so
``tests/integration/test_map_landing.py`` clicks a point-covered area in Chromium for real).
The area goes to a store the map's ``sync`` callback listens to; the points keep their hover.
"""

from __future__ import annotations

from dash import Input

from dashboard.ui.registry import clientside_callback

_LISTEN = """
function (figure) {
    const isArea = trace => !!trace && (trace.type === 'choroplethmap' || trace.type === 'choropleth');
    // Longitude and latitude under the pointer: MapLibre's unproject on a tiled map, the
    // projection's inverse (in the graph's SVG coordinates) on an SVG map (figures/svg_map).
    const lngLat = (gd, pointer) => {
        const full = gd._fullLayout || {};
        const tiled = (full.map || {})._subplot;
        if (tiled && tiled.map) {
            const box = tiled.map.getCanvas().getBoundingClientRect();
            const at = tiled.map.unproject([pointer.clientX - box.left, pointer.clientY - box.top]);
            return [at.lng, at.lat];
        }
        const svg = (full.geo || {})._subplot, root = gd.querySelector('.main-svg');
        if (!svg || !svg.projection || !root) { return null; }
        const box = root.getBoundingClientRect();
        return svg.projection.invert([pointer.clientX - box.left, pointer.clientY - box.top]) || null;
    };
    const areaAt = (gd, event) => {
        const pointer = event && event.changedTouches ? event.changedTouches[0] : event;
        if (!pointer || pointer.clientX === undefined) { return null; }
        const at = lngLat(gd, pointer);
        if (!at) { return null; }
        for (const trace of gd.calcdata || []) {
            const first = trace[0];
            if (!first || !isArea(first.trace) || first.trace.hoverinfo === 'skip') { continue; }
            for (const area of trace) {
                let inside = false;  // an even number of rings around the pointer is a hole
                for (const polygon of area._polygons || []) {
                    if (polygon.contains(at)) { inside = !inside; }
                }
                if (inside) { return area.loc; }
            }
        }
        return null;
    };
    const listen = tries => {
        const gd = document.querySelector('#__GRAPH__ .js-plotly-plot');
        if (!gd || typeof gd.on !== 'function') {
            if (tries > 0) { setTimeout(() => listen(tries - 1), 200); }
            return;
        }
        if (gd.__areaClicks) { return; }
        gd.__areaClicks = true;
        gd.on('plotly_click', data => {
            const onArea = ((data && data.points) || []).find(p => isArea(p.data) && p.location);
            const area = onArea ? onArea.location : areaAt(gd, data && data.event);
            if (area) { window.dash_clientside.set_props('__STORE__', {data: {area: area, at: Date.now()}}); }
        });
    };
    listen(50);
}
"""


def clicks_reach_areas(graph: str, store: str) -> None:
    """Send the area under every click on ``graph`` to ``store`` as ``{"area": P-code, "at": time}``."""
    clientside_callback(_LISTEN.replace("__GRAPH__", graph).replace("__STORE__", store), Input(graph, "figure"))
