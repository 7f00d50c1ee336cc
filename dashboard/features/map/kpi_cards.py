"""KPI cards for the chosen area and filters: value, target and progress, change on the previous period."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, ctx, dcc, html, no_update

from dashboard.core.access import Action
from dashboard.core.cache import cached_render
from dashboard.core.guard import audit, effective_filters, require, scope_description
from dashboard.core.indicators import INDICATORS, IndicatorGroup
from dashboard.core.privacy import Count, Hidden, is_hidden
from dashboard.core.targets import NO_TARGET, TargetVerdict, progress
from dashboard.features.map.data import programme_change
from dashboard.features.map.state import current_state
from dashboard.features.outcomes.data import district_in_words
from dashboard.figures.tables import indicator_table
from dashboard.i18n import format_number, t
from dashboard.ui import help_panel
from dashboard.ui.exports import About, file_stem, table_download
from dashboard.ui.ids import MAP_PAGE
from dashboard.ui.loading import loading
from dashboard.ui.registry import callback
from dashboard.ui.text import T
from geodata import admin_areas

# This page's own view of the URL and the language (see PageIds).
PAGE_URL, PAGE_LANGUAGE = MAP_PAGE.url, MAP_PAGE.language
# The notes of this page's "How to read this" panel.
HELP = (help_panel.SMALL, help_panel.ADJUSTED, help_panel.MONTHS, help_panel.TARGET)

KPI_CARDS = "kpi-cards"
KPI_HEADING = "kpi-heading"
KPI_PERIOD = "kpi-period"
DOWNLOAD = "kpi-download"
BRIEF_MENU = "kpi-brief"
BRIEF_FORMATS = ("pdf", "html")


def brief_id(fmt: str) -> str:
    """DOM id of the menu item opening the district brief as ``fmt`` (pdf or html)."""
    return f"kpi-brief-{fmt}"


def download_id(fmt: str) -> dict[str, str]:
    """Pattern-matching ID of the menu item downloading the figures as ``fmt``."""
    return {"type": "kpi-download", "format": fmt}


def kpi_id(key: str) -> str:
    """DOM id of one card's value, for tests and deep links."""
    return f"kpi-{key}"


def heading(area: str | None, lang: str) -> str:
    """What the cards are about: "Programme at a glance", or "Sylhet at a glance" for an area."""
    return t("kpi.heading", lang) if area is None else t("kpi.heading_area", lang, area=admin_areas()[area].name(lang))


def layout(lang: str, area: str | None = None) -> html.Section:
    """The KPI section, headed with ``area`` (its cards are filled by :func:`render`)."""
    return html.Section(className="mb-3", **{"aria-labelledby": KPI_HEADING}, children=[
        html.Div(className="d-flex justify-content-between align-items-baseline flex-wrap gap-2", children=[
            html.H2(heading(area, lang), id=KPI_HEADING, className="h5"),
            html.Div(className="d-flex flex-wrap gap-2", children=[
                # A district's brief, for its next meeting: plain links, the server builds the file.
                dbc.DropdownMenu(id=BRIEF_MENU, label=T("brief.download", lang), size="sm", color="primary",
                                 align_end=True, className="d-none", children=[
                                     dbc.DropdownMenuItem(T(f"brief.as.{fmt}", lang), id=brief_id(fmt),
                                                          external_link=True, target="_blank", href="#")
                                     for fmt in BRIEF_FORMATS]),
                dbc.DropdownMenu(label=T("kpi.download", lang), size="sm", color="secondary", align_end=True,
                                 children=[dbc.DropdownMenuItem(T(f"download.{fmt}", lang, instance=f"kpi-{fmt}"),
                                                                id=download_id(fmt)) for fmt in ("csv", "xlsx")]),
            ]),
        ]),
        html.P(t("kpi.period.all", lang), id=KPI_PERIOD, className="text-muted small mb-2"),
        help_panel.panel("map", HELP, lang),
        loading(html.Div(id=KPI_CARDS), lang, KPI_CARDS),
        dcc.Download(id=DOWNLOAD),
    ])


