"""The target editor, for headquarters administrators: one district's target per indicator
and programme year, checked before it is stored, every change audited.

Shown only to actors who may edit targets; the save callback asks the data layer, which
checks the permission again (a crafted request from anyone else is refused).
"""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
from dash import Input, Output, State, dcc, html, no_update

from dashboard.core.access import Action, current_actor
from dashboard.core.guard import NotPermitted
from dashboard.core.indicators import INDICATOR_KEYS
from dashboard.features.compare.data import set_target, targets_of
from dashboard.features.compare.rules import NATIONAL, PROGRAMME_YEARS
from dashboard.i18n import format_digits, format_number, t
from dashboard.ui.ids import COMPARE_PAGE
from dashboard.ui.registry import callback
from dashboard.ui.text import T, dropdown_labels, translated_props
from geodata import Level, admin_areas, areas_at

PAGE_LANGUAGE = COMPARE_PAGE.language

PANEL = "targets-panel"
DISTRICT, INDICATOR, YEAR, VALUE = "targets-district", "targets-indicator", "targets-year", "targets-value"
CONFIRM, SAVE, MESSAGE, TABLE = "targets-confirm", "targets-save", "targets-message", "targets-table"
CHANGED = "targets-changed"


def layout(lang: str) -> Any:
    """The editor, or nothing for actors who may not edit targets."""
    if not current_actor().may(Action.EDIT_TARGETS):
        return html.Div()
    return html.Section(id=PANEL, className="mt-4 border-top pt-3", **{"aria-labelledby": "targets-heading"},
                        children=[
        html.H3(T("targets.heading", lang), id="targets-heading", className="h6"),
        html.P(T("targets.intro", lang), className="small text-muted"),
        dbc.Row(className="g-2 align-items-end", children=[
            dbc.Col(md=3, children=[html.Label(T("targets.district", lang), htmlFor=DISTRICT, className="form-label"),
                                    dcc.Dropdown(id=DISTRICT, options=_districts(lang), value="BD6091",
                                                 labels=dropdown_labels(lang),
                                                 clearable=False)]),
            dbc.Col(md=3, children=[html.Label(T("targets.indicator", lang), htmlFor=INDICATOR, className="form-label"),
                                    dcc.Dropdown(id=INDICATOR, clearable=False, value=INDICATOR_KEYS[0],
                                                 labels=dropdown_labels(lang),
                                                 options=_indicators(lang))]),
            dbc.Col(md=2, children=[html.Label(T("targets.year", lang), htmlFor=YEAR, className="form-label"),
                                    dcc.Dropdown(id=YEAR, clearable=False, value=PROGRAMME_YEARS[-2],
                                                 labels=dropdown_labels(lang),
                                                 options=_years(lang))]),
            dbc.Col(md=2, children=[html.Label(T("targets.value", lang), htmlFor=VALUE, className="form-label"),
                                    dbc.Input(id=VALUE, type="text", inputMode="numeric", debounce=True)]),
            dbc.Col(md=2, children=dbc.Button(T("targets.save", lang), id=SAVE, color="primary", className="w-100")),
        ]),
        dbc.Checkbox(id=CONFIRM, label=T("targets.confirm", lang), value=False, className="mt-2 d-none"),
        html.Div(id=MESSAGE, role="status", className="mt-2"),
        dcc.Store(id=CHANGED, data=0),
        html.Div(id=TABLE, className="table-responsive mt-2"),
    ])


@callback(Output(VALUE, "value"), Input(DISTRICT, "value"), Input(INDICATOR, "value"), Input(YEAR, "value"),
          Input(CHANGED, "data"))
def current_value(district: str | None, indicator: str, year: int, _changed: int) -> Any:
    """The stored target for the chosen district, indicator and year, ready to edit."""
    if not district or not current_actor().may(Action.EDIT_TARGETS):
        return ""
    value = targets_of(district).get((indicator, year))
    return "" if value is None else str(value)


