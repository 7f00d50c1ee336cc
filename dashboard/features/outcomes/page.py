"""The outcomes page (``/outcomes``): is reintegration sustainable, where, and in which dimension."""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc

from dashboard.core.access import Action
from dashboard.features.outcomes import component as outcome_view
from dashboard.ui.ids import OUTCOMES_PAGE


def layout(lang: str = "en", search: str = "", **_unused: Any) -> dbc.Container:
    """The outcome views (no filter panel: scores are per survey round, not per period)."""
    return dbc.Container(fluid=True, children=outcome_view.layout(lang, search))


dash.register_page(__name__, path="/outcomes", name="Outcomes", title="Reintegration outcomes", order=25,
                   layout=layout, label_key="nav.outcomes", permission=Action.VIEW, ids=OUTCOMES_PAGE)
