"""The Help page (``/help``): linked from the header, open to every signed-in role."""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc

from dashboard.core.access import Action
from dashboard.features.help import component as help_text
from dashboard.ui.ids import HELP_PAGE


def layout(lang: str = "en", search: str = "", **_unused: Any) -> dbc.Container:
    """The help text, in a readable width."""
    return dbc.Container(help_text.layout(lang), fluid=True, style={"maxWidth": "52rem"}, className="ms-0")


# Not in the navigation bar (it is not a view of the data): the header links to it on every page.
dash.register_page(__name__, path="/help", name="Help", title="Help", order=90, layout=layout,
                   label_key="nav.help", permission=Action.VIEW, ids=HELP_PAGE, nav=False)
