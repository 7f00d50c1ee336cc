"""The DCC page (``/dcc``): a committee's meetings and action items, for its members to
prepare and follow up, and for everyone in scope to read."""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc

from dashboard.core.access import Action
from dashboard.features.dcc import component as dcc_tracker
from dashboard.ui.ids import DCC_PAGE


def layout(lang: str = "en", search: str = "", **_unused: Any) -> dbc.Container:
    """The tracker (the frame adds the filters: the period narrows the meetings shown)."""
    return dbc.Container(fluid=True, children=dcc_tracker.layout(lang, search))


dash.register_page(__name__, path="/dcc", name="DCC", title="DCC", order=30, layout=layout,
                   label_key="nav.dcc", permission=Action.VIEW, ids=DCC_PAGE, filters=True)
