"""The service-gap page (``/gaps``): for DEMO staff locating returnees out of reach of a service."""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc

from dashboard.core.access import Action
from dashboard.features.gaps import component as gap_finder
from dashboard.ui.ids import GAPS_PAGE


def layout(lang: str = "en", search: str = "", **_unused: Any) -> dbc.Container:
    """The gap finder (the frame adds the filters)."""
    return dbc.Container(fluid=True, children=gap_finder.layout(lang, search))


dash.register_page(__name__, path="/gaps", name="Service gaps", title="Service gaps", order=10, layout=layout,
                   label_key="nav.gaps", permission=Action.VIEW, ids=GAPS_PAGE, filters=True)
