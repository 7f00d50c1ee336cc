"""The frame around every page: header with navigation and language, the page, footer.

Assembles components; owns no data. The page itself is chosen by
``dashboard.components.router`` from the URL's path.
"""

from __future__ import annotations

from collections.abc import Callable

from dash import dcc, html

from dashboard.components import error_alert, footer, header, router  # noqa: F401  (router: its callbacks)
from dashboard.components.ids import PAGE_CONTENT, PAGE_TITLE, URL
from dashboard.components.text import T

MAIN = "main-content"


def make_layout(default_language: str) -> Callable[[], html.Div]:
    """A layout function (called per page load) starting in ``default_language``."""

    def layout() -> html.Div:
        lang = default_language
        return html.Div([
            dcc.Location(id=URL, refresh=False),
            dcc.Store(id=PAGE_TITLE),
            html.A(T("app.skip", lang), href=f"#{MAIN}", className="visually-hidden-focusable"),
            header.layout(lang),
            error_alert.layout(),
            html.Main(id=MAIN, tabIndex="-1", children=html.Div(id=PAGE_CONTENT)),
            footer.layout(lang),
        ])

    return layout
