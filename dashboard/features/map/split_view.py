"""The split view: up to six small maps of the same area and metric, one per step of the timeline
(the step shown and up to five before it), on the timeline's one legend, each with its period
and total above it. Clicking a map (or its button) opens that step in the full map. The same
maps download as one PNG drawn on the server (``web.routes.map_print``): our own boundaries as
SVG, Bangla shaped by headless Chromium with the shipped fonts, no tile and no network.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any
from urllib.parse import parse_qsl, urlencode

import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import ALL, Input, Output, State, ctx, dcc, html, no_update

from dashboard.core import guard
from dashboard.core.access import current_actor
from dashboard.core.privacy import Hidden
from dashboard.core.url import with_params
from dashboard.features.map.printable import _ENV, PrintedMap, _filters_text, map_svg, swatch
from dashboard.features.map.state import ViewState, current_state
from dashboard.features.map.steps import TIMELINE_KEYS, Change, Step, TimelineState
from dashboard.features.map.timeline import TimelineData, legend_title, step_figure, timeline_for, value_text
from dashboard.figures.choropleth import fit
from dashboard.figures.legend import legend_sections
from dashboard.figures.svg_map import for_page
from dashboard.i18n import format_date, format_number, t
from dashboard.runtime import runtime
from dashboard.ui.ids import MAP_PAGE
from dashboard.ui.registry import callback
from dashboard.ui.text import T
from geodata import admin_areas, bounds
from layers.base import trace_json

PAGE_URL, PAGE_LANGUAGE = MAP_PAGE.url, MAP_PAGE.language

SECTION = "map-split"
HEADING = "map-split-heading"
GRID = "map-split-grid"
DOWNLOAD = "map-split-download"
CLOSE = "map-split-close"
SMALL_MAP = "map-split-map"  # pattern-matching type, indexed by the step's key
OPEN = "map-split-open"
MAX_MAPS = 6
SMALL_SIZE = (300, 230)  # px of each small map on screen
PAGE_PX = (1122, 793)  # the PNG: an A4 landscape page at 96 px per inch, drawn at twice that
PNG_SCALE = 2
SMALL_CONFIG = {"displayModeBar": False, "scrollZoom": False, "responsive": True}


def window(count: int, index: int, size: int = MAX_MAPS) -> list[int]:
    """The steps the split view shows: up to ``size`` ending with step ``index`` (the first
    ``size`` when ``index`` is among them)."""
    first = max(0, min(index - size + 1, count - size))
    return list(range(first, min(first + size, count)))


@dataclass(frozen=True)
class SmallMap:
    """One map of the split view: its step, its index among all steps, figure and total in words."""

    step: Step
    index: int
    figure: go.Figure
    total: str | None


def _total_text(total: float | Hidden | None, state: ViewState, data: TimelineData, lang: str) -> str | None:
    if total is None:
        return None
    return t("split.total", lang, total=value_text(state.metric, data.change, lang)(total))


def small_maps(search: str | None, state: ViewState, lang: str) -> tuple[TimelineState, TimelineData,
                                                                         list[SmallMap]] | None:
    """The split view's maps for the URL, classed over every step of the timeline; None when
    the timeline or the split view is off."""
    found = timeline_for(search, state)
    if found is None or not found[0].split or not found[1].steps:
        return None
    timeline, data = found
    maps = []
    for i in window(len(data.steps), timeline.index(data.steps)):
        figure = step_figure(state, data, i, lang)
        # Fitted to the small map's size (the browser does not refit these, unlike the full map).
        figure.update_layout(map=fit(bounds(state.district), *SMALL_SIZE), height=SMALL_SIZE[1],
                             uirevision=f"split-{state.district or 'BD'}")
        maps.append(SmallMap(data.steps[i], i, figure, _total_text(data.totals[i], state, data, lang)))
    return timeline, data, maps


def png_href(search: str | None, lang: str) -> str:
    """Where the split view on screen is drawn as one PNG, in ``lang`` (relative to the map page)."""
    query = [(k, v) for k, v in parse_qsl((search or "").lstrip("?"), keep_blank_values=True) if k != "lang"]
    return "map/split.png?" + urlencode([*query, ("lang", lang)])


def layout(lang: str) -> html.Section:
    """The split view's place below the map, hidden until the timeline opens it."""
    return html.Section(id=SECTION, className="d-none map-split", **{"aria-labelledby": HEADING}, children=[
        html.Div(className="d-flex flex-wrap gap-2 align-items-center mb-1", children=[
            html.H3(id=HEADING, className="h6 mb-0 me-auto"),
            html.A(T("split.download", lang), id=DOWNLOAD, href=png_href("", lang), className="btn btn-sm btn-primary",
                   download=""),
            dbc.Button(T("split.close", lang), id=CLOSE, size="sm", color="dark", outline=True),
        ]),
        html.P(T("split.hint", lang), className="small text-muted mb-1"),
        html.Div(id=GRID, className="map-split-grid"),
    ])


