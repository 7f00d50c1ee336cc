"""KPI cards: every programme indicator, with progress against its target where one is set."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Input, Output, dcc, html

from dashboard.components.ids import LANGUAGE
from dashboard.components.registry import callback
from dashboard.components.text import T
from dashboard.data import programme_figures
from dashboard.i18n import format_number, t
from dashboard.indicators import INDICATORS, IndicatorGroup

KPI_CARDS = "kpi-cards"


def kpi_id(key: str) -> str:
    """DOM id of one card's value, for tests and deep links."""
    return f"kpi-{key}"


def layout(lang: str) -> html.Section:
    """The KPI section; cards are filled by :func:`render`."""
    return html.Section(
        className="mb-3",
        **{"aria-labelledby": "kpi-heading"},
        children=[
            html.H2(T("kpi.heading", lang), id="kpi-heading", className="h5"),
            html.P(T("kpi.period.all", lang), className="text-muted small mb-2"),
            dcc.Loading(html.Div(id=KPI_CARDS), type="dot"),
        ],
    )


def _card(key: str, value: int, target: int | None, lang: str) -> dbc.Col:
    footer: list = []
    if target:
        percent = round(100 * value / target)
        footer = [
            dbc.Progress(value=min(percent, 100), className="kpi-progress", style={"height": "6px"}),
            html.Div(
                f"{t('kpi.target', lang, target=format_number(target, lang))} · "
                f"{t('kpi.progress', lang, percent=format_number(percent, lang))}",
                className="small text-muted mt-1",
            ),
        ]
    return dbc.Col(dbc.Card(dbc.CardBody([
        html.Div(t(f"indicator.{key}", lang), className="kpi-label small"),
        html.Div(format_number(value, lang), id=kpi_id(key), className="kpi-value"),
        *footer,
    ]), className="h-100 kpi-card"), className="mb-2")


def kpi_cards(figures: dict[str, int], targets: dict[str, int], lang: str) -> list:
    """Cards grouped by programme component: a heading and a responsive row per group."""
    sections: list = []
    for group in IndicatorGroup:
        keys = [i.key for i in INDICATORS if i.group == group]
        sections.append(html.H3(t(f"kpi.group.{group.value}", lang), className="h6 mt-2 kpi-group"))
        sections.append(dbc.Row(
            [_card(k, figures[k], targets.get(k), lang) for k in keys],
            className="row-cols-2 row-cols-md-3 g-2",
        ))
    return sections


@callback(Output(KPI_CARDS, "children"), Input(LANGUAGE, "data"))
def render(lang: str) -> list:
    """Fill the cards for the request's scope."""
    figures, targets = programme_figures()
    return kpi_cards(figures, targets, lang)
