"""Page footer: keeping a district offline, data sources and the hotline."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from dashboard.ui.text import T
from dashboard.web.frame import keep_offline


def layout(lang: str) -> html.Footer:
    """Keeping a district offline, the attribution every map view must carry, and where to get help."""
    return html.Footer(
        className="app-footer small py-3 mt-4",
        children=dbc.Container(fluid=True, children=[
            keep_offline.layout(),
            html.Div(T("footer.source", lang)),
            html.Div(T("footer.demo", lang)),
            html.Div(T("footer.hotline", lang)),
        ]),
    )