def _card(small: SmallMap, lang: str) -> html.Div:
    label = small.step.label(lang)
    return html.Div(className="map-split-card", children=[
        html.Div(className="d-flex flex-wrap justify-content-between gap-1 small", children=[
            html.Strong(label), html.Span(small.total or "")]),
        dcc.Graph(id={"type": SMALL_MAP, "index": small.step.key},
                  figure=for_page(small.figure.to_plotly_json(), runtime().settings.tile_url), config=SMALL_CONFIG,
                  style={"height": f"{SMALL_SIZE[1]}px"}),
        dbc.Button(t("split.open", lang, period=label), id={"type": OPEN, "index": small.step.key}, size="sm",
                   color="link", className="p-0"),
    ])


@callback(Output(SECTION, "className"), Output(HEADING, "children"), Output(GRID, "children"),
          Output(DOWNLOAD, "href"), Input(PAGE_URL, "search"), Input(PAGE_LANGUAGE, "data"))
def render(search: str | None, lang: str) -> tuple[Any, ...]:
    """The small maps for the URL's timeline, or nothing when the split view is closed."""
    state = current_state(search)
    found = small_maps(search, state, lang)
    if found is None:
        return "d-none map-split", "", [], png_href(search, lang)
    _timeline, data, maps = found
    heading = t("split.heading", lang, metric=legend_title(state.metric, data, lang).split(":")[0],
                count=format_number(len(maps), lang))
    return "map-split mb-3", heading, [_card(m, lang) for m in maps], png_href(search, lang)


@callback(Output(PAGE_URL, "search", allow_duplicate=True),
          Input({"type": SMALL_MAP, "index": ALL}, "clickData"), Input({"type": OPEN, "index": ALL}, "n_clicks"),
          Input(CLOSE, "n_clicks"), State(PAGE_URL, "search"), prevent_initial_call=True)
def open_step(_clicked: list[Any], _opened: list[Any], _closed: int | None, search: str | None) -> Any:
    """A click on a small map (or its button) opens its step in the full map; close leaves the step shown."""
    trigger, value = ctx.triggered_id, ctx.triggered[0]["value"] if ctx.triggered else None
    if not value:
        return no_update  # the maps were drawn again, not clicked
    timeline = TimelineState.from_search(search)
    if timeline.mode is None:
        return no_update
    step = trigger.get("index") if isinstance(trigger, dict) else timeline.step
    chosen = replace(timeline, step=step if isinstance(step, str) else timeline.step, split=False)
    return with_params(search, TIMELINE_KEYS, chosen.to_query())


def printable_split(search: str | None, lang: str, fonts_url: str, today: date | None = None) -> PrintedMap | None:
    """The split view on one A4 landscape page for this request's reader (None when the URL has
    no split view); the maps are the screen's, drawn as SVG from our own boundaries."""
    state = current_state(search)
    found = small_maps(search, state, lang)
    if found is None:
        return None
    _timeline, data, maps = found
    today = today or date.today()
    figures = [m.figure for m in maps]
    title = legend_title(state.metric, data, lang).split(":")[0]
    area = admin_areas()[state.district].name(lang) if state.district else t("map.national", lang)
    sections = legend_sections([trace for figure in figures for trace in figure.data])
    sources = [t("map.print.source", lang, date=format_date(today, lang), user=current_actor().name)]
    if guard.keyed():
        sources.append(t("map.print.adjusted", lang))
    notes = [t("timeline.first_step", lang)] if data.change != Change.VALUE and maps[0].index == 0 else []
    page = _ENV.get_template("map_split.html").render(
        lang=lang, fonts=fonts_url, title=t("split.heading", lang, metric=title, count=format_number(len(maps), lang)),
        labels={key: t(f"map.print.{key}", lang) for key in ("area", "filters", "legend")},
        area=area, filters=_filters_text(state, lang), notes=notes,
        maps=[{"label": m.step.label(lang), "total": m.total or "",
               "svg": map_svg([trace_json(trace) for trace in m.figure.data], state.district, m.step.label(lang))}
              for m in maps],
        legend=[{"title": s.title, "items": [{"label": i.label, "swatch": swatch(i.colour, i.form)} for i in s.items]}
                for s in sections],
        sources=sources, width=PAGE_PX[0], height=PAGE_PX[1])
    stem = "_".join(("map-split", state.metric.value, state.district or "bangladesh", maps[0].step.key,
                     maps[-1].step.key, *([data.change.value] if data.change != Change.VALUE else []), lang))
    return PrintedMap(page, stem)


__all__ = ["MAX_MAPS", "PAGE_PX", "PNG_SCALE", "SmallMap", "layout", "printable_split", "small_maps", "window"]
