"""The map's hotline choice: which calls the hotline layer, the hotline metrics and the upazila
panel count (topics, caller types, referred or not). The controls show while the hotline layer
is on or a hotline metric is chosen; their values live in the URL (``core.hotline.URL_KEYS``),
written by the map's ``sync`` like its other controls."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.core.hotline import CALLERS, REFERRED_ANSWERS, TOPICS
from dashboard.core.metrics import Metric
from dashboard.features.map.state import ViewState
from dashboard.i18n import t
from dashboard.ui.text import T, dropdown_labels

HOTLINE_ROW = "map-hotline-row"
HOTLINE_TOPICS = "map-hotline-topics"
HOTLINE_CALLERS = "map-hotline-callers"
HOTLINE_REFERRED = "map-hotline-referred"
# The radio's value for "any answer" (a radio needs a value; the URL then holds nothing).
ANY = "any"
HOTLINE_METRICS = (Metric.HOTLINE_CALLS, Metric.HOTLINE_PER_10K_RETURNEES)


def topic_options(lang: str) -> list[dict[str, str]]:
    """Every topic a call is recorded under, labelled."""
    return [{"label": t(f"hotline_topic.{topic}", lang), "value": topic} for topic in TOPICS]


def caller_options(lang: str) -> list[dict[str, str]]:
    """Every kind of caller (returnee, family member, aspirant migrant), labelled."""
    return [{"label": t(f"hotline_caller.{caller}", lang), "value": caller} for caller in CALLERS]


def referred_options(lang: str) -> list[dict[str, str]]:
    """Any answer, referred, not referred."""
    return [{"label": t(f"map.hotline.referred_{answer}", lang), "value": answer}
            for answer in (ANY, *REFERRED_ANSWERS)]


def shown(state: ViewState) -> bool:
    """Whether the choice matters to the view: the hotline layer is on or a hotline metric chosen."""
    return "hotline" in state.layers or state.metric in HOTLINE_METRICS


def row_class(state: ViewState) -> str:
    """The controls' row class: hidden when the choice does not matter to the view."""
    return "d-flex flex-wrap gap-2 align-items-end mb-2 small" + ("" if shown(state) else " d-none")


def referred_value(state: ViewState) -> str:
    """The radio's value for the state's referral answer."""
    return state.hotline.referred or ANY


def layout(lang: str, state: ViewState) -> html.Fieldset:
    """The three controls, each labelled, in one fieldset named for what they choose."""
    return html.Fieldset(id=HOTLINE_ROW, className=row_class(state), children=[
        html.Legend(T("map.hotline.heading", lang), className="small mb-0 w-100"),
        html.Div([html.Label(T("map.hotline.topic", lang), htmlFor=HOTLINE_TOPICS, className="mb-0"),
                  dcc.Dropdown(id=HOTLINE_TOPICS, multi=True, value=list(state.hotline.topics),
                               options=topic_options(lang), labels=dropdown_labels(lang),
                               placeholder=t("map.hotline.all_topics", lang))], className="map-hotline-choice"),
        html.Div([html.Label(T("map.hotline.caller", lang), htmlFor=HOTLINE_CALLERS, className="mb-0"),
                  dcc.Dropdown(id=HOTLINE_CALLERS, multi=True, value=list(state.hotline.callers),
                               options=caller_options(lang), labels=dropdown_labels(lang),
                               placeholder=t("map.hotline.all_callers", lang))], className="map-hotline-choice"),
        html.Div([html.Span(T("map.hotline.referred", lang), className="me-2"),
                  dbc.RadioItems(id=HOTLINE_REFERRED, inline=True, value=referred_value(state),
                                 options=referred_options(lang), className="d-inline-block")]),
    ])


def translated() -> list[tuple[str, str, Callable[[str], Any]]]:
    """(id, property, builder) of the controls' words that follow the language switch."""
    return [(HOTLINE_TOPICS, "options", topic_options), (HOTLINE_TOPICS, "placeholder",
                                                         lambda lang: t("map.hotline.all_topics", lang)),
            (HOTLINE_TOPICS, "labels", dropdown_labels),
            (HOTLINE_CALLERS, "options", caller_options), (HOTLINE_CALLERS, "placeholder",
                                                           lambda lang: t("map.hotline.all_callers", lang)),
            (HOTLINE_CALLERS, "labels", dropdown_labels), (HOTLINE_REFERRED, "options", referred_options)]
