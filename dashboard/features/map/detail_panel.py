"""The upazila detail panel, opened by clicking an upazila on the district map."""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
from dash import Input, Output, State, html

from dashboard.core.cache import cached_render
from dashboard.core.privacy import Count, Hidden
from dashboard.core.url import with_params
from dashboard.features.map.data import UpazilaDetail, upazila_detail
from dashboard.features.map.state import MAP_KEYS, current_state
from dashboard.i18n import format_number, t
from dashboard.models.vocabulary import HotlineCaller, HotlineTopic
from dashboard.queries.hotline import CALLS, UNKNOWN
from dashboard.ui.ids import MAP_PAGE
from dashboard.ui.loading import loading
from dashboard.ui.registry import callback
from dashboard.ui.text import T
from geodata import admin_areas

# This page's own view of the URL and the language (see PageIds).
PAGE_URL, PAGE_LANGUAGE = MAP_PAGE.url, MAP_PAGE.language

PANEL = "upazila-detail"
TITLE = "upazila-detail-title"
BODY = "upazila-detail-body"
CLOSE = "upazila-detail-close"
# The figures a DCC member asks about first for one upazila.
SHOWN = ("returnees_profiled", "returnees_eu", "returnees_transit", "reintegration_plans",
         "psychosocial_support", "inkind_support", "people_reached", "migration_fairs")


def layout(lang: str) -> dbc.Card:
    """Hidden until an upazila is chosen."""
    return dbc.Card(id=PANEL, className="mb-3 d-none border-primary", children=[
        dbc.CardHeader(className="d-flex justify-content-between align-items-center", children=[
            html.H2(id=TITLE, className="h6 mb-0"),
            dbc.Button(T("detail.close", lang), id=CLOSE, size="sm", color="link"),
        ]),
        dbc.CardBody(loading(html.Div(id=BODY), lang, BODY)),
    ])


def detail_rows(detail: UpazilaDetail, lang: str) -> list[tuple[str, str]]:
    """(label, formatted value) rows of the panel."""
    def share(value: float | Hidden | None) -> str:
        if isinstance(value, Hidden):  # hidden is not missing, and "<5" is no percentage
            return t("map.hidden", lang, threshold=format_number(value.threshold, lang))
        return t("map.no_data", lang) if value is None else format_number(value, lang) + "%"

    rows = [(t(f"indicator.{key}", lang), format_number(detail.figures[key], lang)) for key in SHOWN]
    return [*rows, (t("detail.plans", lang), share(detail.plan_share)),
            (t("detail.unmet", lang), share(detail.unmet_share)),
            (t("detail.providers", lang), format_number(detail.providers, lang)),
            *hotline_rows(detail.hotline, lang)]


def hotline_rows(calls: dict[str, Count], lang: str) -> list[tuple[str, str]]:
    """The upazila's hotline calls: in all, by topic and by caller type (every code of each,
    so a missing row gives nothing away), and how many callers were referred to a service."""
    def n(name: str) -> str:
        return format_number(calls.get(name, 0), lang)

    rows = [(t("detail.hotline", lang), n(CALLS))]
    rows += [(t("detail.hotline_topic", lang, topic=t(f"hotline_topic.{topic.value}", lang)), n(f"topic.{topic.value}"))
             for topic in HotlineTopic]
    rows += [(t("detail.hotline_caller", lang, caller=t(f"hotline_caller.{caller.value}", lang)),
              n(f"caller.{caller.value}")) for caller in HotlineCaller]
    rows += [(t("detail.hotline_caller_unknown", lang), n(f"caller.{UNKNOWN}")),
             (t("detail.hotline_referred", lang), n("referred.yes"))]
    return rows


@callback(Output(PANEL, "className"), Output(TITLE, "children"), Output(BODY, "children"),
          Input(PAGE_URL, "search"), Input(PAGE_LANGUAGE, "data"))
@cached_render("upazila-detail")
def render(search: str | None, lang: str) -> tuple[str, str, Any]:
    """Show the chosen upazila's figures, or hide the panel."""
    state = current_state(search)
    detail = upazila_detail(state)
    if detail is None or state.upazila is None or state.district is None:
        return "mb-3 d-none border-primary", "", []
    areas = admin_areas()
    title = t("detail.heading", lang, area=areas[state.upazila].name(lang), district=areas[state.district].name(lang))
    table = html.Table(className="table table-sm mb-0", children=html.Tbody([
        html.Tr([html.Th(label, scope="row", className="fw-normal"), html.Td(value, className="text-end")])
        for label, value in detail_rows(detail, lang)
    ]))
    return "mb-3 border-primary", title, table


@callback(Output(PAGE_URL, "search", allow_duplicate=True), Input(CLOSE, "n_clicks"), State(PAGE_URL, "search"),
          prevent_initial_call=True)
def close(_clicks: int, search: str | None) -> str:
    """Closing the panel goes up to the district."""
    return with_params(search, MAP_KEYS, current_state(search).up().map_query())
