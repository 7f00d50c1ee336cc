"""The filter panel, shared by every page that filters returnees: period (presets, and dates
typed or picked), person filters, active-filter chips and reset.

It sits in the frame (shown on pages whose registration says ``filters=True``) and
reads and writes the frame's ``URL``; pages see the result in their own Location.
It owns the filters' URL keys (``dashboard.core.filters.URL_KEYS``): one callback
writes them when a control changes and sets the controls back from the URL
(shared links, back/forward). Its controls are generated from the filter
declarations, so a new declared filter appears here by itself.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, ctx, dcc, html, no_update
from flask import has_request_context
from sqlalchemy.exc import SQLAlchemyError

from dashboard.core.filters import (
    PERIOD,
    PERSON_FILTERS,
    PRESETS,
    PROGRAMME_START,
    URL_KEYS,
    Filters,
    PersonFilter,
    parse_date,
    preset_of,
    preset_period,
)
from dashboard.core.url import parse_query, with_params
from dashboard.features.map.data import countries
from dashboard.i18n import format_digits, t
from dashboard.ui.ids import LANGUAGE, URL
from dashboard.ui.registry import callback
from dashboard.ui.text import T, dropdown_labels

log = logging.getLogger(__name__)

FRAME = "filter-frame"
PANEL = "filter-panel"
PERIOD_PICKER = "filter-period"
PRESET = "filter-preset"
CUSTOM = "custom"  # the preset option meaning "the dates typed or picked beside it"
RESET = "filter-reset"
CHIPS = "filter-chips"
# Countries the demo data uses, offered before the database is asked.
KNOWN_COUNTRIES = ("AT", "BA", "CY", "DE", "ES", "FR", "GR", "IT", "LY", "MA", "MT", "PT", "RO", "RS", "TR")


def control_id(key: str) -> str:
    """DOM id of the control for person filter ``key``."""
    return f"filter-{key.replace('_', '-')}"


def chip_id(name: str) -> dict[str, str]:
    """Pattern-matching ID of the chip that removes filter ``name``."""
    return {"type": "filter-chip", "filter": name}


def _values(spec: PersonFilter) -> tuple[str, ...]:
    """Values offered for one filter; for countries, known ones plus whatever the data holds."""
    if spec.allowed is not None:
        return spec.allowed
    found: list[str] = []
    # Dash may build a layout outside a request (validation); the database is then not asked,
    # and an unreachable database must not stop the page loading.
    if has_request_context():
        try:
            found = countries()
        except SQLAlchemyError:
            log.warning("country list unavailable; using the built-in list", exc_info=True)
    return tuple(sorted(set(KNOWN_COUNTRIES) | set(found)))


def options(spec: PersonFilter, lang: str) -> list[dict[str, str]]:
    """Labelled options of one person filter."""
    return [{"label": spec.label(value, lang), "value": value} for value in _values(spec)]


def _control(spec: PersonFilter, lang: str, value: tuple[str, ...]) -> Any:
    # Options are in the layout from the start: a dropdown drops a value it has no
    # option for, which would lose a filter arriving in a shared URL.
    if spec.widget == "checklist":
        return dbc.Checklist(id=control_id(spec.key), inline=True, options=options(spec, lang), value=list(value))
    return dcc.Dropdown(id=control_id(spec.key), multi=True, placeholder=t("filter.any", lang),
                        labels=dropdown_labels(lang),
                        options=options(spec, lang), value=list(value))


def preset_options(lang: str) -> list[dict[str, str]]:
    """The period presets as options of a native select, after "Custom dates" (the dates typed or
    picked in the period box, shown when they match no preset)."""
    def label(name: str) -> str:
        if name.startswith("year_"):
            return t("filter.preset.year", lang, year=format_digits(name[5:], lang))
        return t(f"filter.preset.{name}", lang, count=format_digits("12", lang))
    return [{"label": t("filter.preset.custom", lang), "value": CUSTOM},
            *({"label": label(name), "value": name} for name in PRESETS)]


def _field(name: str, label_for: str, control: object) -> dbc.Col:
    return dbc.Col(html.Div([html.Label(T(f"filter.{name}", instance="panel"), htmlFor=label_for,
                                        className="form-label small mb-0"), control]), md=6, xl=4, className="mb-2")


def layout(lang: str, filters: Filters) -> html.Section:
    """A collapsible panel (closed, so the map stays in view on small screens) set to ``filters``."""
    period = dcc.DatePickerRange(
        id=PERIOD_PICKER, min_date_allowed=PROGRAMME_START.replace(year=2016), max_date_allowed=date.today(),
        initial_visible_month=filters.start or PROGRAMME_START, display_format="YYYY-MM-DD", clearable=True,
        start_date=filters.start, end_date=filters.end,
        start_date_placeholder_text="YYYY-MM-DD", end_date_placeholder_text="YYYY-MM-DD")
    # A native select: every screen reader and keyboard knows it, and a phone shows its own list.
    preset = dbc.Select(id=PRESET, options=preset_options(lang), size="sm",
                        value=preset_of(filters.start, filters.end, date.today()) or CUSTOM)
    return html.Section(id=PANEL, className="mb-2", **{"aria-label": t("filter.heading", lang)}, children=[
        html.Details([
            html.Summary(T("filter.heading", lang), className="fw-bold small"),
            dbc.Row(className="mt-2", children=[
                _field("preset", PRESET, preset),
                _field(PERIOD, PERIOD_PICKER, period),
                *(_field(spec.key, control_id(spec.key), _control(spec, lang, filters.chosen(spec.key)))
                  for spec in PERSON_FILTERS),
            ]),
            html.P(T("filter.person_note", lang), className="small text-muted mb-1"),
        ]),
        html.Div(className="d-flex flex-wrap align-items-center gap-2 mt-1", children=[
            html.Div(chips(filters, lang), id=CHIPS, className="d-flex flex-wrap gap-1", role="status"),
            dbc.Button(T("filter.reset", lang), id=RESET, size="sm", color="link"),
        ]),
    ])


def chips(filters: Filters, lang: str) -> list[Any]:
    """One removable chip per active filter, or a note that none is set."""
    names = filters.active()
    if not names:
        return [html.Span(t("filter.none_active", lang), className="small text-muted")]
    out: list[Any] = []
    if filters.is_backwards:
        out.append(html.Span(filters.period_text(lang), className="small text-danger fw-semibold", role="alert"))
    for name in names:
        label = filters.chip_label(name, lang)
        out.append(html.Button([label, html.Span(" ×", **{"aria-hidden": "true"})],
                               id=chip_id(name), n_clicks=0,
                               className="btn btn-sm btn-outline-primary rounded-pill py-0",
                               title=t("filter.remove", lang, name=label),
                               **{"aria-label": t("filter.remove", lang, name=label)}))
    return out


def next_filters(filters: Filters, trigger: str | dict[str, str], prop: str, value: Any,
                 today: date | None = None) -> Filters:
    """The filters after one of the panel's controls changed (only that control is read:
    the others may still be catching up with the URL)."""
    if trigger == RESET:
        return filters.everything_cleared()
    if isinstance(trigger, dict):
        return filters.without(trigger.get("filter", ""))
    if trigger == PERIOD_PICKER:
        return filters.replace(**{"start" if prop == "start_date" else "end": parse_date(value)})
    if trigger == PRESET:
        if value not in PRESETS:  # "Custom dates": the dates stay as they are
            return filters
        start, end = preset_period(value, today or date.today())
        return filters.replace(start=start, end=end)
    spec = next((s for s in PERSON_FILTERS if control_id(s.key) == trigger), None)
    return filters.replace(**{spec.key: spec.clean(value)}) if spec else filters


_CONTROLS = {spec.key: Input(control_id(spec.key), "value") for spec in PERSON_FILTERS}


@callback(
    output={"search": Output(URL, "search"), "chips": Output(CHIPS, "children"),
            "start": Output(PERIOD_PICKER, "start_date"), "end": Output(PERIOD_PICKER, "end_date"),
            "preset": Output(PRESET, "value"),
            **{key: Output(control_id(key), "value") for key in _CONTROLS}},
    inputs={"search": Input(URL, "search"), "lang": Input(LANGUAGE, "data"),
            "reset": Input(RESET, "n_clicks"), "chip_clicks": Input(chip_id(ALL), "n_clicks"),
            "start": Input(PERIOD_PICKER, "start_date"), "end": Input(PERIOD_PICKER, "end_date"),
            "preset": Input(PRESET, "value"), **_CONTROLS},
)
def sync(**values: Any) -> dict[str, Any]:
    """Write the filters to the URL when a control changes; set the controls from the URL otherwise."""
    search = values["search"]
    filters = Filters.from_query(parse_query(search))
    trigger = ctx.triggered_id
    fired: dict[str, Any] = ctx.triggered[0] if ctx.triggered else {"prop_id": ".", "value": None}
    # A chip that has just been drawn also "fires"; only a real click removes its filter.
    if trigger not in (None, URL, LANGUAGE) and not (isinstance(trigger, dict) and not fired["value"]):
        filters = next_filters(filters, trigger, fired["prop_id"].rsplit(".", 1)[-1], fired["value"])
    written = with_params(search, URL_KEYS, filters.to_query())
    return {
        "search": written if written != (search or "") else no_update,
        "chips": chips(filters, values["lang"]),
        "start": filters.start.isoformat() if filters.start else None,
        "end": filters.end.isoformat() if filters.end else None,
        "preset": preset_of(filters.start, filters.end, date.today()) or CUSTOM,
        **{key: list(filters.chosen(key)) for key in _CONTROLS},
    }


_DROPDOWNS = tuple(spec for spec in PERSON_FILTERS if spec.widget == "dropdown")


@callback(Output(PRESET, "options"), *(Output(control_id(spec.key), "options") for spec in PERSON_FILTERS),
          *(Output(control_id(spec.key), "placeholder") for spec in _DROPDOWNS),
          *(Output(control_id(spec.key), "labels") for spec in _DROPDOWNS), Input(LANGUAGE, "data"),
          prevent_initial_call=True)
def label_options(lang: str) -> tuple[object, ...]:
    """The presets' and the person filters' option labels, placeholders and the dropdowns' own
    words in the current language."""
    return (preset_options(lang), *(options(spec, lang) for spec in PERSON_FILTERS),
            *(t("filter.any", lang) for _ in _DROPDOWNS), *(dropdown_labels(lang) for _ in _DROPDOWNS))
