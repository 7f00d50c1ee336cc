"""Page footer: data sources and the hotline."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from dashboard.ui.text import T


def layout(lang: str) -> html.Footer:
    """Attribution every map view must carry, and where to get help."""
    return html.Footer(
        className="app-footer small py-3 mt-4",
        children=dbc.Container(fluid=True, children=[
            html.Div(T("footer.source", lang)),
            html.Div(T("footer.demo", lang)),
            html.Div(T("footer.hotline", lang)),
        ]),
    )
