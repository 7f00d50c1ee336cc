"""The map: national districts, drill-down to a district's upazilas, overlay layers, download.

The URL (``?district=BD6091&layers=returnees,fairs``) is the map's state, so a
copied link opens the same view and browser back/forward move between views.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlencode

import dash_bootstrap_components as dbc
from dash import Input, Output, State, ctx, dcc, html, no_update
from plotly.graph_objects import Figure

from dashboard.components.ids import LANGUAGE
from dashboard.components.registry import callback
from dashboard.components.text import T
from dashboard.data import layer_traces, returnees_per_area
from dashboard.figures.choropleth import area_choropleth
from dashboard.figures.tables import district_table
from dashboard.i18n import t
from dashboard.runtime import runtime
from geodata import Level, admin_areas, areas_at
from layers import REGISTRY, LayerView, ordered_layers

URL = "map-url"
MAP_GRAPH = "district-map"
MAP_TITLE = "district-map-title"
BREADCRUMB = "map-breadcrumb"
BACK_BUTTON = "map-back"
DISTRICT_PICKER = "map-district-picker"
LAYER_TOGGLES = "map-layer-toggles"
DOWNLOAD_BUTTON = "district-map-download-button"
DOWNLOAD = "district-map-download"

GRAPH_CONFIG = {
    "displaylogo": False,
    "scrollZoom": True,
    "responsive": True,
    "modeBarButtonsToRemove": ["select2d", "lasso2d"],
}


def default_layers() -> list[str]:
    """Layers shown when the URL names none."""
    return [layer.key for layer in ordered_layers() if layer.default_on]


def parse_state(search: str | None) -> tuple[str | None, list[str]]:
    """(district P-code or None, layer keys) from a URL query string; unknown values are dropped."""
    query = parse_qs((search or "").lstrip("?"))
    district = (query.get("district") or [None])[0]
    if district not in {a.pcode for a in areas_at(Level.DISTRICT)}:
        district = None
    keys = [k for k in query["layers"][0].split(",") if k in REGISTRY] if "layers" in query else default_layers()
    return district, keys


def state_search(district: str | None, layers: list[str]) -> str:
    """The URL query string for a map state."""
    params = {"district": district} if district else {}
    params["layers"] = ",".join(k for k in (layer.key for layer in ordered_layers()) if k in layers)
    return "?" + urlencode(params, safe=",")


def _district_options(lang: str) -> list[dict[str, str]]:
    # Both scripts in every label so a search in either finds the district.
    return [{"label": f"{a.name_en} · {a.name_bn}" if a.name_bn else a.name_en, "value": a.pcode}
            for a in sorted(areas_at(Level.DISTRICT), key=lambda a: a.name(lang))]


def layout(lang: str) -> html.Section:
    """Heading, breadcrumb, district picker, layer panel, map and download button."""
    return html.Section(
        className="mb-3",
        **{"aria-labelledby": MAP_TITLE},
        children=[
            dcc.Location(id=URL, refresh=False),
            html.Div(className="d-flex justify-content-between align-items-baseline flex-wrap gap-2", children=[
                html.H2(t("map.title", lang), id=MAP_TITLE, className="h5"),
                dbc.Button(T("map.download", lang), id=DOWNLOAD_BUTTON, size="sm", color="secondary", outline=True),
            ]),
            html.Div(className="d-flex flex-wrap align-items-center gap-2 mb-2", children=[
                html.Nav(html.Ol(id=BREADCRUMB, className="breadcrumb mb-0"), **{"aria-label": "breadcrumb"}),
                dbc.Button(T("map.back", lang), id=BACK_BUTTON, size="sm", color="link", className="d-none"),
                html.Div(dcc.Dropdown(id=DISTRICT_PICKER, options=_district_options(lang), searchable=True,
                                      placeholder=t("map.pick_district", lang), clearable=True),
                         style={"minWidth": "16rem"}, className="ms-auto"),
            ]),
            html.Fieldset(className="mb-2", children=[
                html.Legend(T("layer.heading", lang), className="small fw-bold mb-1"),
                dbc.Checklist(id=LAYER_TOGGLES, inline=True, switch=True, value=default_layers(),
                              options=[{"label": t(layer.label_key, lang), "value": layer.key}
                                       for layer in ordered_layers()]),
            ]),
            dcc.Loading(dcc.Graph(id=MAP_GRAPH, config=GRAPH_CONFIG, className="district-map",
                                  style={"height": "72vh", "minHeight": "460px"}), type="circle"),
            dcc.Download(id=DOWNLOAD),
        ],
    )


def _breadcrumb(district: str | None, layers: list[str], lang: str) -> list[html.Li]:
    national = t("map.national", lang)
    if district is None:
        return [html.Li(national, className="breadcrumb-item active", **{"aria-current": "page"})]
    return [html.Li(dcc.Link(national, href=state_search(None, layers)), className="breadcrumb-item"),
            html.Li(admin_areas()[district].name(lang), className="breadcrumb-item active",
                    **{"aria-current": "page"})]


def _next_state(search: str | None, click: dict[str, Any] | None, picked: str | None,
                layers: list[str] | None) -> tuple[str | None, list[str]]:
    district, current_layers = parse_state(search)
    trigger = ctx.triggered_id
    if trigger == MAP_GRAPH and click and district is None:
        location = click["points"][0].get("location")
        if location in admin_areas():
            district = location
    elif trigger == DISTRICT_PICKER:
        district = picked
    elif trigger == BACK_BUTTON:
        district = None
    elif trigger == LAYER_TOGGLES:
        current_layers = [k for k in (layers or []) if k in REGISTRY]
    return district, current_layers


@callback(
    Output(URL, "search"), Output(MAP_GRAPH, "figure"), Output(BREADCRUMB, "children"),
    Output(BACK_BUTTON, "className"), Output(LAYER_TOGGLES, "value"), Output(LAYER_TOGGLES, "options"),
    Output(DISTRICT_PICKER, "value"), Output(MAP_TITLE, "children"),
    Input(URL, "search"), Input(MAP_GRAPH, "clickData"), Input(DISTRICT_PICKER, "value"),
    Input(BACK_BUTTON, "n_clicks"), Input(LAYER_TOGGLES, "value"), Input(LANGUAGE, "data"),
)
def render(search: str | None, click: dict[str, Any] | None, picked: str | None, _back: int | None,
           layers: list[str] | None, lang: str) -> tuple[Any, ...]:
    """One callback owns the map state: every control writes the URL, the URL draws the map."""
    district, keys = _next_state(search, click, picked, layers)
    settings = runtime().settings
    figure: Figure = area_choropleth(returnees_per_area(district), lang, district,
                                     settings.tile_url, settings.tile_attribution)
    for trace in layer_traces(keys, LayerView(lang=lang, district=district)):
        figure.add_trace(trace)
    new_search = state_search(district, keys)
    return (
        new_search if new_search != (search or "") else no_update,
        figure,
        _breadcrumb(district, keys, lang),
        "" if district else "d-none",
        keys,
        [{"label": t(layer.label_key, lang), "value": layer.key} for layer in ordered_layers()],
        district,
        t("map.title" if district is None else "map.district_title", lang),
    )


@callback(Output(DOWNLOAD, "data"), Input(DOWNLOAD_BUTTON, "n_clicks"), State(URL, "search"),
          State(LANGUAGE, "data"), prevent_initial_call=True)
def download(_clicks: int, search: str | None, lang: str) -> dict[str, str]:
    """The numbers on the map as CSV (UTF-8 with BOM so Excel shows Bangla names)."""
    district, _layers = parse_state(search)
    table = district_table(returnees_per_area(district), lang, district)
    name = f"returnees_by_upazila_{district}.csv" if district else "returnees_by_district.csv"
    return dcc.send_data_frame(table.to_csv, name, index=False, encoding="utf-8-sig")
