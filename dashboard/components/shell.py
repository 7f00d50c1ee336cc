"""The page: header, KPI cards, map, footer. Assembles components; owns no data."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from dashboard.components import district_map, error_alert, footer, header, kpi_cards
from dashboard.components.text import T

MAIN = "main-content"


def make_layout(default_language: str):  # type: ignore[no-untyped-def]
    """A layout function (called per page load) starting in ``default_language``."""

    def layout() -> html.Div:
        lang = default_language
        return html.Div([
            html.A(T("app.skip", lang), href=f"#{MAIN}", className="visually-hidden-focusable"),
            header.layout(lang),
            error_alert.layout(),
            html.Main(id=MAIN, tabIndex="-1", children=dbc.Container(fluid=True, className="pt-3", children=[
                dbc.Row([
                    dbc.Col(district_map.layout(lang), lg=7),
                    dbc.Col(kpi_cards.layout(lang), lg=5),
                ]),
            ])),
            footer.layout(lang),
        ])

    return layout
