"""The national district map with its data download."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Input, Output, State, dcc, html
from plotly.graph_objects import Figure

from dashboard.components.ids import LANGUAGE
from dashboard.components.registry import callback
from dashboard.components.text import T
from dashboard.data import returnees_per_district
from dashboard.figures.choropleth import district_choropleth
from dashboard.figures.tables import district_table
from dashboard.runtime import runtime

MAP_GRAPH = "district-map"
DOWNLOAD_BUTTON = "district-map-download-button"
DOWNLOAD = "district-map-download"

GRAPH_CONFIG = {
    "displaylogo": False,
    "scrollZoom": True,
    "responsive": True,
    # The image button works offline (it renders in the browser).
    "modeBarButtonsToRemove": ["select2d", "lasso2d"],
}


def layout(lang: str) -> html.Section:
    """Heading, map and download button."""
    return html.Section(
        className="mb-3",
        **{"aria-labelledby": "map-heading"},
        children=[
            html.Div(className="d-flex justify-content-between align-items-baseline flex-wrap", children=[
                html.H2(T("map.title", lang), id="map-heading", className="h5"),
                dbc.Button(T("map.download", lang), id=DOWNLOAD_BUTTON, size="sm", color="secondary",
                           outline=True),
            ]),
            dcc.Loading(dcc.Graph(id=MAP_GRAPH, config=GRAPH_CONFIG, className="district-map",
                                  style={"height": "78vh", "minHeight": "460px"}), type="circle"),
            dcc.Download(id=DOWNLOAD),
        ],
    )


@callback(Output(MAP_GRAPH, "figure"), Input(LANGUAGE, "data"))
def render(lang: str) -> Figure:
    """The choropleth for the request's scope."""
    settings = runtime().settings
    return district_choropleth(returnees_per_district(), lang, settings.tile_url, settings.tile_attribution)


@callback(Output(DOWNLOAD, "data"), Input(DOWNLOAD_BUTTON, "n_clicks"), State(LANGUAGE, "data"),
          prevent_initial_call=True)
def download(_clicks: int, lang: str) -> dict[str, str]:
    """The numbers on the map as CSV (UTF-8 with BOM so Excel shows Bangla names)."""
    table = district_table(returnees_per_district(), lang)
    return dcc.send_data_frame(table.to_csv, "returnees_by_district.csv", index=False, encoding="utf-8-sig")
