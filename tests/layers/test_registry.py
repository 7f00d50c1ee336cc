"""The layer registry, and a meta-test: every registered layer has its own test module."""

from __future__ import annotations

from pathlib import Path

import plotly.graph_objects as go
import pytest

from dashboard.core.scope import Scope
from dashboard.db import Database
from dashboard.figures.svg_map import svg_map
from dashboard.i18n import catalogue
from layers import REGISTRY, LayerView, MapLayer, ordered_layers, register
from layers.base import marker_sizes, trace_json

HERE = Path(__file__).resolve().parent


def test_ly001_the_layers_are_registered_in_drawing_order() -> None:
    assert [layer.key for layer in ordered_layers()] == ["returnees", "dcc_activity", "awareness", "hotline",
                                                        "fairs", "referral_flows", "providers"]
    assert [k for k, layer in REGISTRY.items() if layer.default_on] == ["returnees"]


def test_ly002_every_layer_has_a_test_module_and_a_label() -> None:
    for key, layer in REGISTRY.items():
        assert (HERE / f"test_{key}.py").exists(), f"layer {key!r} has no tests/layers/test_{key}.py"
        assert layer.label_key in catalogue("en") and layer.label_key in catalogue("bn")


def test_ly003_keys_are_unique() -> None:
    existing = next(iter(REGISTRY.values()))
    with pytest.raises(ValueError, match="registered twice"):
        register(MapLayer(existing.key, existing.label_key, False, 99, existing.load, existing.traces,
                          existing.rows))


def test_ly004_marker_area_is_proportional_to_value() -> None:
    small, large = marker_sizes([25, 100], largest=40, smallest=1)
    assert large == 40 and small == 20  # a quarter of the value, a quarter of the area
    assert marker_sizes([]) == []
    # In tenths of a pixel: 17 digits a size were a sixth of a district's map answer.
    assert marker_sizes([1, 7, 13], largest=30) == [8.3, 22.0, 30.0]


@pytest.mark.parametrize("points", [False, True])
def test_ly005_every_layer_draws_valid_plotly_traces(demo_db: Database, points: bool) -> None:
    # Layers build their traces without Plotly's validation (layers.base.map_points); here the
    # drawn result goes through the validating constructor, so a bad property still fails.
    view = LayerView(lang="bn", district="BD6091", points=points)
    with demo_db.session() as session:
        for layer in ordered_layers():
            traces = layer.traces(layer.load(session, Scope.national(), view), view)
            assert traces, f"layer {layer.key} drew nothing from the demo data"
            go.Figure(data=[trace.to_plotly_json() for trace in traces])  # raises on an invalid property
            # What the map sends (without Plotly's copy) is what Plotly would have sent.
            assert [trace_json(trace) for trace in traces] == [trace.to_plotly_json() for trace in traces]
            # And drawn as the SVG map (no tiles, the default), every property is one Plotly's
            # SVG map traces have, and the points are where the layer put them.
            drawn = svg_map({"data": [trace_json(trace) for trace in traces], "layout": {}})
            go.Figure(drawn)  # raises on a property scattergeo does not have
            for made, svg in zip(traces, drawn["data"], strict=True):
                assert svg["type"] == "scattergeo" and list(svg["lat"]) == list(made.lat)
