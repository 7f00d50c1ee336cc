"""Shows the page the URL's path names, for actors allowed to open it.

Dash's own page container re-renders the page whenever the query string
changes; here the query string *is* each page's state (every filter click
changes it), so this router listens to the path only and pages follow the
query string through their own callbacks. Pages are still declared with
``dash.register_page`` (see ``dashboard.web.frame.pages``).
"""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, dcc, html

from dashboard.core.access import current_actor
from dashboard.i18n import t
from dashboard.ui.ids import LANGUAGE, PAGE_CONTENT, PAGE_TITLE, PAGES, URL
from dashboard.ui.registry import callback, clientside_callback
from dashboard.ui.text import T
from dashboard.web.frame import filter_panel


def page_for(pathname: str | None) -> dict[str, Any] | None:
    """The registered page at ``pathname`` (any deployment prefix removed), or None."""
    path = "/" + (dash.strip_relative_path(pathname or "/") or "")
    return next((page for page in dash.page_registry.values() if page["path"] == path), None)


def _notice(title_key: str, text_key: str, lang: str) -> dbc.Container:
    # Translated nodes: the notice follows the language switch, and a page reloaded in Bangla is
    # routed before the remembered language is restored (it was drawn in English and stayed so).
    return dbc.Container(className="pt-4", children=dbc.Alert(color="warning", children=[
        html.H2(T(title_key, lang), className="h5"),
        html.P(T(text_key, lang), className="mb-1"),
        dcc.Link(T("page.home", lang), href=dash.get_relative_path("/")),
    ]))


def page_content(pathname: str | None, search: str | None, lang: str) -> Any:
    """The page's layout for a path, or a notice when it is unknown or not permitted."""
    page = page_for(pathname)
    if page is None:
        return _notice("page.not_found", "page.not_found_text", lang)
    if not current_actor().may(page["permission"]):
        return _notice("page.not_permitted", "page.not_permitted_text", lang)
    # The page's own view of the URL, set to what the address bar holds so it mounts
    # without a change (its callbacks then fire once, as the page's first draw).
    ids = page["ids"]
    return html.Div([dcc.Location(id=ids.url, refresh="callback-nav", search=search or ""),
                     dcc.Store(id=ids.language, data=lang),
                     page["layout"](lang=lang, search=search or "")])


@callback(Output(PAGE_CONTENT, "children"), Output(filter_panel.FRAME, "hidden"), Input(URL, "pathname"),
          State(URL, "search"), State(LANGUAGE, "data"))
def route(pathname: str | None, search: str | None, lang: str) -> tuple[Any, bool]:
    """Render the page for a new path (not for query-string changes: pages follow those themselves);
    show the filters on pages that use them."""
    page = page_for(pathname)
    shows_filters = bool(page and page.get("filters") and current_actor().may(page["permission"]))
    return page_content(pathname, search, lang), not shows_filters


# The browser kept the filters' space from the first paint on a page that shows them
# (assets/filter_frame.js); once the router has answered, the frame's own `hidden` decides, so a
# page without filters opened next does not keep an empty band above it.
clientside_callback(
    "function () { document.documentElement.classList.remove('filters-expected'); }",
    Input(PAGE_CONTENT, "children"), prevent_initial_call=True)


# Each page's copy of the language follows the frame's (see PageIds for why pages keep one).
# Also when a page mounts: a language restored from the browser's storage just after the
# router drew the page (a reload in Bangla) must still reach it. Unchanged, nothing is
# written, so the page does not draw twice.
for _ids in PAGES:
    clientside_callback(
        "function (lang, current) { return lang === current ? window.dash_clientside.no_update : lang; }",
        Output(_ids.language, "data"), Input(LANGUAGE, "data"), State(_ids.language, "data"))


@callback(Output(PAGE_TITLE, "data"), Input(URL, "pathname"), Input(LANGUAGE, "data"))
def title(pathname: str | None, lang: str) -> str:
    """The document title: page name and app name, in the current language."""
    page = page_for(pathname)
    name = t(page["label_key"], lang) if page else t("page.not_found", lang)
    return f"{name} · {t('app.title', lang)}"


clientside_callback(
    "function (title) { if (title) { document.title = title; } }",
    Input(PAGE_TITLE, "data"),
)
