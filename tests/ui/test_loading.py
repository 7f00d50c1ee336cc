"""Every figure and table that waits on the server says so: each page's graphs, data tables and
the regions its slow callbacks fill sit under a loading indicator that speaks (role=status, in
the page's language) and waits before it shows (a quick answer does not flash)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import dash
import pytest
from dash import dash_table, dcc
from dash.development.base_component import Component
from flask import g

from dashboard.app import _index_page, create_app
from dashboard.config import Settings
from dashboard.core.access import Actor, Role
from dashboard.i18n import t
from dashboard.web.frame.router import page_content
from dashboard.web.frame.shell import make_layout

# Regions filled by a callback that reads the database, by page (graphs and DataTables are found
# by type). A region added to a page without an indicator is not caught here, but a graph is.
SLOW = {
    "/": {"kpi-cards", "upazila-detail-body"},
    "/gaps": {"gaps-table", "gaps-fairs", "gaps-sites"},
    "/compare": set(),
    "/dcc": {"dcc-cards", "dcc-timeline"},
    "/import": {"import-result", "import-history"},
    "/outcomes": {"outcomes-table", "outcomes-dimensions", "outcomes-gaps"},
}


def _walk(node: Any, inside: dcc.Loading | None = None) -> Iterator[tuple[Component, dcc.Loading | None]]:
    """Every component under ``node`` with the nearest dcc.Loading around it (None: none)."""
    if isinstance(node, (list, tuple)):
        for item in node:
            yield from _walk(item, inside)
        return
    if not isinstance(node, Component):
        return
    yield node, inside
    around = node if isinstance(node, dcc.Loading) else inside
    for name in getattr(node, "_children_props", ["children"]) or ["children"]:
        if name != "custom_spinner":
            yield from _walk(getattr(node, name.split(".")[0], None), around)
    if "children" not in (getattr(node, "_children_props", None) or []):
        yield from _walk(getattr(node, "children", None), around)


def _text(node: Any) -> str:
    if isinstance(node, str):
        return node
    if isinstance(node, (list, tuple)):
        return "".join(_text(n) for n in node)
    return _text(getattr(node, "children", None)) if isinstance(node, Component) else ""


@pytest.mark.parametrize("lang", ["en", "bn"])
def test_lo001_every_slow_figure_and_table_has_a_delayed_spoken_indicator(known_settings: Settings,
                                                                         lang: str) -> None:
    app = create_app(known_settings)
    assert {page["path"] for page in dash.page_registry.values()} - {"/help"} <= set(SLOW)
    for path, regions in SLOW.items():
        with app.server.test_request_context():
            g.actor = Actor("admin", Role.HQ_ADMIN)
            layout = page_content(path, "?district=BD6091", lang)
        seen = set()
        for node, loading in _walk(layout):
            ident = getattr(node, "id", None)
            named = isinstance(ident, str) and ident in regions
            if not (isinstance(node, (dcc.Graph, dash_table.DataTable)) or named):
                continue
            seen.add(ident)
            assert loading is not None, f"{path}: {ident} has no loading indicator"
            assert loading.delay_show >= 300, f"{path}: {ident}'s indicator would flash on quick answers"
            spinner = loading.custom_spinner
            assert spinner is not None and spinner.role == "status", f"{path}: {ident}'s indicator is not spoken"
            assert _text(spinner) == t("loading.working", lang), (path, ident, _text(spinner))
            # The old figure stays in its place (dimmed) while the new one comes: nothing moves.
            assert loading.overlay_style and loading.overlay_style.get("visibility") == "visible"
        assert regions <= seen, f"{path}: regions not on the page: {regions - seen}"


def test_lo002_before_the_page_is_drawn_a_skeleton_says_it_is_coming(known_settings: Settings) -> None:
    create_app(known_settings)
    frame = make_layout("bn")
    with create_app(known_settings).server.test_request_context():
        g.actor = Actor("admin", Role.HQ_ADMIN)
        content = next(node for node, _ in _walk(frame()) if getattr(node, "id", None) == "page-content")
    assert content.children is not None and content.children.role == "status"
    assert t("loading.page", "bn") in _text(content.children)
    page = _index_page("<html><head>{%css%}</head><body>{%app_entry%}</body></html>", ("/f.woff2",), "bn")
    boot, entry = page.index('class="app-boot"'), page.index("{%app_entry%}")
    assert boot < entry and t("loading.page", "bn") in page[boot:entry]
