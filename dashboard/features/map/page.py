"""The map page (``/``): districts and upazilas, overlay layers, upazila detail and the programme figures."""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc

from dashboard.core.access import Action
from dashboard.features.map import component as district_map
from dashboard.features.map import detail_panel, kpi_cards, split_view
from dashboard.features.map.state import current_state
from dashboard.ui.ids import MAP_PAGE


def layout(lang: str = "en", search: str = "", **_unused: Any) -> dbc.Container:
    """Map on the left, upazila detail and KPI cards on the right (the frame adds the filters)."""
    state = current_state(search)  # someone who works in districts opens on theirs
    return dbc.Container(fluid=True, children=[
        dbc.Row([
            dbc.Col(district_map.layout(lang, state), lg=7),
            dbc.Col([detail_panel.layout(lang), kpi_cards.layout(lang, state.area)], lg=5),
        ]),
        dbc.Row(dbc.Col(split_view.layout(lang))),  # the timeline's maps side by side, when opened
    ])


dash.register_page(__name__, path="/", name="Map", title="Map", order=0, layout=layout,
                   label_key="nav.map", permission=Action.VIEW, ids=MAP_PAGE, filters=True)
