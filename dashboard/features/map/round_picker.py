"""The round picker of the map's score metrics (issue 29): shown beside the metric only when a
score metric is chosen, set from the URL's ``round`` and writing it back (the map redraws from
the URL). The rounds offered and the values: ``outcome_round``.
"""

from __future__ import annotations

from typing import Any

from dash import Input, Output, State, dcc, html, no_update

from dashboard.core.metrics import SPECS
from dashboard.core.url import with_params
from dashboard.features.map.outcome_round import round_options
from dashboard.features.map.state import MAP_KEYS, ViewState, current_state
from dashboard.ui.ids import MAP_PAGE
from dashboard.ui.registry import callback
from dashboard.ui.text import T, dropdown_labels

PAGE_URL, PAGE_LANGUAGE = MAP_PAGE.url, MAP_PAGE.language
ROUND = "map-round"
ROUND_ROW = "map-round-row"


def layout(lang: str, state: ViewState) -> html.Div:
    """The round picker, hidden unless a score metric is chosen; its callback keeps it in step
    with the URL."""
    shown = bool(SPECS[state.metric].outcome)
    return html.Div(id=ROUND_ROW, className="" if shown else "d-none", children=[
        html.Label(T("map.round.label", lang), htmlFor=ROUND, className="small mb-0"),
        dcc.Dropdown(id=ROUND, clearable=False, searchable=False, value=state.outcome_round,
                     labels=dropdown_labels(lang), options=round_options(state.outcome_round, lang) if shown else []),
        html.Div(T("map.round.note", lang), className="form-text"),
    ])


@callback(
    Output(ROUND, "options"), Output(ROUND, "value"), Output(ROUND_ROW, "className"),
    Input(PAGE_URL, "search"), Input(PAGE_LANGUAGE, "data"),
)
def show(search: str | None, lang: str) -> tuple[Any, ...]:
    """The picker from the URL: shown with its rounds beside a score metric, hidden otherwise."""
    state = current_state(search)
    if not SPECS[state.metric].outcome:
        return no_update, no_update, "d-none"
    return round_options(state.outcome_round, lang), state.outcome_round, ""


@callback(
    Output(PAGE_URL, "search", allow_duplicate=True),
    Input(ROUND, "value"), State(PAGE_URL, "search"),
    prevent_initial_call=True,
)
def choose(value: Any, search: str | None) -> Any:
    """Write the chosen round into the URL (only the map's keys change); the map redraws from it."""
    state = current_state(search)
    if not SPECS[state.metric].outcome:
        return no_update
    written = with_params(search, MAP_KEYS, state.with_round(value).map_query())
    return written if written != (search or "") else no_update
