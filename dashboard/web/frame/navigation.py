"""The navigation bar: one link per registered page the actor may open.

Links carry the area and filters along (``SHARED_KEYS``), so moving from the
map to another page keeps the district and period in context.
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, html

from dashboard.core.access import current_actor
from dashboard.core.filters import URL_KEYS
from dashboard.core.url import keep_params
from dashboard.i18n import t
from dashboard.ui.ids import LANGUAGE, URL
from dashboard.ui.registry import callback
from dashboard.web.frame.router import page_for

NAV = "page-nav"
# The URL keys every page understands: the district in context and the filters.
SHARED_KEYS = ("district", *URL_KEYS)


def layout(lang: str) -> html.Nav:
    """Filled by :func:`render` (it depends on who is asking)."""
    return html.Nav(dbc.Nav(id=NAV, pills=True, className="app-nav"), className="flex-grow-1",
                    **{"aria-label": t("nav.label", lang)})


def links(pathname: str | None, search: str | None, lang: str) -> list[dbc.NavItem]:
    """A link per page in navigation order, the current one marked."""
    actor = current_actor()
    current = page_for(pathname)
    carried = keep_params(search, SHARED_KEYS)
    return [
        dbc.NavItem(dbc.NavLink(t(page["label_key"], lang), href=page["relative_path"] + carried,
                                active=page is current))
        for page in dash.page_registry.values()
        if page.get("nav", True) and actor.may(page["permission"])
    ]


@callback(Output(NAV, "children"), Input(URL, "pathname"), Input(URL, "search"), Input(LANGUAGE, "data"))
def render(pathname: str | None, search: str | None, lang: str) -> list[dbc.NavItem]:
    """The links for the current page, query string and language."""
    return links(pathname, search, lang)
