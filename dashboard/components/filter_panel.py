"""Filter controls (period and who the returnees are), active-filter chips and reset.

The controls' values belong to the view state (see ``view_controller``); this
module owns their layout and their language-dependent option labels.
"""

from __future__ import annotations

import logging

import dash_bootstrap_components as dbc
from dash import Input, Output, dcc, html
from flask import has_request_context
from sqlalchemy.exc import SQLAlchemyError

from dashboard.components.ids import LANGUAGE
from dashboard.components.registry import callback
from dashboard.components.text import T
from dashboard.data import countries
from dashboard.filters import PROGRAMME_END, PROGRAMME_START
from dashboard.i18n import t
from dashboard.models.vocabulary import AgeBand, ReturneeStatus, ReturnGroup, Service, Sex

log = logging.getLogger(__name__)

PANEL = "filter-panel"
PERIOD = "filter-period"
RESET = "filter-reset"
CHIPS = "filter-chips"
# One control per person filter, keyed by the Filters field it sets.
CONTROLS = {name: f"filter-{name.replace('_', '-')}" for name in
            ("sex", "age_band", "return_group", "country", "need", "status")}
_VOCABULARY = {"sex": Sex, "age_band": AgeBand, "return_group": ReturnGroup, "need": Service,
               "status": ReturneeStatus}
_MESSAGE_PREFIX = {"need": "service"}
# Country names for the codes the demo data uses; other codes show as themselves.
COUNTRY_NAMES = {"AT": "Austria", "BA": "Bosnia and Herzegovina", "CY": "Cyprus", "DE": "Germany", "ES": "Spain",
                 "FR": "France", "GR": "Greece", "IT": "Italy", "LY": "Libya", "MA": "Morocco", "MT": "Malta",
                 "PT": "Portugal", "RO": "Romania", "RS": "Serbia", "TR": "Türkiye"}


def chip_id(name: str) -> dict[str, str]:
    """Pattern-matching ID of the chip that removes filter ``name``."""
    return {"type": "filter-chip", "filter": name}


def _country_codes() -> list[str]:
    """Known names plus whatever the data holds. Dash builds the layout once at start-up,
    outside any request, and an unreachable database must not stop the page loading."""
    found: list[str] = []
    if has_request_context():
        try:
            found = countries()
        except SQLAlchemyError:
            log.warning("country list unavailable; using the built-in list", exc_info=True)
    return sorted(set(COUNTRY_NAMES) | set(found))


def options(name: str, lang: str) -> list[dict[str, str]]:
    """Labelled options of one person filter."""
    if name == "country":
        return [{"label": f"{COUNTRY_NAMES.get(code, code)} ({code})", "value": code} for code in _country_codes()]
    prefix = _MESSAGE_PREFIX.get(name, name)
    return [{"label": t(f"{prefix}.{member.value}", lang), "value": member.value} for member in _VOCABULARY[name]]


def _field(name: str, control: object) -> dbc.Col:
    return dbc.Col(html.Div([html.Label(T(f"filter.{name}", instance="panel"), htmlFor=CONTROLS.get(name, PERIOD),
                                        className="form-label small mb-0"), control]), md=6, xl=4, className="mb-2")


def layout(lang: str) -> html.Section:
    """A collapsible panel; closed by default so the map stays in view on small screens."""
    # Options are in the layout from the start: a dropdown drops a value it has no
    # option for, which would lose a filter arriving in a shared URL.
    def dropdown(name: str) -> dcc.Dropdown:
        return dcc.Dropdown(id=CONTROLS[name], multi=True, placeholder=t("filter.any", lang),
                            options=options(name, lang), value=[])

    def checklist(name: str) -> dbc.Checklist:
        return dbc.Checklist(id=CONTROLS[name], inline=True, options=options(name, lang), value=[])

    return html.Section(id=PANEL, className="mb-2", **{"aria-label": t("filter.heading", lang)}, children=[
        html.Details([
            html.Summary(T("filter.heading", lang), className="fw-bold small"),
            dbc.Row(className="mt-2", children=[
                _field("period", dcc.DatePickerRange(
                    id=PERIOD, min_date_allowed=PROGRAMME_START.replace(year=2016), max_date_allowed=PROGRAMME_END,
                    initial_visible_month=PROGRAMME_START, display_format="YYYY-MM-DD", clearable=True,
                    start_date_placeholder_text="YYYY-MM-DD", end_date_placeholder_text="YYYY-MM-DD")),
                _field("sex", checklist("sex")),
                _field("return_group", checklist("return_group")),
                _field("age_band", dropdown("age_band")),
                _field("country", dropdown("country")),
                _field("need", dropdown("need")),
                _field("status", dropdown("status")),
            ]),
            html.P(T("filter.person_note", lang), className="small text-muted mb-1"),
        ]),
        html.Div(className="d-flex flex-wrap align-items-center gap-2 mt-1", children=[
            html.Div(id=CHIPS, className="d-flex flex-wrap gap-1", role="status"),
            dbc.Button(T("filter.reset", lang), id=RESET, size="sm", color="link"),
        ]),
    ])


_DROPDOWNS = ("age_band", "country", "need", "status")


@callback(*(Output(control, "options") for control in CONTROLS.values()),
          *(Output(CONTROLS[name], "placeholder") for name in _DROPDOWNS), Input(LANGUAGE, "data"))
def label_options(lang: str) -> tuple[object, ...]:
    """Option labels and placeholders in the current language."""
    return (*(options(name, lang) for name in CONTROLS), *(t("filter.any", lang) for _ in _DROPDOWNS))


def chip_label(name: str, values: tuple[str, ...] | str, lang: str) -> str:
    """"Sex: Female" style text of an active filter."""
    if name == "period":
        return f"{t('filter.period', lang)}: {values}"
    if name == "country":
        shown = [COUNTRY_NAMES.get(v, v) for v in values]
    else:
        prefix = _MESSAGE_PREFIX.get(name, name)
        shown = [t(f"{prefix}.{v}", lang) for v in values]
    return f"{t(f'filter.{name}', lang)}: {', '.join(shown)}"
