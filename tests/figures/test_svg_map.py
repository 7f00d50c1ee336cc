"""Maps drawn as Plotly's SVG maps when no tiles are configured (dashboard/figures/svg_map.py).

Each figure is built the way the pages build it, then converted; the expected areas, values and
points are the ones the test put in, and Plotly's own validation judges every property.
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard.core.privacy import Hidden
from dashboard.features.gaps.figures import gap_map
from dashboard.figures.choropleth import area_choropleth
from dashboard.figures.svg_map import for_page, svg_map, trace_for_page
from geodata import Level, areas_at, bounds

SYLHET = "BD6091"
TILES = "https://tiles.example.org/{z}/{x}/{y}.png"


def _upazila_values() -> dict[str, float | Hidden | None]:
    upazilas = [a.pcode for a in areas_at(Level.UPAZILA) if a.parent_pcode == SYLHET]
    values: dict[str, float | Hidden | None] = {p: 10 * (i + 1) for i, p in enumerate(upazilas[:-2])}
    values[upazilas[-2]] = Hidden(5)
    values[upazilas[-1]] = None
    return values


@pytest.mark.parametrize("lang", ["en", "bn"])
def test_sv001_a_district_map_becomes_an_svg_map_with_the_same_areas_and_hovers(lang: str) -> None:
    values = _upazila_values()
    made = area_choropleth(values, lang, SYLHET, selected=next(iter(values))).to_plotly_json()
    drawn = svg_map(made)
    go.Figure(drawn)  # Plotly's validation: every property is one a choropleth has
    assert [trace["type"] for trace in drawn["data"]] == ["choropleth"] * 4  # values, hidden, no data, selected
    shown = {p: trace["customdata"][i] if "customdata" in trace else None
             for trace in drawn["data"][:3] for i, p in enumerate(trace["locations"])}
    assert shown.keys() == values.keys()
    hidden, none = list(values)[-2:]
    assert drawn["data"][1]["locations"] == [hidden] and drawn["data"][2]["locations"] == [none]
    for trace, before in zip(drawn["data"], made["data"], strict=True):
        # The same boundaries by address, joined on the same ids, the same hovers and colours.
        for key in ("geojson", "featureidkey", "locations", "z", "colorscale", "hovertemplate", "meta", "marker"):
            assert trace.get(key) == before.get(key), key
    assert "map" not in drawn["layout"] and made["layout"]["map"]["style"] == "white-bg"
    geo = drawn["layout"]["geo"]
    assert geo["visible"] is False and geo["projection"] == {"type": "mercator"}  # no world map beneath
    west, south, east, north = bounds(SYLHET)
    (lon0, lon1), (lat0, lat1) = geo["lonaxis"]["range"], geo["lataxis"]["range"]
    assert lon0 < west < east < lon1 and lat0 < south < north < lat1  # the whole district, a margin round it
    assert lon1 - lon0 < (east - west) * 1.1
    assert drawn["layout"]["uirevision"] == made["layout"]["uirevision"]  # the user's zoom kept as before


def test_sv002_the_gap_map_keeps_its_points_rings_and_focus() -> None:
    upazila = next(a for a in areas_at(Level.UPAZILA) if a.parent_pcode == SYLHET)
    table = pd.DataFrame({"pcode": [upazila.pcode], "in_need": [40], "unreached": [10], "share_unreached": [25.0]})
    providers = pd.DataFrame({"lat": [24.9, 24.8], "lon": [91.9, 92.1], "name": ["Centre A", None]})
    cells = pd.DataFrame({"lat": [24.85], "lon": [91.95], "returnees": [9]})
    sites = pd.DataFrame({"lat": [24.7], "lon": [92.0], "site": ["S1"], "kind": ["fair"], "newly_reached": [6]})
    made = gap_map(table, providers, cells, sites, SYLHET, 10.0, True, "en", focus=(24.7, 92.0))
    drawn = svg_map(made.to_plotly_json())
    go.Figure(drawn)
    kinds = [trace["type"] for trace in drawn["data"]]
    assert kinds[0] == "choropleth" and set(kinds[1:]) == {"scattergeo"}
    by_name = {json.dumps(trace.get("meta"), sort_keys=True): trace for trace in drawn["data"][1:]}
    points = sorted((lat, lon) for trace in by_name.values() if trace["mode"] == "markers"
                    for lat, lon in zip(trace["lat"], trace["lon"], strict=True))
    assert points == sorted([(24.9, 91.9), (24.8, 92.1), (24.85, 91.95), (24.7, 92.0), (24.7, 92.0)])
    rings = [trace for trace in drawn["data"] if trace.get("mode") == "lines"]
    assert len(rings) == 1 and rings[0]["lat"].count(None) == 2  # a ring per provider, apart
    # The view is the focus (the chosen site) with the reach round it, not the whole district.
    (lon0, lon1), (lat0, lat1) = drawn["layout"]["geo"]["lonaxis"]["range"], drawn["layout"]["geo"]["lataxis"]["range"]
    assert lon0 < 92.0 < lon1 and lat0 < 24.7 < lat1 and lon1 - lon0 < 0.25


def test_sv003_maplibre_only_properties_are_dropped_and_other_figures_left_alone() -> None:
    figure: dict[str, Any] = {
        "data": [{"type": "scattermap", "lat": [24.0], "lon": [90.0], "below": "", "cluster": {"enabled": True},
                  "marker": {"size": 8, "allowoverlap": True}},
                 {"type": "bar", "x": [1], "y": [2]}],
        "layout": {"map": {"style": "white-bg", "zoom": 6}},
    }
    drawn = svg_map(figure)
    go.Figure(drawn)
    assert drawn["data"][0] == {"type": "scattergeo", "lat": [24.0], "lon": [90.0], "marker": {"size": 8}}
    assert drawn["data"][1] == {"type": "bar", "x": [1], "y": [2]}
    assert drawn["layout"]["geo"]["fitbounds"] == "locations"  # no bounds given: fitted to what it draws
    chart = {"data": [{"type": "bar", "x": [1], "y": [2]}], "layout": {"title": {"text": "x"}}}
    assert svg_map(chart) is chart
    assert figure["data"][0]["type"] == "scattermap"  # the figure given is not changed


def test_sv004_with_tiles_configured_maplibre_draws_the_figure_as_built() -> None:
    made = area_choropleth(_upazila_values(), "en", SYLHET, tile_url=TILES).to_plotly_json()
    assert for_page(made, TILES) is made
    assert for_page(made, "")["data"][0]["type"] == "choropleth"
    trace = made["data"][0]
    assert trace_for_page(trace, TILES) is trace and trace_for_page(trace, "")["type"] == "choropleth"
