"""Headquarters' comparison of districts: a ranking with rates, targets and trends, monthly
series as small multiples and overlaid lines, and one district against its peers.

Owns the URL keys ``indicator``, ``districts`` and ``peer`` (the frame's filter panel owns
the period and person filters); renders from the URL like every page.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any
from urllib.parse import urlencode

import dash_bootstrap_components as dbc
import pandas as pd
from dash import ALL, Input, Output, State, ctx, dash_table, dcc, html, no_update

from dashboard.core.access import current_actor
from dashboard.core.filters import PROGRAMME_END, PROGRAMME_START, Filters
from dashboard.core.guard import audit, effective_filters, scope_description
from dashboard.core.indicators import INDICATOR_KEYS
from dashboard.core.privacy import is_hidden
from dashboard.core.targets import TargetStatus, TargetVerdict
from dashboard.core.url import parse_query, with_params
from dashboard.features.compare.data import dcc_districts, peer_comparison, ranking, series
from dashboard.features.compare.figures import months_between, overlaid, peer_dots, small_multiples
from dashboard.features.compare.queries import SERIES_INDICATORS
from dashboard.features.compare.rules import RATE_KEYS
from dashboard.figures.message import message_figure
from dashboard.i18n import bangla_digits, format_month, format_number, t
from dashboard.ui import chart_table, help_panel
from dashboard.ui.exports import About, file_stem, table_download
from dashboard.ui.ids import COMPARE_PAGE
from dashboard.ui.loading import loading
from dashboard.ui.registry import callback
from dashboard.ui.text import T, dropdown_labels, translated_props
from geodata import Level, admin_areas, areas_at

# This page's own view of the URL and the language (see PageIds).
PAGE_URL, PAGE_LANGUAGE = COMPARE_PAGE.url, COMPARE_PAGE.language
# The notes of this page's "How to read this" panel.
HELP = (help_panel.ADJUSTED, help_panel.SMALL, help_panel.PEERS, help_panel.TARGET)

INDICATOR, DISTRICTS, PEER = "compare-indicator", "compare-districts", "compare-peer"
SERIES_TABLE, PEERS_TABLE = "compare-series-table", "compare-peers-table"
RANKING, SMALL, OVERLAY, PEERS, PEER_NOTE = ("compare-ranking", "compare-small", "compare-overlay", "compare-peers",
                                             "compare-peer-note")
SUMMARY, DOWNLOAD = "compare-summary", "compare-download"
KEYS = ("indicator", "districts", "peer")
DEFAULT_INDICATOR = "returnees_profiled"
MAX_SERIES = 12  # small multiples stay readable; the overlay even more so


def download_id(what: str, fmt: str) -> dict[str, str]:
    """Pattern-matching ID of a download item (``ranking`` or ``series``, as ``csv`` or ``xlsx``)."""
    return {"type": "compare-download", "what": what, "format": fmt}


@dataclass(frozen=True)
class CompareState:
    """What the comparison shows, as its URL keys say (districts checked against the actor's scope)."""

    indicator: str = DEFAULT_INDICATOR
    districts: tuple[str, ...] = ()
    peer: str | None = None

    @classmethod
    def from_search(cls, search: str | None) -> CompareState:
        """Parse the query string; anything unknown or out of scope is dropped, defaults filled."""
        query = parse_query(search)
        scope = current_actor().scope
        areas = admin_areas()

        def district(code: str) -> bool:
            return code in areas and areas[code].level == Level.DISTRICT and scope.permits(code)

        chosen = tuple(dict.fromkeys(d for d in query.get("districts", "").split(",") if district(d)))[:MAX_SERIES]
        indicator = query.get("indicator", DEFAULT_INDICATOR)
        peer = query.get("peer")
        state = cls(indicator if indicator in INDICATOR_KEYS else DEFAULT_INDICATOR,
                    chosen or default_districts(), peer if peer and district(peer) else None)
        return state if state.peer else replace(state, peer=state.districts[0] if state.districts else None)

    def query(self) -> dict[str, str]:
        """The URL keys this component owns (defaults left out)."""
        params = {} if self.indicator == DEFAULT_INDICATOR else {"indicator": self.indicator}
        if self.districts != default_districts():
            params["districts"] = ",".join(self.districts)
        if self.peer and (not self.districts or self.peer != self.districts[0]):
            params["peer"] = self.peer
        return params


def default_districts() -> tuple[str, ...]:
    """Headquarters start with the DCC districts; others with their own."""
    actor = current_actor()
    if actor.scope.is_national:
        return tuple(sorted(dcc_districts()))[:MAX_SERIES]
    return tuple(sorted(actor.districts))[:MAX_SERIES]


def _district_options(lang: str) -> list[dict[str, str]]:
    scope = current_actor().scope
    return [{"label": a.name(lang), "value": a.pcode}
            for a in sorted(areas_at(Level.DISTRICT), key=lambda a: a.name(lang)) if scope.permits(a.pcode)]


def _filter_options(lang: str) -> dict[str, str]:
    return {"case": "insensitive", "placeholder_text": t("compare.filter_placeholder", lang)}


def _indicator_options(lang: str) -> list[dict[str, str]]:
    return [{"label": t(f"indicator.{k}", lang), "value": k} for k in INDICATOR_KEYS]


def layout(lang: str, search: str) -> html.Div:
    """Controls, ranking, series and peers."""
    state = CompareState.from_search(search)
    return html.Div([
        html.H2(T("compare.heading", lang), className="h4"),
        html.P(T("compare.intro", lang), className="small text-muted"),
        help_panel.panel("compare", HELP, lang),
        dbc.Row(className="g-3 align-items-end mb-2", children=[
            dbc.Col(md=4, children=[
                html.Label(T("compare.indicator", lang), htmlFor=INDICATOR, className="form-label"),
                dcc.Dropdown(id=INDICATOR, clearable=False, value=state.indicator, labels=dropdown_labels(lang),
                             options=_indicator_options(lang))]),
            dbc.Col(md=8, children=[
                html.Label(T("compare.districts", lang), htmlFor=DISTRICTS, className="form-label"),
                dcc.Dropdown(id=DISTRICTS, multi=True, value=list(state.districts), options=_district_options(lang),
                             labels=dropdown_labels(lang),
                             placeholder=t("compare.pick_districts", lang))]),
        ]),
        html.Div(id=SUMMARY, role="status", className="small mb-2"),
        html.Div(className="d-flex justify-content-between align-items-baseline flex-wrap gap-2", children=[
            html.H3(T("compare.ranking", lang), className="h6"),
            dbc.DropdownMenu(label=T("map.download", lang), size="sm", color="secondary", align_end=True,
                             children=[item for what in ("ranking", "series") for item in (
                                 dbc.DropdownMenuItem(T(f"compare.download.{what}", lang), header=True),
                                 *(dbc.DropdownMenuItem(T(f"download.{fmt}", lang, instance=f"compare-{what}-{fmt}"),
                                                        id=download_id(what, fmt)) for fmt in ("csv", "xlsx")))]),
            dcc.Download(id=DOWNLOAD),
        ]),
        html.P(T("compare.ranking_note", lang), className="small text-muted mb-1"),
        loading(dash_table.DataTable(
            id=RANKING, sort_action="native", filter_action="native", page_action="native", page_size=16,
            filter_options=_filter_options(lang),
            sort_by=[{"column_id": "value", "direction": "desc"}], style_table={"overflowX": "auto"},
            style_cell={"fontFamily": "inherit", "fontSize": "0.85rem", "padding": "4px 8px", "textAlign": "right"},
            style_cell_conditional=[{"if": {"column_id": c}, "textAlign": "left"} for c in ("name", "status", "trend")],
            style_header={"fontWeight": "600", "whiteSpace": "normal", "height": "auto"},
            tooltip_delay=300, tooltip_duration=None, cell_selectable=True), lang, RANKING),
        dbc.Row(className="mt-3 g-3", children=[
            dbc.Col(lg=7, children=[html.H3(T("compare.small_multiples", lang), className="h6"),
                                    loading(dcc.Graph(id=SMALL, config=chart_table.SERIES_CONFIG), lang, SMALL)]),
            dbc.Col(lg=5, children=[html.H3(T("compare.overlay", lang), className="h6"),
                                    loading(dcc.Graph(id=OVERLAY, config=chart_table.SERIES_CONFIG), lang, OVERLAY),
                                    chart_table.layout(SERIES_TABLE, lang)]),
        ]),
        html.H3(T("compare.peers", lang), className="h6 mt-3"),
        dbc.Row(className="g-3 align-items-end", children=[
            dbc.Col(md=4, children=[
                html.Label(T("compare.peer_district", lang), htmlFor=PEER, className="form-label"),
                dcc.Dropdown(id=PEER, clearable=False, value=state.peer, options=_district_options(lang),
                             labels=dropdown_labels(lang))]),
            dbc.Col(md=8, children=html.P(id=PEER_NOTE, className="small text-muted mb-0")),
        ]),
        loading(dcc.Graph(id=PEERS, config=chart_table.PICTURE_CONFIG), lang, PEERS),
        chart_table.layout(PEERS_TABLE, lang),
    ])


@callback(output={"search": Output(PAGE_URL, "search", allow_duplicate=True),
                  "indicator": Output(INDICATOR, "value"), "districts": Output(DISTRICTS, "value"),
                  "peer": Output(PEER, "value")},
          inputs={"search": Input(PAGE_URL, "search"), "indicator": Input(INDICATOR, "value"),
                  "districts": Input(DISTRICTS, "value"), "peer": Input(PEER, "value")},
          prevent_initial_call=True)
def sync(**values: Any) -> dict[str, Any]:
    """Write this component's URL keys when a control changes; set the controls from the URL otherwise."""
    search = values["search"]
    state = CompareState.from_search(search)
    if ctx.triggered_id in (INDICATOR, DISTRICTS, PEER):
        # The new values go through the same checks as values arriving in a link.
        asked = {"indicator": values["indicator"] or DEFAULT_INDICATOR,
                 "districts": ",".join(values["districts"] or []), "peer": values["peer"] or ""}
        state = CompareState.from_search("?" + urlencode(asked))
    written = with_params(search, KEYS, state.query())
    return {"search": written if written != (search or "") else no_update, "indicator": state.indicator,
            "districts": list(state.districts), "peer": state.peer}


_NOT_COMPARED = {TargetStatus.PART_YEAR: "compare.status.part_year", TargetStatus.PEOPLE: "compare.status.people"}


def _status(verdict: TargetVerdict, done: float | None) -> str:
    """The status column's message key: behind or reached, not compared (why), or no target."""
    if verdict.not_compared:
        return _NOT_COMPARED[verdict.status]
    if done is None:
        return "compare.status.no_target"
    return "compare.status.behind" if done < 100 else "compare.status.on_track"


def ranking_frame(filters: Filters, indicator: str, lang: str) -> pd.DataFrame:
    """The ranking as a table (also what is downloaded)."""
    rows = []
    for row in ranking(filters):
        value, verdict, done = row.figures[indicator], row.targets[indicator], row.progress[indicator]
        change = row.trends[indicator] if row.trends else None
        rows.append({
            "id": row.pcode, "name": admin_areas()[row.pcode].name(lang), "value": value,
            "target": verdict.target if verdict.compared else None, "progress": done,
            "status": t(_status(verdict, done), lang),
            "trend": f"{change.arrow} {'+' if change.change > 0 else ''}{format_number(change.change, lang)}"
                     if change else "–",
            "change": change.change if change else None,
            "returnees_profiled": row.figures["returnees_profiled"],
            **{key: row.rates.get(key) for key in (*RATE_KEYS, "dcc_on_time")}})
    return pd.DataFrame(rows, columns=["id", "name", "value", "target", "progress", "status", "trend", "change",
                                       "returnees_profiled", *RATE_KEYS, "dcc_on_time"])


# DataTable formats numbers itself (d3-format), so it is told the language's digits and the
# South Asian grouping (১২,৩৪,৫৬৭) that dashboard.i18n.format_number uses everywhere else.
_BANGLA_NUMBERS = {"numerals": list("০১২৩৪৫৬৭৮৯"), "grouping": [3, 2], "separate_4digits": True}


def _number_format(specifier: str, lang: str) -> dict[str, Any]:
    return {"specifier": specifier, **({"locale": _BANGLA_NUMBERS} if bangla_digits(lang) else {})}


def _columns(indicator: str, lang: str) -> list[dict[str, Any]]:
    numeric = {"type": "numeric", "format": _number_format(",.0f", lang)}
    rate = {"type": "numeric", "format": _number_format(",.1f", lang)}
    return [
        {"id": "name", "name": t("compare.col.district", lang)},
        {"id": "value", "name": t(f"indicator.{indicator}", lang), **numeric},
        {"id": "target", "name": t("compare.col.target", lang), **numeric},
        {"id": "progress", "name": t("compare.col.progress", lang), **rate},
        {"id": "status", "name": t("compare.col.status", lang)},
        {"id": "trend", "name": t("compare.col.trend", lang)},
        *([{"id": "returnees_profiled", "name": t("indicator.returnees_profiled", lang), **numeric}]
          if indicator != "returnees_profiled" else []),
        *({"id": key, "name": t(f"rate.{key}", lang), **rate} for key in RATE_KEYS),
        {"id": "dcc_on_time", "name": t("rate.dcc_on_time", lang), **rate},
    ]


@callback(Output(RANKING, "data"), Output(RANKING, "columns"), Output(RANKING, "style_data_conditional"),
          Output(RANKING, "tooltip_data"), Output(SUMMARY, "children"), Input(PAGE_URL, "search"),
          Input(PAGE_LANGUAGE, "data"))
def render_ranking(search: str | None, lang: str) -> tuple[Any, ...]:
    """The ranking for the filters and indicator in the URL."""
    state = CompareState.from_search(search)
    filters = Filters.from_query(parse_query(search))
    frame = ranking_frame(filters, state.indicator, lang)
    tooltips = [{"trend": {"value": t("compare.trend_tooltip", lang, change=format_number(c, lang)),
                           "type": "text"}} if c is not None else {} for c in frame["change"]]
    behind = t("compare.status.behind", lang)
    styles = [
        # Not by colour alone: the status column says "Behind target" in words too.
        {"if": {"filter_query": f'{{status}} = "{behind}"', "column_id": ["progress", "status"]},
         "backgroundColor": "#fde0dd", "fontWeight": "600"},
        {"if": {"column_id": "name"}, "color": "#0d6efd", "textDecoration": "underline", "cursor": "pointer"},
    ]
    records = frame.drop(columns=["change"]).astype(object).where(frame.drop(columns=["change"]).notna(), None)
    hidden = sum(1 for v in frame["value"] if is_hidden(v))
    summary = t("compare.summary", lang, count=format_number(len(frame), lang),
                period=_period_text(effective_filters(filters), lang)) + (
        " " + t("compare.hidden_note", lang) if hidden else "")
    return records.to_dict("records"), _columns(state.indicator, lang), styles, tooltips, summary


def _period_text(filters: Filters, lang: str) -> str:
    if filters.start is None and filters.end is None:
        return t("kpi.period.all", lang)
    return filters.chip_label("period", lang)


@callback(Output(PAGE_URL, "href"), Input(RANKING, "active_cell"), State(PAGE_URL, "search"),
          prevent_initial_call=True)
def open_district(cell: dict[str, Any] | None, search: str | None) -> Any:
    """A click on a district's name opens it on the map, with the same filters."""
    if not cell or cell.get("column_id") != "name" or not cell.get("row_id"):
        return no_update
    district = str(cell["row_id"])
    if not current_actor().scope.permits(district):
        return no_update
    filters = Filters.from_query(parse_query(search))
    query = {**filters.to_query(), "district": district}
    return "/?" + urlencode(dict(sorted(query.items())), safe=",")


def _series_months(filters: Filters) -> list[int]:
    start, end = filters.start or PROGRAMME_START, filters.end or PROGRAMME_END
    return months_between(start.year * 100 + start.month, end.year * 100 + end.month)


@callback(Output(SMALL, "figure"), Output(OVERLAY, "figure"), Output(SERIES_TABLE, "children"),
          Input(PAGE_URL, "search"), Input(PAGE_LANGUAGE, "data"))
def render_series(search: str | None, lang: str) -> tuple[Any, Any, Any]:
    """Monthly series of the indicator for the chosen districts."""
    state = CompareState.from_search(search)
    filters = Filters.from_query(parse_query(search))
    label = t(f"indicator.{state.indicator}", lang)
    if state.indicator not in SERIES_INDICATORS:
        empty = message_figure(t("compare.no_series", lang, indicator=label))
        return empty, empty, []
    if not state.districts:
        empty = message_figure(t("compare.pick_districts", lang))
        return empty, empty, []
    values = series(state.indicator, state.districts, filters)
    months = _series_months(filters)
    areas = admin_areas()
    shown = [d for d in state.districts if d in areas]
    rows = [(format_month(date(m // 100, m % 100, 1), lang), *(values.get(d, {}).get(m, 0) for d in shown))
            for m in months]
    table = chart_table.table([t("compare.month", lang), *(areas[d].name(lang) for d in shown)], rows, lang)
    return (small_multiples(values, state.districts, months, label, lang),
            overlaid(values, state.districts, months, label, lang), table)


@callback(Output(PEERS, "figure"), Output(PEER_NOTE, "children"), Output(PEERS_TABLE, "children"),
          Input(PAGE_URL, "search"), Input(PAGE_LANGUAGE, "data"))
def render_peers(search: str | None, lang: str) -> tuple[Any, str, Any]:
    """The chosen district's rates against its peers' median and best."""
    state = CompareState.from_search(search)
    if state.peer is None:
        return message_figure(t("compare.pick_districts", lang)), "", []
    comparison = peer_comparison(state.peer, Filters.from_query(parse_query(search)))
    name = admin_areas()[state.peer].name(lang)
    peers = max((s.peers for s in comparison.standings.values()), default=0)
    note = t(f"compare.peer_group.{comparison.peer_group}", lang, district=name, count=format_number(peers, lang))
    rows = [(t(f"rate.{key}", lang), s.value, s.median, s.best) for key, s in comparison.standings.items()]
    table = chart_table.table([t("compare.col.rate", lang), name, t("compare.peer_median", lang),
                               t("compare.peer_best", lang)], rows, lang, decimals=1)
    return peer_dots(comparison.standings, name, lang), note, table


@callback(Output(DOWNLOAD, "data"), Input(download_id(ALL, ALL), "n_clicks"), State(PAGE_URL, "search"),
          State(PAGE_LANGUAGE, "data"), prevent_initial_call=True)
def download(clicks: list[int | None], search: str | None, lang: str) -> Any:
    """The ranking, or the monthly series of the chosen districts, as CSV or Excel."""
    if not any(clicks) or not isinstance(ctx.triggered_id, dict):
        return no_update
    state = CompareState.from_search(search)
    filters = Filters.from_query(parse_query(search))
    what, fmt = ctx.triggered_id["what"], ctx.triggered_id["format"]
    if what == "series":
        values = series(state.indicator, state.districts, filters) if state.indicator in SERIES_INDICATORS else {}
        months = _series_months(filters)
        table = pd.DataFrame([{"district": d, "district_name": admin_areas()[d].name_en,
                               "month": f"{m // 100}-{m % 100:02d}", state.indicator: values.get(d, {}).get(m, 0)}
                              for d in state.districts for m in months])
    else:
        table = ranking_frame(filters, state.indicator, "en")
        # The value column is named after the indicator; for returnees profiled that is the
        # column the ranking already carries beside every indicator, so keep one of them.
        table = table.drop(columns=[state.indicator], errors="ignore").rename(
            columns={"id": "district", "value": state.indicator})
    audit("export", f"compare {what} {state.indicator}", filters)
    stem = file_stem(f"compare-{what}", state.indicator, filters.start.isoformat() if filters.start else None,
                     filters.end.isoformat() if filters.end else None)
    about = About(f"{t(f'compare.download.{what}', lang)}: {t(f'indicator.{state.indicator}', lang)}", None, filters,
                  scope_description(lang))
    return table_download(table, stem, about, lang, fmt)


translated_props(PAGE_LANGUAGE, [
    (INDICATOR, "options", _indicator_options), (DISTRICTS, "options", _district_options),
    (PEER, "options", _district_options), (RANKING, "filter_options", _filter_options),
    *((dropdown, "labels", dropdown_labels) for dropdown in (INDICATOR, DISTRICTS, PEER)),
])
help_panel.follow_language("compare", HELP, PAGE_LANGUAGE)
