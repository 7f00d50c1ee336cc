"""The one callback that owns the view state.

Every control (map click, district picker, back, metric, layers, filters, chips,
reset, detail close) writes the URL query; the controls are set back from the
URL so a shared link or browser back/forward restores them. Dash allows this
two-way binding only inside a single callback, hence one controller whose
decisions are made by the pure ``next_state``.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from dash import ALL, Input, Output, ctx, html, no_update

from dashboard.components import detail_panel, district_map, filter_panel
from dashboard.components.ids import LANGUAGE, URL
from dashboard.components.registry import callback
from dashboard.filters import PERSON_FILTERS
from dashboard.i18n import t
from dashboard.queries.areas import BREAKDOWNS
from dashboard.queries.metrics import available_metrics
from dashboard.view_state import ViewState, active_filters, clean_filter_values, parse_date
from geodata import admin_areas

_FILTER_CONTROLS = {control: name for name, control in filter_panel.CONTROLS.items()}


def apply_control(state: ViewState, control: str, prop: str, value: Any) -> ViewState:
    """The state after one control changed. Only that control is read: the others may
    still be catching up with the URL, and reading them could undo the user's choice."""
    if control == district_map.LAYER_TOGGLES:
        return state.with_layers(value)
    if control == district_map.METRIC:
        metric = next((m for m in available_metrics(state.level) if m.value == value), None)
        return replace(state, metric=metric) if metric else state
    if control == district_map.BREAKDOWN:
        return replace(state, breakdown=value) if value in BREAKDOWNS else state
    if control == district_map.POINTS:
        return replace(state, points=bool(value) and state.district is not None)
    if control == filter_panel.PERIOD:
        field = "start" if prop == "start_date" else "end"
        return replace(state, filters=replace(state.filters, **{field: parse_date(value)}))
    if control in _FILTER_CONTROLS:
        name = _FILTER_CONTROLS[control]
        return replace(state, filters=replace(state.filters, **{name: clean_filter_values(name, value)}))
    return state


def next_state(state: ViewState, trigger: str | dict[str, str] | None, prop: str, value: Any) -> ViewState:
    """Where a user action (the triggering component, its property and new value) takes the view."""
    if trigger == district_map.MAP_GRAPH:
        location = ((value or {}).get("points") or [{}])[0].get("location")
        return state.go_to(location) if location in admin_areas() else state
    if trigger == district_map.DISTRICT_PICKER:
        return state.go_to(value)
    if trigger in (district_map.BACK_BUTTON, detail_panel.CLOSE):
        return state.up()
    if trigger == filter_panel.RESET:
        return state.reset_filters()
    if isinstance(trigger, dict) and trigger.get("type") == "filter-chip":
        return state.without_filter(trigger["filter"])
    if isinstance(trigger, str):
        return apply_control(state, trigger, prop, value)
    return state


def chips(state: ViewState, lang: str) -> list[Any]:
    """One removable chip per active filter, or a note that none is set."""
    names = active_filters(state.filters)
    if not names:
        return [html.Span(t("filter.none_active", lang), className="small text-muted")]
    out = []
    for name in names:
        value = (f"{state.filters.start or '…'} – {state.filters.end or '…'}" if name == "period"
                 else getattr(state.filters, name))
        label = filter_panel.chip_label(name, value, lang)
        out.append(html.Button([label, html.Span(" ×", **{"aria-hidden": "true"})],
                               id=filter_panel.chip_id(name), n_clicks=0,
                               className="btn btn-sm btn-outline-primary rounded-pill py-0",
                               title=t("filter.remove", lang, name=label),
                               **{"aria-label": t("filter.remove", lang, name=label)}))
    return out


_OUTPUTS = {
    "search": Output(URL, "search"), "picked": Output(district_map.DISTRICT_PICKER, "value"),
    "layers": Output(district_map.LAYER_TOGGLES, "value"), "metric": Output(district_map.METRIC, "value"),
    "breakdown": Output(district_map.BREAKDOWN, "value"), "points": Output(district_map.POINTS, "value"),
    "start": Output(filter_panel.PERIOD, "start_date"), "end": Output(filter_panel.PERIOD, "end_date"),
    **{name: Output(control, "value") for name, control in filter_panel.CONTROLS.items()},
    "chips": Output(filter_panel.CHIPS, "children"),
}
_INPUTS = {
    "search": Input(URL, "search"), "click": Input(district_map.MAP_GRAPH, "clickData"),
    "picked": Input(district_map.DISTRICT_PICKER, "value"), "back": Input(district_map.BACK_BUTTON, "n_clicks"),
    "close": Input(detail_panel.CLOSE, "n_clicks"), "reset": Input(filter_panel.RESET, "n_clicks"),
    "chip_clicks": Input(filter_panel.chip_id(ALL), "n_clicks"),  # type: ignore[arg-type]
    "layers": Input(district_map.LAYER_TOGGLES, "value"), "metric": Input(district_map.METRIC, "value"),
    "breakdown": Input(district_map.BREAKDOWN, "value"), "points": Input(district_map.POINTS, "value"),
    "start": Input(filter_panel.PERIOD, "start_date"), "end": Input(filter_panel.PERIOD, "end_date"),
    **{name: Input(control, "value") for name, control in filter_panel.CONTROLS.items()},
    "lang": Input(LANGUAGE, "data"),
}


@callback(output=_OUTPUTS, inputs=_INPUTS)
def control(**values: Any) -> dict[str, Any]:
    """Apply the user's action to the state from the URL, then write URL and controls."""
    state = ViewState.from_search(values["search"])
    trigger = ctx.triggered_id
    fired = ctx.triggered[0] if ctx.triggered else {"prop_id": ".", "value": None}
    prop = fired["prop_id"].rsplit(".", 1)[-1]
    # A chip that has just been drawn also "fires"; only a real click removes its filter.
    if trigger is not None and trigger != URL and not (isinstance(trigger, dict) and not fired["value"]):
        state = next_state(state, trigger, prop, fired["value"])
    search = state.to_search()
    return {
        "search": search if search != (values["search"] or "") else no_update,
        "picked": state.area, "layers": list(state.layers), "metric": state.metric.value,
        "breakdown": state.breakdown, "points": state.points,
        "start": state.filters.start.isoformat() if state.filters.start else None,
        "end": state.filters.end.isoformat() if state.filters.end else None,
        **{name: list(getattr(state.filters, name)) for name in PERSON_FILTERS},
        "chips": chips(state, values["lang"]),
    }
