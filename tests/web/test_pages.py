"""Pages: one module each, registered with dash.register_page, routed and listed in the navigation
by what the actor may do."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dash
import pytest
from dash import html
from flask import g

from dashboard.app import create_app
from dashboard.config import load_settings
from dashboard.core.access import Action, Actor, Role
from dashboard.ui.ids import PAGES, PageIds
from dashboard.web.frame.navigation import links
from dashboard.web.frame.router import page_content, page_for


@pytest.fixture
def app(tmp_path: Path) -> Iterator[dash.Dash]:
    """An app, plus two extra pages registered the way a page module registers itself."""
    app = create_app(load_settings({}, database_url=f"sqlite:///{tmp_path}/pages.db"))
    dash.register_page("tests.extra_page", path="/extra", name="Extra", order=50, label_key="nav.map",
                       permission=Action.VIEW, ids=PageIds("extra"),
                       layout=lambda lang, search: html.P(f"extra {lang} {search}"))
    dash.register_page("tests.admin_page", path="/admin-only", name="Admin", order=51, label_key="nav.map",
                       permission=Action.MANAGE_USERS, ids=PageIds("admin-only"),
                       layout=lambda lang, search: html.P("secret"))
    yield app
    for module in ("tests.extra_page", "tests.admin_page"):
        dash.page_registry.pop(module, None)


def _as(app: dash.Dash, actor: Actor, run):  # type: ignore[no-untyped-def]
    with app.server.test_request_context():
        g.actor = actor
        return run()


def test_pg001_a_registered_page_is_routed_with_its_query_and_listed(app: dash.Dash) -> None:
    analyst = Actor("a", Role.HQ_ANALYST)
    shown = _as(app, analyst, lambda: page_content("/extra", "?district=BD6091", "bn"))
    assert "extra bn ?district=BD6091" in str(shown)
    hrefs = _as(app, analyst, lambda: [item.children.href for item in links("/", "?district=BD6091&metric=x", "en")])
    assert "/extra?district=BD6091" in hrefs  # the district travels, the map's own keys do not
    assert page_for("/") is not None and page_for("/nowhere") is None


def test_pg002_a_page_the_actor_may_not_open_is_neither_listed_nor_shown(app: dash.Dash) -> None:
    viewer = Actor("v", Role.VIEWER, frozenset({"BD6091"}))
    assert "secret" not in str(_as(app, viewer, lambda: page_content("/admin-only", "", "en")))
    assert "Not permitted" in str(_as(app, viewer, lambda: page_content("/admin-only", "", "en")))
    assert "/admin-only" not in [item.children.href for item in _as(app, viewer, lambda: links("/", "", "en"))]
    admin = Actor("h", Role.HQ_ADMIN)
    assert "secret" in str(_as(app, admin, lambda: page_content("/admin-only", "", "en")))


def test_pg004_no_callback_listens_to_two_places(known_settings: Any) -> None:
    """Dash refuses (in the browser) to run a callback when some of its inputs are on screen
    and others are not. So every callback's fixed inputs and states must all be in the frame,
    or all in one page: never the frame's language plus a page's control, never two pages."""
    import json

    from tests.clients import client_as
    from tests.dash_requests import ids_by_place

    client = client_as(create_app(known_settings), "admin")
    places = {name: {json.dumps(i, sort_keys=True) if isinstance(i, dict) else i for i in ids}
              for name, ids in ids_by_place(client, "").items()}
    assert len(places) > 3
    mixed = []
    for callback in client.get("/_dash-dependencies").get_json():
        if "_pages_" in callback["output"]:
            continue  # Dash's own page container, which this app does not put on screen
        if callback["output"] in {f"{ids.language}.data" for ids in PAGES}:
            # The router's copy of the language into a page: its output and its state are the
            # page's own, so off the page it has nowhere to write and does not run.
            continue
        fixed = {spec["id"] for spec in callback["inputs"] + callback.get("state", [])
                 if not (spec["id"].startswith("{") and "[" in spec["id"])}  # wildcards may match nothing
        fixed = {json.dumps(json.loads(i), sort_keys=True) if i.startswith("{") else i for i in fixed}
        homes = [name for name, ids in places.items() if fixed <= ids]
        if fixed and not homes:
            mixed.append((callback["output"], sorted(fixed)))
    assert mixed == [], "\n".join(f"{output}: {ids}" for output, ids in mixed)


def test_pg005_no_id_is_used_twice_on_any_page(known_settings: Any) -> None:
    """Two components with one id: Dash delivers a callback's output to one of them only."""
    import json
    from collections import Counter

    from tests.clients import client_as
    from tests.dash_requests import ids_by_place

    places = ids_by_place(client_as(create_app(known_settings), "admin"), "")
    frame = places.pop("frame")
    for path, ids in places.items():
        counts = Counter(json.dumps(i, sort_keys=True) for i in frame + ids)
        assert [i for i, n in counts.items() if n > 1] == [], path
