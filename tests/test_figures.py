"""Pure figure and table builders."""

from __future__ import annotations

import json

from dash import html

from dashboard.components.kpi_cards import kpi_cards
from dashboard.figures.choropleth import area_choropleth
from dashboard.figures.tables import district_table
from dashboard.indicators import INDICATOR_KEYS


def test_fg001_choropleth_colours_known_districts_and_greys_the_rest() -> None:
    figure = area_choropleth({"BD6091": 200, "BD4047": 0}, "en")
    data, nodata = figure.data
    assert list(data.locations) == ["BD4047", "BD6091"] and list(data.z) == [0, 200]  # zero is data
    assert len(nodata.locations) == 62 and nodata.showscale is False
    assert "Sylhet" in data.customdata[1][0] and "সিলেট" in data.customdata[1][0]
    assert figure.layout.map.style == "white-bg"


def test_fg002_choropleth_in_bangla_uses_bangla_names_and_digits() -> None:
    figure = area_choropleth({"BD6091": 1205}, "bn")
    assert figure.data[0].customdata[0][0].startswith("<b>সিলেট</b>")
    assert figure.data[0].customdata[0][1] == "১,২০৫"


def test_fg003_map_figure_requests_nothing_from_outside() -> None:
    text = json.dumps(area_choropleth({"BD6091": 1}, "en").to_plotly_json()["layout"])
    assert "http" not in text and "mapbox://" not in text


def test_fg006_online_tiles_only_when_configured() -> None:
    assert "layers" not in area_choropleth({}, "en").to_plotly_json()["layout"]["map"]
    figure = area_choropleth({}, "en", None, "http://tiles.example/{z}/{x}/{y}.png", "© example")
    layer = figure.layout.map.layers[0]
    assert list(layer.source) == ["http://tiles.example/{z}/{x}/{y}.png"] and layer.below == "traces"


def test_fg004_district_table_has_every_district() -> None:
    table = district_table({"BD6091": 7}, "en")
    assert len(table) == 64
    assert table.set_index("P-code").loc["BD6091", "Returnees profiled"] == 7
    assert table["Returnees profiled"].sum() == 7


def _text(component: object) -> str:
    if isinstance(component, (list, tuple)):
        return " ".join(_text(c) for c in component)
    if isinstance(component, html.Div | html.H3) or hasattr(component, "children"):
        return _text(getattr(component, "children", ""))
    return str(component) if component is not None else ""


def test_fg005_kpi_cards_show_values_targets_and_progress() -> None:
    figures = dict.fromkeys(INDICATOR_KEYS, 0) | {"returnees_profiled": 1205}
    text = _text(kpi_cards(figures, {"returnees_profiled": 3000}, "en"))
    assert "1,205" in text and "Target 3,000" in text and "40% of target" in text
    assert text.count("Target") == 1
    bangla = _text(kpi_cards(figures, {"returnees_profiled": 3000}, "bn"))
    assert "১,২০৫" in bangla and "লক্ষ্যমাত্রা ৩,০০০" in bangla


def test_fg007_district_view_shows_only_its_upazilas_zoomed_in() -> None:
    from dashboard.figures.choropleth import NATIONAL_ZOOM

    figure = area_choropleth({"BD60910038": 5}, "en", "BD6091")
    located = [p for trace in figure.data for p in trace.locations]
    assert len(located) == 14 and all(p.startswith("BD6091") for p in located)
    assert figure.layout.map.zoom > NATIONAL_ZOOM + 1
    assert 24.5 < figure.layout.map.center.lat < 25.5 and 91.5 < figure.layout.map.center.lon < 92.5
    assert figure.layout.uirevision == "map-BD6091"


def test_fg008_map_state_round_trips_through_the_url() -> None:
    from dashboard.components.district_map import default_layers, parse_state, state_search

    assert parse_state("") == (None, default_layers())
    assert parse_state("?district=BD6091&layers=fairs,providers") == ("BD6091", ["fairs", "providers"])
    assert parse_state("?district=BD60910038&layers=nonsense") == (None, [])  # upazila or junk: ignored
    assert parse_state(state_search("BD4047", ["providers", "returnees"])) == ("BD4047", ["returnees", "providers"])
