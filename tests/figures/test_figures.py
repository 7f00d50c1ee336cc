"""Pure figure and table builders."""

from __future__ import annotations

import json

import plotly.graph_objects as go
from dash import html

from dashboard.core.indicators import INDICATOR_KEYS
from dashboard.core.metrics import Metric
from dashboard.core.privacy import Hidden
from dashboard.core.targets import NO_TARGET, TargetStatus, TargetVerdict
from dashboard.features.map.kpi_cards import kpi_cards
from dashboard.figures.choropleth import area_choropleth, fit, format_metric
from dashboard.figures.legend import legend_sections
from dashboard.figures.style import NO_DATA
from dashboard.figures.tables import area_table, indicator_table
from geodata import Level, areas_at, bounds


def _all_districts(**known: float | None) -> dict[str, float | None]:
    return {a.pcode: known.get(a.pcode, 0) for a in areas_at(Level.DISTRICT)}


def test_fg001_choropleth_classes_values_and_greys_no_data() -> None:
    values = _all_districts(BD6091=200, BD4047=0) | {"BD2084": None}
    figure = area_choropleth(values, "en")
    data, nodata = figure.data
    assert len(data.locations) == 63 and list(nodata.locations) == ["BD2084"]
    z = dict(zip(data.locations, data.z, strict=True))
    assert z["BD6091"] == max(data.z) and z["BD4047"] == 0  # zero is data, in the lowest class
    (section,) = legend_sections(figure)  # the legend is drawn beside the map, not over it
    assert section.title == "Returnees profiled (quantile classes)"
    assert [i.label for i in section.items] == ["0", "200", "No data"]  # two values: a class each
    assert section.items[-1].colour == NO_DATA and figure.layout.showlegend is False
    assert figure.layout.map.style == "white-bg"
    assert data.geojson == "geodata/districts.geojson"  # fetched once by the browser, not resent
    assert "Noto Sans Bengali" in figure.layout.font.family and "Noto Sans Bengali" in \
        figure.layout.hoverlabel.font.family


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


def test_fg009_metric_formats() -> None:
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
    targets = {"returnees_profiled": TargetVerdict(TargetStatus.COMPARED, 3000)}
    text = _text(kpi_cards(figures, targets, "en"))
    assert "1,205" in text and "Target 3,000" in text and "40% of target" in text
    assert text.count("Target") == 1
    bangla = _text(kpi_cards(figures, targets, "bn"))
    assert "১,২০৫" in bangla and "লক্ষ্যমাত্রা ৩,০০০" in bangla


def test_fg011_a_card_says_why_its_target_is_not_compared_and_only_then() -> None:
    figures = dict.fromkeys(INDICATOR_KEYS, 0) | {"returnees_profiled": 58, "migration_fairs": 3}
    targets = {"returnees_profiled": TargetVerdict(TargetStatus.PEOPLE),
               "migration_fairs": TargetVerdict(TargetStatus.PART_YEAR), "dccs_formed": NO_TARGET}
    text = _text(kpi_cards(figures, targets, "en"))
    assert "of target" not in text and text.count("Target not compared") == 2
    assert "a filter on who they are is set" in text and "covers only part of one" in text
    assert "all returnees over the whole programme" not in text  # the old note, on every card alike


def test_fg007_district_view_shows_only_its_upazilas_zoomed_in() -> None:
    national = area_choropleth(_all_districts(), "en")
    figure = area_choropleth({a.pcode: 1 for a in areas_at(Level.UPAZILA, "BD6091")}, "en", "BD6091")
    located = [p for trace in figure.data for p in trace.locations]
    assert len(located) == 14 and all(p.startswith("BD6091") for p in located)
    assert figure.data[0].geojson == "geodata/upazilas/BD6091.geojson"  # this district's upazilas only
    assert figure.layout.map.zoom > national.layout.map.zoom + 1
    assert 24.5 < figure.layout.map.center.lat < 25.5 and 91.5 < figure.layout.map.center.lon < 92.5
    assert figure.layout.uirevision == "map-BD6091"
    assert figure.layout.meta["bounds"] == list(bounds("BD6091"))  # for the browser to refit


def test_fg012_fit_shows_the_whole_area_at_any_size() -> None:
    west, south, east, north = bounds("BD6091")
    for width, height in ((640, 520), (340, 320)):
        view = fit((west, south, east, north), width, height)
        pixels_per_degree = 512 * 2 ** view["zoom"] / 360
        assert (east - west) * pixels_per_degree <= width  # nothing cropped on a phone
    assert fit((west, south, east, north), 340, 320)["zoom"] < fit((west, south, east, north), 640, 520)["zoom"]




