"""Pure figure and table builders."""

from __future__ import annotations

import json

from dash import html

from dashboard.components.kpi_cards import kpi_cards
from dashboard.figures.choropleth import area_choropleth, format_metric
from dashboard.figures.classes import Classes, quantile_classes
from dashboard.figures.tables import area_table
from dashboard.indicators import INDICATOR_KEYS
from dashboard.metrics import Metric
from geodata import Level, areas_at


def _all_districts(**known: float | None) -> dict[str, float | None]:
    return {a.pcode: known.get(a.pcode, 0) for a in areas_at(Level.DISTRICT)}


def test_fg001_choropleth_classes_values_and_greys_no_data() -> None:
    values = _all_districts(BD6091=200, BD4047=0) | {"BD2084": None}
    figure = area_choropleth(values, "en")
    data, nodata = figure.data
    assert len(data.locations) == 63 and list(nodata.locations) == ["BD2084"]
    assert nodata.showlegend is True and nodata.name == "No data"
    z = dict(zip(data.locations, data.z, strict=True))
    assert z["BD6091"] == max(data.z) and z["BD4047"] == 0  # zero is data, in the lowest class
    assert "quantile classes" in data.colorbar.title.text
    assert list(data.colorbar.ticktext)[-1].endswith("200")
    assert figure.layout.map.style == "white-bg"
    assert data.geojson == "geodata/districts.geojson"  # fetched once by the browser, not resent


def test_fg002_choropleth_in_bangla_uses_bangla_names_and_digits() -> None:
    figure = area_choropleth(_all_districts(BD6091=1205), "bn")
    row = dict(zip(figure.data[0].locations, figure.data[0].customdata, strict=True))["BD6091"]
    assert row[0].startswith("<b>সিলেট</b>") and row[1] == "১,২০৫"


def test_fg003_map_figure_requests_nothing_from_outside() -> None:
    text = json.dumps(area_choropleth(_all_districts(BD6091=1), "en").to_plotly_json())
    assert "http" not in text and "mapbox://" not in text


def test_fg006_online_tiles_only_when_configured() -> None:
    assert "layers" not in area_choropleth({}, "en").to_plotly_json()["layout"]["map"]
    figure = area_choropleth({}, "en", None, Metric.RETURNEES, "http://tiles.example/{z}/{x}/{y}.png", "© ex")
    layer = figure.layout.map.layers[0]
    assert list(layer.source) == ["http://tiles.example/{z}/{x}/{y}.png"] and layer.below == "traces"


def test_fg004_area_table_has_every_area_on_the_map() -> None:
    table = area_table(_all_districts(BD6091=7) | {"BD2084": None}, "en", Metric.RETURNEES)
    assert len(table) == 64
    assert table.set_index("P-code").loc["BD6091", "Returnees profiled"] == 7
    assert table["Returnees profiled"].isna().sum() == 1
    shares = area_table({"BD60910038": 45.5}, "bn", Metric.PLAN_SHARE, "BD6091")
    assert list(shares.columns)[1] == "উপজেলা"


def test_fg009_quantile_classes_and_labels() -> None:
    classes = quantile_classes([0, 1, 2, 3, 4, 5, 6, 7, 8, 100])
    assert classes is not None and len(classes.uppers) == 5 and classes.uppers[-1] == 100
    assert classes.index(0) == 0 and classes.index(100) == 4
    assert classes.labels("en")[0].startswith("0–")
    assert quantile_classes([3, 3, 3]) == Classes(3.0, (3.0,))
    assert quantile_classes([]) is None
    assert format_metric(None, Metric.PLAN_SHARE, "en") == "No data"
    assert format_metric(45.25, Metric.PLAN_SHARE, "bn") == "৪৫%"


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

    figure = area_choropleth({a.pcode: 1 for a in areas_at(Level.UPAZILA, "BD6091")}, "en", "BD6091")
    located = [p for trace in figure.data for p in trace.locations]
    assert len(located) == 14 and all(p.startswith("BD6091") for p in located)
    assert figure.layout.map.zoom > NATIONAL_ZOOM + 1
    assert 24.5 < figure.layout.map.center.lat < 25.5 and 91.5 < figure.layout.map.center.lon < 92.5
    assert figure.layout.uirevision == "map-BD6091"




def test_fg010_selected_upazila_is_outlined_not_counted() -> None:
    values = {a.pcode: 1 for a in areas_at(Level.UPAZILA, "BD6091")}
    figure = area_choropleth(values, "en", "BD6091", selected="BD60910038")
    outline = figure.data[-1]
    assert list(outline.locations) == ["BD60910038"] and outline.marker.line.width == 3
    assert outline.hoverinfo == "skip" and outline.showlegend is False
