"""The comparison page (``/compare``): headquarters rank districts, follow trends, compare
peers and (administrators) set targets. District users see their own districts."""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc

from dashboard.core.access import Action
from dashboard.features.compare import component as district_compare
from dashboard.features.compare import scores, target_editor
from dashboard.ui.ids import COMPARE_PAGE


def layout(lang: str = "en", search: str = "", **_unused: Any) -> dbc.Container:
    """The comparison, reintegration scores between two survey rounds, then the target editor for
    those who may edit targets (the frame adds the filters)."""
    return dbc.Container(fluid=True, children=[district_compare.layout(lang, search), scores.layout(lang, search),
                                               target_editor.layout(lang)])


dash.register_page(__name__, path="/compare", name="Compare districts", title="Compare districts", order=20,
                   layout=layout, label_key="nav.compare", permission=Action.VIEW, ids=COMPARE_PAGE, filters=True)