def _change(value: Count, before: Count, span: tuple[int, str], lang: str) -> html.Div:
    if isinstance(value, Hidden) or isinstance(before, Hidden):
        # A change from or to a hidden count would give the hidden count away by subtraction.
        return html.Div("–", title=t("kpi.change.hidden", lang), className="small text-muted kpi-change-hidden",
                        **{"aria-label": t("kpi.change.hidden", lang)})
    change = value - before
    sign = "+" if change > 0 else ""
    count, unit = span
    text = t(f"kpi.change.{unit}", lang, sign=sign, change=format_number(change, lang),
             count=format_number(count, lang))
    tone = "text-success" if change > 0 else "text-muted"
    return html.Div(text, className=f"small {tone}")


def _progress_bar(key: str, value: Any, target: int, percent: int | None, lang: str) -> html.Div:
    """The bar towards the target, named for screen readers ("Returnees profiled: 97 of 200 (49%)");
    ``value`` may be a hidden count (``dashboard.core.privacy``), named without a share."""
    indicator, of = t(f"indicator.{key}", lang), format_number(target, lang)
    if is_hidden(value) or percent is None:
        name = t("kpi.progress_label_hidden", lang, indicator=indicator, target=of,
                 value=format_number(str(value), lang))
        drawn, spoken = 0, name
    else:
        name = t("kpi.progress_label", lang, indicator=indicator, value=format_number(value, lang), target=of,
                 percent=format_number(percent, lang))
        # Read instead of the bar's 0-100 position, which stops at 100 while the share goes on.
        drawn, spoken = min(percent, 100), t("kpi.progress", lang, percent=format_number(percent, lang))
    # Bootstrap's own markup, written out: dbc.Progress takes no aria-label (a progress bar is
    # named only by its author, never by its content).
    return html.Div(html.Div(className="progress-bar", style={"width": f"{drawn}%"}),
                    className="progress kpi-progress", style={"height": "6px"}, role="progressbar",
                    **{"aria-label": name, "aria-valuenow": drawn, "aria-valuemin": 0, "aria-valuemax": 100,
                       "aria-valuetext": spoken})


def _card(key: str, value: Count, verdict: TargetVerdict, previous: Count | None, span: tuple[int, str],
          lang: str) -> dbc.Col:
    footer: list[Any] = []
    target = verdict.target if verdict.compared else None
    if verdict.not_compared:
        # Why this period's figure is not set against a target (core.targets: one rule everywhere).
        footer.append(html.Div(t(f"target.not_compared.{verdict.status.value}", lang),
                               className="small text-muted kpi-note"))
    elif target and not isinstance(value, Hidden):
        percent = round(progress(value, verdict) or 0)
        footer += [
            _progress_bar(key, value, target, percent, lang),
            html.Div(f"{t('kpi.target', lang, target=format_number(target, lang))} · "
                     f"{t('kpi.progress', lang, percent=format_number(percent, lang))}",
                     className="small text-muted mt-1"),
        ]
    elif target:
        footer.append(html.Div(t("kpi.target", lang, target=format_number(target, lang)),
                               className="small text-muted mt-1"))
    if previous is not None:
        footer.append(_change(value, previous, span, lang))
    return dbc.Col(dbc.Card(dbc.CardBody([
        html.Div(t(f"indicator.{key}", lang), className="kpi-label small"),
        html.Div(format_number(value, lang), id=kpi_id(key), className="kpi-value"),
        *footer,
    ]), className="h-100 kpi-card"), className="mb-2")


def compared_targets(verdicts: Mapping[str, TargetVerdict]) -> dict[str, int]:
    """The targets the figures are compared with, per indicator (for the downloaded table)."""
    return {key: v.target for key, v in verdicts.items() if v.compared and v.target is not None}


