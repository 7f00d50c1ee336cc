"""The page: header, filters, map, detail panel, KPI cards, footer. Assembles components; owns no data."""

from __future__ import annotations

from collections.abc import Callable

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components import (
    detail_panel,
    district_map,
    error_alert,
    filter_panel,
    footer,
    header,
    kpi_cards,
    view_controller,  # noqa: F401  (registers the state controller)
)
from dashboard.components.ids import URL
from dashboard.components.text import T

MAIN = "main-content"


def make_layout(default_language: str) -> Callable[[], html.Div]:
    """A layout function (called per page load) starting in ``default_language``."""

    def layout() -> html.Div:
        lang = default_language
        return html.Div([
            dcc.Location(id=URL, refresh=False),
            html.A(T("app.skip", lang), href=f"#{MAIN}", className="visually-hidden-focusable"),
            header.layout(lang),
            error_alert.layout(),
            html.Main(id=MAIN, tabIndex="-1", children=dbc.Container(fluid=True, className="pt-3", children=[
                filter_panel.layout(lang),
                dbc.Row([
                    dbc.Col(district_map.layout(lang), lg=7),
                    dbc.Col([detail_panel.layout(lang), kpi_cards.layout(lang)], lg=5),
                ]),
            ])),
            footer.layout(lang),
        ])

    return layout
