"""The Help page and each page's "How to read this" panel: open to every role, in both
languages, and true to the code (the threshold and adjustment the server applies, who may undo)."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

import dash
import pytest
from dash import html
from dash.development.base_component import Component
from flask import g

from dashboard.app import create_app
from dashboard.config import Settings
from dashboard.core.access import GRANTS, Action, Actor, Role
from dashboard.core.disclosure import MAX_ADJUSTMENT
from dashboard.i18n import t
from dashboard.ui import help_panel
from dashboard.web.frame.router import page_content


def _text(node: Any) -> str:
    if isinstance(node, str):
        return node
    if isinstance(node, (list, tuple)):
        return " ".join(_text(n) for n in node)
    return _text(getattr(node, "children", None)) if isinstance(node, Component) else ""


def _find(node: Any, ident: str) -> Any:
    if isinstance(node, (list, tuple)):
        return next((found for n in node if (found := _find(n, ident)) is not None), None)
    if not isinstance(node, Component):
        return None
    return node if getattr(node, "id", None) == ident else _find(getattr(node, "children", None), ident)


def _page(app: dash.Dash, path: str, role: Role, lang: str) -> Any:
    with app.server.test_request_context():
        g.actor = Actor("someone", role, frozenset({"BD6091"}) if role in (Role.DCC_MEMBER, Role.DISTRICT_OFFICER)
                        else frozenset())
        return page_content(path, "?district=BD6091", lang)


@pytest.mark.parametrize("lang", ["en", "bn"])
def test_hp001_every_role_opens_the_help_page(known_settings: Settings, lang: str) -> None:
    app = create_app(known_settings)
    help_page = next(page for page in dash.page_registry.values() if page["path"] == "/help")
    assert all(help_page["permission"] in GRANTS[role] for role in Role)
    for role in Role:
        text = _text(_page(app, "/help", role, lang))
        assert t("help.heading", lang) in text and t("page.not_permitted", lang) not in text
        assert t("help.undo", lang) in text


def test_hp002_each_page_has_a_closed_panel_with_its_notes(known_settings: Settings) -> None:
    app = create_app(known_settings)
    wanted = {"/": ("map", help_panel.TARGET), "/gaps": ("gaps", help_panel.SITES),
              "/compare": ("compare", help_panel.PEERS), "/dcc": ("dcc", help_panel.OVERDUE),
              "/import": ("import", help_panel.UNDO)}
    for path, (page, key) in wanted.items():
        for lang in ("en", "bn"):
            panel = _find(_page(app, path, Role.HQ_ADMIN, lang), help_panel.panel_id(page))
            assert isinstance(panel, html.Details) and not getattr(panel, "open", False), path
            assert _text(panel.children[0]) == t("help.panel", lang)
            with app.server.test_request_context():
                assert help_panel.note(key, lang) in _text(panel), (path, lang)
            assert panel.children[-1].href.endswith("/help")


def test_hp003_the_notes_say_what_the_server_does(known_settings: Settings) -> None:
    """The numbers in the notes are the settings' and the disclosure module's, and the undo note
    names the only role that may undo (if that changes, the note must)."""
    app = create_app(replace(known_settings, suppression_threshold=7))
    with app.server.test_request_context():
        assert "“<7”" in help_panel.note(help_panel.SMALL, "en") and "fewer than 7 people" in help_panel.note(
            help_panel.SMALL, "en")
        adjusted = help_panel.note(help_panel.ADJUSTED, "en")
        assert "1 to 6 shows as 0 or 7" in adjusted and f"up to {MAX_ADJUSTMENT}." in adjusted
        assert "“<৭”" in help_panel.note(help_panel.SMALL, "bn")
        assert not re.search("[A-Za-z0-9]", help_panel.note(help_panel.ADJUSTED, "bn"))
    assert {role for role in Role if Action.UNDO_IMPORT in GRANTS[role]} == {Role.HQ_ADMIN}
    assert "Only headquarters administrators can undo" in t("help.undo", "en")
