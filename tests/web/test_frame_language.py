"""The frame's own words follow the language switch: the "Not permitted" notice (routed, on a
reload in Bangla, before the remembered language is restored) and the user's district in the
header (a name from the gazetteer, not catalogue text)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dash
from dash.development.base_component import Component
from flask import g

from dashboard.app import create_app
from dashboard.config import load_settings
from dashboard.core.access import Actor, Role
from dashboard.ui.text import translate
from dashboard.web.frame.header import name_districts
from dashboard.web.frame.router import page_content

SYLHET = "BD6091"


def _translated_ids(node: Any) -> list[dict[str, str]]:
    if isinstance(node, list | tuple):
        return [i for n in node for i in _translated_ids(n)]
    if not isinstance(node, Component):
        return []
    own = [node.id] if isinstance(getattr(node, "id", None), dict) and node.id.get("type") == "i18n-text" else []
    return own + _translated_ids(getattr(node, "children", None))


def test_fl001_not_permitted_follows_the_language(tmp_path: Path) -> None:
    app = create_app(load_settings({}, database_url=f"sqlite:///{tmp_path}/frame.db"))
    import_page = next(p for p in dash.page_registry.values() if p["path"] == "/import")
    with app.server.test_request_context():
        g.actor = Actor("v", Role.VIEWER, frozenset({SYLHET}))
        assert not g.actor.may(import_page["permission"])
        notice = page_content("/import", "", "en")  # routed while the store still said English
    ids = _translated_ids(notice)
    assert {i["key"] for i in ids} == {"page.not_permitted", "page.not_permitted_text", "page.home"}
    # What the language switch then writes into those nodes (words from the Bangla catalogue, as a user reads them).
    assert "অনুমতি নেই" in translate("bn", ids)


def test_fl002_the_header_names_the_users_district_in_the_language(tmp_path: Path) -> None:
    app = create_app(load_settings({}, database_url=f"sqlite:///{tmp_path}/frame.db"))
    with app.server.test_request_context():
        g.actor = Actor("m", Role.DCC_MEMBER, frozenset({SYLHET}))
        assert name_districts("bn") == " · সিলেট"
        assert name_districts("en") == " · Sylhet"