def kpi_cards(figures: dict[str, Count], targets: Mapping[str, TargetVerdict], lang: str,
              previous: dict[str, Count] | None = None, span: tuple[int, str] = (0, "days")) -> list[Any]:
    """Cards grouped by programme component: a heading and a responsive row per group; each
    card's target as ``core.targets`` decided for the period (compared, or why not)."""
    sections: list[Any] = []
    for group in IndicatorGroup:
        keys = [i.key for i in INDICATORS if i.group == group]
        sections.append(html.H3(t(f"kpi.group.{group.value}", lang), className="h6 mt-2 kpi-group"))
        sections.append(dbc.Row(
            [_card(k, figures[k], targets.get(k, NO_TARGET), previous.get(k) if previous else None, span, lang)
             for k in keys],
            className="row-cols-2 row-cols-md-3 g-2",
        ))
    return sections


def _outcome_card(district: str, lang: str) -> html.Div:
    """The district's reintegration score in its latest survey round against the round before,
    in words, with a link to the outcome page (issue 29)."""
    words = district_in_words(district, lang) or t("outcomes.none", lang)
    return html.Div(className="mt-2", children=[
        html.H3(t("outcomes.heading", lang), className="h6 kpi-group"),
        # Not a kpi- id: those hold a number each (the page, its tests and the benchmark read them so).
        dbc.Card(dbc.CardBody([html.P(words, className="small mb-1", id="outcome-in-words"),
                               dcc.Link(t("outcomes.open", lang), href=f"/outcomes?district={district}",
                                        className="small")]), className="kpi-card")])


@callback(Output(KPI_CARDS, "children"), Output(KPI_HEADING, "children"), Output(KPI_PERIOD, "children"),
          Input(PAGE_URL, "search"), Input(PAGE_LANGUAGE, "data"))
@cached_render("kpi-cards")
def render(search: str | None, lang: str) -> tuple[list[Any], str, str]:
    """Cards, heading and period line for the state in the URL."""
    state = current_state(search)
    filters = state.area_filters()
    change = programme_change(filters)
    cards = kpi_cards(change.figures, change.targets, lang, change.previous, filters.period_span())
    if state.district is not None:
        cards.append(_outcome_card(state.district, lang))
    # Below headquarters the figures are for whole months: say which months they are for.
    return cards, heading(state.area, lang), effective_filters(state.filters).period_text(lang)


@callback(Output(BRIEF_MENU, "className"), *(Output(brief_id(fmt), "href") for fmt in BRIEF_FORMATS),
          Input(PAGE_URL, "search"), Input(PAGE_LANGUAGE, "data"))
def brief_links(search: str | None, lang: str) -> tuple[str, ...]:
    """Links to the chosen district's brief for the period on screen, in the current language."""
    state = current_state(search)
    if state.district is None:
        return ("d-none", *("#" for _ in BRIEF_FORMATS))
    period = {"from": state.filters.start, "to": state.filters.end}
    query = urlencode({"lang": lang, **{k: v.isoformat() for k, v in period.items() if v}})
    return ("", *(f"brief/{state.district}.{fmt}?{query}" for fmt in BRIEF_FORMATS))


@callback(Output(DOWNLOAD, "data"), Input(download_id(ALL), "n_clicks"),
          State(PAGE_URL, "search"), State(PAGE_LANGUAGE, "data"), prevent_initial_call=True)
def download(clicks: list[int | None], search: str | None, lang: str) -> Any:
    """The figures on the cards as CSV or Excel, saying what they hold."""
    if not any(clicks) or not isinstance(ctx.triggered_id, dict):
        return no_update
    state = current_state(search)
    require(Action.EXPORT, state.area)
    change = programme_change(state.area_filters())
    table = indicator_table(change.figures, compared_targets(change.targets), change.previous, lang)
    about = About(heading(state.area, lang), state.area, state.filters, scope_description(lang))
    period = [d.isoformat() for d in (state.filters.start, state.filters.end) if d]
    stem, fmt = file_stem("indicators", state.area or "bangladesh", *period), ctx.triggered_id["format"]
    audit("export", f"{stem}.{fmt}", state.filters, area=state.area)
    return table_download(table, stem, about, lang, fmt)
help_panel.follow_language("map", HELP, PAGE_LANGUAGE)