def test_fg010_selected_upazila_is_outlined_not_counted() -> None:
    values = {a.pcode: 1 for a in areas_at(Level.UPAZILA, "BD6091")}
    figure = area_choropleth(values, "en", "BD6091", selected="BD60910038")
    outline = figure.data[-1]
    assert list(outline.locations) == ["BD60910038"] and outline.marker.line.width == 3
    assert outline.hoverinfo == "skip" and outline.showlegend is False


def test_fg014_indicator_table_writes_a_hidden_count_as_its_text() -> None:
    table = indicator_table({"returnees_profiled": Hidden(5), "migration_fairs": 1}, {"returnees_profiled": 510},
                            {"returnees_profiled": 12, "migration_fairs": Hidden(5)}, "en")
    assert table["Value"].tolist() == ["<5", 1] and table["Previous period"].tolist() == [12, "<5"]
    assert table.to_csv(index=False).splitlines()[1].endswith(",<5,510,12")


def test_fg013_indicator_table_keeps_whole_numbers() -> None:
    table = indicator_table({"returnees_profiled": 5, "migration_fairs": 1}, {"returnees_profiled": 510}, None, "en")
    assert table["Target"].tolist() == [510, None]  # Python ints and blanks, never 510.0
    assert table.to_csv(index=False).splitlines()[1].endswith(",5,510,")


def test_fg015_zero_is_data_and_hidden_is_not_missing() -> None:
    """Three kinds of area, three kinds of hover: a zero is a number in the lowest class, a
    hidden value says it is hidden, and only a missing value says "No data"."""
    upazilas = [a.pcode for a in areas_at(Level.UPAZILA, "BD6091")][:4]
    zero, some, hidden, missing = upazilas
    figure = area_choropleth({zero: 0, some: 12, hidden: Hidden(5), missing: None}, "en", "BD6091")
    hovers = {}
    for trace in figure.data:
        for location, custom in zip(trace.locations, trace.customdata, strict=True):
            hovers[location] = trace.hovertemplate.replace("%{customdata[0]}", custom[0]).replace(
                "%{customdata[1]}", custom[1] if len(custom) > 1 else "")
    assert "Returnees profiled: 0<" in hovers[zero] and "No data" not in hovers[zero]
    assert "Hidden (fewer than 5 returnees)" in hovers[hidden] and "No data" not in hovers[hidden]
    assert "No data" in hovers[missing]
    legend = [item.label for section in legend_sections(figure) for item in section.items]
    assert legend == ["0", "12", "Hidden (fewer than 5 returnees)", "No data"]


def test_fg016_a_missing_name_hovers_as_nothing_not_nan() -> None:
    """Providers outside the reader's districts come without a name (NaN in the table): the
    escaping helper must give the caller an empty text to replace, not fail or say "nan"."""
    from dashboard.figures.style import safe

    assert safe(float("nan")) == "" and safe(None) == "" and safe("<b>x</b>") == "&lt;b&gt;x&lt;/b&gt;"


def test_fg020_the_choropleth_is_what_plotly_itself_makes_of_it() -> None:
    """The choropleth is written as JSON and wrapped without validation: Plotly, validating
    it, takes every property as given and adds nothing, for a national map and a district's
    with every kind of area (classes, hidden, no data, the chosen upazila) in both languages."""
    upazilas = [a.pcode for a in areas_at(Level.UPAZILA, "BD6091")]
    values: dict[str, float | Hidden | None] = {p: float(i) for i, p in enumerate(upazilas[3:])}
    values |= {upazilas[0]: Hidden(5), upazilas[1]: None, upazilas[2]: 0}
    for lang in ("en", "bn"):
        for figure in (area_choropleth(_all_districts(BD6091=3, BD4047=None), lang),
                       area_choropleth(values, lang, "BD6091", Metric.PLAN_SHARE, selected=upazilas[2]),
                       area_choropleth({}, lang, None, Metric.RETURNEES, "http://tiles.example/{z}/{x}/{y}.png", "ex")):
            written = figure.to_plotly_json()
            assert go.Figure(written).to_plotly_json() == written
    district = area_choropleth(values, "en", "BD6091", Metric.PLAN_SHARE, selected=upazilas[2]).to_plotly_json()
    names = [trace["name"] for trace in district["data"]]
    assert names[-1] == "selected" and district["data"][-1]["locations"] == [upazilas[2]]
    hidden, without = district["data"][1], district["data"][2]
    assert (hidden["locations"], without["locations"]) == ([upazilas[0]], [upazilas[1]])
    assert sorted(district["data"][0]["locations"]) == sorted([upazilas[2], *upazilas[3:]])