@callback(Output(MESSAGE, "children"), Output(CONFIRM, "className"), Output(CONFIRM, "value"),
          Output(CHANGED, "data"), Input(SAVE, "n_clicks"), State(DISTRICT, "value"), State(INDICATOR, "value"),
          State(YEAR, "value"), State(VALUE, "value"), State(CONFIRM, "value"), State(CHANGED, "data"),
          State(PAGE_LANGUAGE, "data"), prevent_initial_call=True)
def save(_clicks: int, district: str | None, indicator: str, year: int | None, value: str | None, confirmed: bool,
         changed: int, lang: str) -> tuple[Any, ...]:
    """Check the target and store it; a warning must be confirmed first."""
    hidden = "mt-2 d-none"
    try:
        check = set_target(district, indicator, year, value, confirmed=bool(confirmed))
    except NotPermitted:
        return dbc.Alert(t("targets.not_permitted", lang), color="danger"), hidden, False, no_update
    if check.errors:
        return (dbc.Alert([html.Div(t(e, lang)) for e in check.errors], color="danger"), hidden, False, no_update)
    if check.warnings and not confirmed:
        return (dbc.Alert([html.Div(t(w, lang)) for w in check.warnings], color="warning"), "mt-2", False, no_update)
    # "BD" (the national target) is no boundary: named in words, so a saved target never ends in an error.
    name = t("map.national", lang) if district == NATIONAL else admin_areas()[district].name(lang) if district else ""
    done = t("targets.saved", lang, indicator=t(f"indicator.{indicator}", lang), district=name, year=str(year),
             value=format_number(check.value, lang))
    return dbc.Alert(done, color="success"), hidden, False, (changed or 0) + 1


@callback(Output(TABLE, "children"), Input(DISTRICT, "value"), Input(CHANGED, "data"), Input(PAGE_LANGUAGE, "data"))
def table(district: str | None, _changed: int, lang: str) -> Any:
    """The district's targets, one row per indicator, one column per year."""
    if not district or not current_actor().may(Action.EDIT_TARGETS):
        return []
    targets = targets_of(district)
    header = html.Thead(html.Tr([html.Th(t("targets.indicator", lang), scope="col"),
                                 *(html.Th(str(y), scope="col") for y in PROGRAMME_YEARS),
                                 html.Th(t("targets.total", lang), scope="col")]))
    rows = []
    for key in INDICATOR_KEYS:
        values = [targets.get((key, y)) for y in PROGRAMME_YEARS]
        if not any(v is not None for v in values):
            continue
        rows.append(html.Tr([html.Th(t(f"indicator.{key}", lang), scope="row"),
                             *(html.Td(format_number(v, lang) if v is not None else "–") for v in values),
                             html.Td(format_number(sum(v or 0 for v in values), lang))]))
    if not rows:
        return html.P(t("targets.none", lang), className="small text-muted")
    return html.Table([html.Caption(t("targets.caption", lang, district=admin_areas()[district].name(lang)),
                                    className="caption-top small"), header, html.Tbody(rows)],
                      className="table table-sm")




def _districts(lang: str) -> list[dict[str, str]]:
    return [{"label": a.name(lang), "value": a.pcode}
            for a in sorted(areas_at(Level.DISTRICT), key=lambda a: a.name(lang))]


def _indicators(lang: str) -> list[dict[str, str]]:
    return [{"label": t(f"indicator.{k}", lang), "value": k} for k in INDICATOR_KEYS]


def _years(lang: str) -> list[dict[str, Any]]:
    return [{"label": format_digits(str(y), lang), "value": y} for y in PROGRAMME_YEARS]


translated_props(PAGE_LANGUAGE, [(DISTRICT, "options", _districts), (INDICATOR, "options", _indicators),
                                 (YEAR, "options", _years),
                                 *((dropdown, "labels", dropdown_labels) for dropdown in (DISTRICT, INDICATOR, YEAR))])
