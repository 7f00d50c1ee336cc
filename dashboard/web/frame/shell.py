"""The frame around every page: header with navigation and language, the page, footer.

Assembles components; owns no data. The page itself is chosen by
``dashboard.web.frame.router`` from the URL's path.
"""

from __future__ import annotations

from collections.abc import Callable

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.core.filters import Filters
from dashboard.ui import browser_text, error_alert, loading
from dashboard.ui.ids import PAGE_CONTENT, PAGE_TITLE, URL
from dashboard.ui.text import T
from dashboard.web.frame import filter_panel, footer, header, router  # noqa: F401  (router: its callbacks)

MAIN = "main-content"


def make_layout(default_language: str) -> Callable[[], html.Div]:
    """A layout function (called per page load) starting in ``default_language``."""

    def layout() -> html.Div:
        lang = default_language
        return html.Div([
            # callback-nav: a query string written here reaches the page's own Location too.
            dcc.Location(id=URL, refresh="callback-nav"),
            dcc.Store(id=PAGE_TITLE),
            browser_text.layout(lang),
            html.A(T("app.skip", lang), href=f"#{MAIN}", className="visually-hidden-focusable"),
            header.layout(lang),
            error_alert.layout(),
            html.Main(id=MAIN, tabIndex="-1", children=[
                # The filters belong to the frame: they stay put, and keep their state, from page to page.
                html.Div(id=filter_panel.FRAME, hidden=True, children=dbc.Container(
                    fluid=True, className="pt-3", children=filter_panel.layout(lang, Filters()))),
                # Until the router draws the page: its skeleton.
                html.Div(id=PAGE_CONTENT, children=loading.page_skeleton(lang)),
            ]),
            footer.layout(lang),
        ])

    return layout
