"""A click on the map reaches the area under the pointer, whatever layers lie over it.

Plotly answers a click with the point its hover picked, and over an area the nearest point of
a layer (a returnee circle, a provider's dot) wins over the area itself: with the returnees
layer on, as it is by default, clicking a district opened nothing (issue 27). This clientside
listener takes every click on the graph: a click on an area gives that area; a click on a
layer's point gives the area under the pointer, found as Plotly's own hover finds areas (the
polygons it keeps per area, ``_polygons``, and MapLibre's ``unproject``; both internal, so
``tests/integration/test_map_landing.py`` clicks a point-covered area in Chromium for real).
The area goes to a store the map's ``sync`` callback listens to; the points keep their hover.
"""

from __future__ import annotations

from dash import Input

from dashboard.ui.registry import clientside_callback

_LISTEN = """
function (figure) {
    const isArea = trace => !!trace && trace.type === 'choroplethmap';
    const areaAt = (gd, event) => {
        const subplot = ((gd._fullLayout || {}).map || {})._subplot;
        const pointer = event && event.changedTouches ? event.changedTouches[0] : event;
        if (!subplot || !subplot.map || !pointer || pointer.clientX === undefined) { return null; }
        const box = subplot.map.getCanvas().getBoundingClientRect();
        const at = subplot.map.unproject([pointer.clientX - box.left, pointer.clientY - box.top]);
        for (const trace of gd.calcdata || []) {
            const first = trace[0];
            if (!first || !isArea(first.trace) || first.trace.hoverinfo === 'skip') { continue; }
            for (const area of trace) {
                let inside = false;  // an even number of rings around the pointer is a hole
                for (const polygon of area._polygons || []) {
                    if (polygon.contains([at.lng, at.lat])) { inside = !inside; }
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
