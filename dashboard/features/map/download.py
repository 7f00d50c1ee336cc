"""The map's "Download data" menu: the areas on the map (CSV, Excel, GeoJSON of the whole map)
or any layer's rows (CSV, Excel), each saying what it holds, as the user sees it; and its
"Download map" menu: the map as a print-ready picture or A4 page, drawn on the server
(``web.routes.map_print``, ``features.map.printable``)."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlencode

import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, ctx, dcc, html, no_update

from dashboard.core.access import Action
from dashboard.core.guard import audit, require, scope_description
from dashboard.core.metrics import SPECS
from dashboard.features.map.data import layer_rows, map_values
from dashboard.features.map.export import map_geojson
from dashboard.features.map.outcome_round import metric_label
from dashboard.features.map.state import current_state
from dashboard.figures.tables import area_table
from dashboard.i18n import t
from dashboard.ui.exports import About, file_stem, table_download
from dashboard.ui.ids import MAP_PAGE
from dashboard.ui.registry import callback
from dashboard.ui.text import T
from layers import REGISTRY, ordered_layers

# This page's own view of the URL and the language (see PageIds).
PAGE_URL, PAGE_LANGUAGE = MAP_PAGE.url, MAP_PAGE.language

MENU = "district-map-download-menu"
DOWNLOAD = "district-map-download"
AREAS = "areas"  # the choropleth's own values
GEOJSON = "geojson"
PRINT_MENU = "district-map-print-menu"
PRINT_FORMATS = ("png", "pdf")


def download_id(what: str, fmt: str = "csv") -> dict[str, str]:
    """Pattern-matching ID of the menu item downloading ``what`` (AREAS or a layer key) as ``fmt``."""
    return {"type": "map-download", "what": what, "format": fmt}


def menu(lang: str) -> Any:
    """The menu: areas and each layer, each as CSV or Excel; the whole map as GeoJSON."""
    items: list[Any] = [dbc.DropdownMenuItem(T("map.download.areas", lang), header=True)]
    items += [dbc.DropdownMenuItem(T(f"download.{fmt}", lang, instance=f"areas-{fmt}"), id=download_id(AREAS, fmt))
              for fmt in ("csv", "xlsx")]
    items.append(dbc.DropdownMenuItem(T("download.geojson", lang), id=download_id(AREAS, GEOJSON)))
    for layer in ordered_layers():
        items.append(dbc.DropdownMenuItem(T(layer.label_key, lang, instance="download"), header=True))
        items += [dbc.DropdownMenuItem(T(f"download.{fmt}", lang, instance=f"{layer.key}-{fmt}"),
                                       id=download_id(layer.key, fmt)) for fmt in ("csv", "xlsx")]
    printed = [dbc.DropdownMenuItem(T(f"map.print.{fmt}", lang), id=print_id(fmt), href=print_href("", fmt, lang),
                                    external_link=True) for fmt in PRINT_FORMATS]
    return [html.Div(className="d-flex flex-wrap gap-2", children=[
        dbc.DropdownMenu(label=T("map.print", lang), id=PRINT_MENU, size="sm", color="primary", align_end=True,
                         children=printed),
        dbc.DropdownMenu(label=T("map.download", lang), id=MENU, size="sm", color="secondary", align_end=True,
                         children=items)]), dcc.Download(id=DOWNLOAD)]


def print_id(fmt: str) -> str:
    """DOM id of the menu item downloading the print-ready map as ``fmt`` (png or pdf)."""
    return f"district-map-print-{fmt}"


def print_href(search: str | None, fmt: str, lang: str) -> str:
    """Where the map on screen (its whole query string) is drawn as ``fmt``, in ``lang``: a plain
    link, relative to the map page, so the app's URL prefix is kept."""
    query = [(k, v) for k, v in parse_qsl((search or "").lstrip("?"), keep_blank_values=True) if k != "lang"]
    return f"map/print.{fmt}?" + urlencode([*query, ("lang", lang)])


@callback(*(Output(print_id(fmt), "href") for fmt in PRINT_FORMATS),
          Input(PAGE_URL, "search"), Input(PAGE_LANGUAGE, "data"))
def print_links(search: str | None, lang: str) -> tuple[str, ...]:
    """The print-ready map's links follow the view (area, metric, layers, filters) and the language."""
    return tuple(print_href(search, fmt, lang) for fmt in PRINT_FORMATS)


@callback(Output(DOWNLOAD, "data"), Input(download_id(ALL, ALL), "n_clicks"),
          State(PAGE_URL, "search"), State(PAGE_LANGUAGE, "data"), prevent_initial_call=True)
def download(clicks: list[int | None], search: str | None, lang: str) -> Any:
    """The file the user asked for; every export is audited."""
    if not any(clicks) or not isinstance(ctx.triggered_id, dict):
        return no_update
    what, fmt = ctx.triggered_id["what"], ctx.triggered_id["format"]
    state = current_state(search)
    require(Action.EXPORT_ROWS if state.points and what in ("returnees", AREAS) else Action.EXPORT, state.district)
    period = [d.isoformat() for d in (state.filters.start, state.filters.end) if d]
    place = state.district or "bangladesh"
    metric = metric_label(state, lang)  # a score metric names its survey round, in the text and the file name
    shown = state.metric.value + (f"-round-{state.outcome_round}" if SPECS[state.metric].outcome else "")
    if fmt == GEOJSON:
        stem = file_stem("map", shown, place, *period)
        about = About(metric, state.district, state.filters, scope_description(lang))
        # GeoJSON field names must not change with the language (a GIS style is built on them):
        # the returnees' category column, headed in the reader's language, is keyed by its breakdown.
        stable = {t(f"breakdown.{state.breakdown}", lang): state.breakdown}
        layers = {key: layer_rows(state, key, lang).rename(columns=stable) for key in state.layers}
        audit("export", f"{stem}.geojson", state.filters, area=state.district, layers=list(state.layers))
        return dcc.send_bytes(map_geojson(map_values(state), metric, state.district, layers, about, lang),
                              f"{stem}.geojson", type="application/geo+json")
    if what == AREAS:
        table, title = area_table(map_values(state), lang, state.metric, state.district), metric
        stem = file_stem("map-areas", shown, place, *period)
    else:
        table, title = layer_rows(state, what, lang), t(REGISTRY[what].label_key, lang)
        stem = file_stem("layer", what, place, *period)
    audit("export", f"{stem}.{fmt}", state.filters, area=state.district, rows=len(table))
    return table_download(table, stem, About(title, state.district, state.filters, scope_description(lang)), lang, fmt)
