"""The trace types a map's areas and points are sent as: Plotly's SVG map without online tiles (the
default), MapLibre's with them (``dashboard/figures/svg_map.py``)."""

AREA_TYPES = ("choropleth", "choroplethmap")
POINT_TYPES = ("scattergeo", "scattermap")
