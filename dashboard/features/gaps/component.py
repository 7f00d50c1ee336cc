"""The service-gap finder: for a district and a service, who in need is out of reach of every
provider, where, and where a new provider or the next fair would close the most gap.

Owns the URL keys ``district``, ``service``, ``radius`` and ``rings`` (the filter panel owns
the filters'); renders from the URL like the map does.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlencode

import dash_bootstrap_components as dbc
import pandas as pd
from dash import ALL, Input, Output, State, ctx, dcc, html, no_update

from dashboard.core.access import Action, current_actor
from dashboard.core.filters import Filters
from dashboard.core.guard import audit, scope_description
from dashboard.core.privacy import is_hidden
from dashboard.core.url import parse_query, with_params
from dashboard.features.gaps.data import fair_effects, follow_up_list, gap_analysis
from dashboard.features.gaps.figures import gap_map, site_name
from dashboard.features.map.fit import fit_to_area
from dashboard.features.map.legend import legend
from dashboard.figures.legend import legend_sections
from dashboard.figures.message import message_figure
from dashboard.figures.svg_map import for_page
from dashboard.i18n import format_date, format_number, t
from dashboard.models.vocabulary import Service
from dashboard.runtime import runtime
from dashboard.ui import help_panel
from dashboard.ui.exports import About, file_stem, table_download
from dashboard.ui.ids import GAPS_PAGE
from dashboard.ui.loading import loading
from dashboard.ui.registry import callback
from dashboard.ui.text import T, dropdown_labels, translated_props
from geodata import Level, admin_areas, areas_at

# This page's own view of the URL and the language (see PageIds).
PAGE_URL, PAGE_LANGUAGE = GAPS_PAGE.url, GAPS_PAGE.language
# The notes of this page's "How to read this" panel.
HELP = (help_panel.SMALL, help_panel.ADJUSTED, help_panel.DISTANCE, help_panel.SITES)

DISTRICT, SERVICE, RADIUS, RINGS = "gaps-district", "gaps-service", "gaps-radius", "gaps-rings"
SUMMARY, GRAPH, FIGURE, LEGEND = "gaps-summary", "gaps-map", "gaps-figure", "gaps-legend"
TABLE, SITES, FOCUS, FAIRS = "gaps-table", "gaps-sites", "gaps-focus", "gaps-fairs"
SHOW_FAIRS = "gaps-show-fairs"
DOWNLOAD = "gaps-download"
KEYS = ("district", "service", "radius", "rings")
DEFAULT_SERVICE, DEFAULT_RADIUS, MIN_RADIUS, MAX_RADIUS = Service.PSYCHOSOCIAL_COUNSELLING.value, 10, 2, 50


def site_id(position: int) -> dict[str, Any]:
    """Pattern-matching ID of one suggested site's button."""
    return {"type": "gaps-site", "position": position}


def download_id(what: str, fmt: str) -> dict[str, str]:
    """Pattern-matching ID of a download item (``table`` or ``follow_up``, as ``csv`` or ``xlsx``)."""
    return {"type": "gaps-download", "what": what, "format": fmt}


@dataclass(frozen=True)
class GapState:
    """What the gap finder shows, as its URL keys say."""

    district: str | None = None
    service: str = DEFAULT_SERVICE
    radius: int = DEFAULT_RADIUS
    rings: bool = False

    @classmethod
    def from_search(cls, search: str | None) -> GapState:
        """Parse the query string; anything unknown falls back to the default."""
        query = parse_query(search)
        areas = admin_areas()
        district = query.get("district")
        radius = query.get("radius", "")
        return cls(district=district if district in areas and areas[district].level == Level.DISTRICT else None,
                   service=query["service"] if query.get("service") in {s.value for s in Service}
                   else DEFAULT_SERVICE,
                   radius=min(max(int(radius), MIN_RADIUS), MAX_RADIUS) if radius.isdigit() else DEFAULT_RADIUS,
                   rings=query.get("rings") == "1")

    def query(self) -> dict[str, str]:
        """The URL keys this component owns (defaults left out)."""
        params = {"district": self.district} if self.district else {}
        if self.service != DEFAULT_SERVICE:
            params["service"] = self.service
        if self.radius != DEFAULT_RADIUS:
            params["radius"] = str(self.radius)
        if self.rings:
            params["rings"] = "1"
        return params


def current_state(search: str | None) -> GapState:
    """The state in the URL; someone who works in districts starts in (the first of) theirs."""
    state = GapState.from_search(search)
    home = current_actor().home_district
    if state.district is None and home is not None:
        state = replace(state, district=home)
    return state


def _districts(lang: str) -> list[dict[str, str]]:
    scope = current_actor().scope
    return [{"label": a.name(lang), "value": a.pcode}
            for a in sorted(areas_at(Level.DISTRICT), key=lambda a: a.name(lang)) if scope.permits(a.pcode)]


def _services(lang: str) -> list[dict[str, str]]:
    return [{"label": t(f"service.{s.value}", lang), "value": s.value} for s in Service]


def _radius_marks(lang: str) -> dict[int, str]:
    # Few marks: on a 360 px phone "২ কিমি" and "১০ কিমি" would overlap; the box beside shows the value.
    return {v: t("unit.km", lang, value=format_number(v, lang)) for v in (2, 25, 50)}


def layout(lang: str, search: str) -> html.Div:
    """Controls, definitions, map, table, suggestions and the fairs' before/after."""
    state = current_state(search)
    return html.Div([
        html.H2(T("gaps.heading", lang), className="h4"),
        html.Details([html.Summary(T("gaps.definitions", lang)),
                      html.Ul([html.Li(T(f"gaps.definition.{k}", lang))
                               for k in ("need", "location", "distance", "reached", "roads")])],
                     className="small text-muted mb-2"),
        help_panel.panel("gaps", HELP, lang),
        dbc.Row(className="g-3 align-items-end mb-2", children=[
            dbc.Col(md=3, children=[html.Label(T("gaps.district", lang), htmlFor=DISTRICT, className="form-label"),
                                    dcc.Dropdown(id=DISTRICT, options=_districts(lang), value=state.district,
                                                 labels=dropdown_labels(lang),
                                                 placeholder=t("gaps.pick_district", lang))]),
            dbc.Col(md=3, children=[html.Label(T("gaps.service", lang), htmlFor=SERVICE, className="form-label"),
                                    dcc.Dropdown(id=SERVICE, clearable=False, value=state.service,
                                                 labels=dropdown_labels(lang),
                                                 options=_services(lang))]),
            dbc.Col(md=4, children=[html.Label(T("gaps.radius", lang), htmlFor=RADIUS, className="form-label"),
                                    dcc.Slider(id=RADIUS, min=MIN_RADIUS, max=MAX_RADIUS, step=1, value=state.radius,
                                               marks=_radius_marks(lang),
                                               tooltip={"placement": "bottom"})]),
            dbc.Col(md=2, children=dbc.Switch(id=RINGS, value=state.rings, label=T("gaps.rings", lang))),
        ]),
        html.Div(id=SUMMARY, role="status", className="mb-2"),
        dbc.Row([
            dbc.Col(lg=7, children=[
                dcc.Store(id=FOCUS),
                # The figure's store inside the indicator's box: the graph is drawn from it in the browser.
                loading([dcc.Store(id=FIGURE), dcc.Graph(id=GRAPH, className="district-map", config={
                    "displaylogo": False, "scrollZoom": True, "responsive": True,
                    # no upload of the figure to Plotly's cloud (as on the map)
                    "modeBarButtonsToRemove": ["sendChartToCloud"]})], lang, GRAPH),
                html.Div(id=LEGEND, className="map-legend", role="region", **{"aria-label": t("map.legend", lang)}),
            ]),
            dbc.Col(lg=5, children=[
                html.H3(T("gaps.sites", lang), className="h6"),
                html.P(T("gaps.sites_note", lang), className="small text-muted"),
                loading(html.Ol(id=SITES, className="gap-sites"), lang, SITES),
            ]),
        ]),
        html.Div(className="d-flex justify-content-between align-items-baseline mt-3 flex-wrap gap-2", children=[
            html.H3(T("gaps.table", lang), className="h6"),
            dbc.DropdownMenu(label=T("map.download", lang), size="sm", color="secondary", align_end=True,
                             children=_download_items(lang)),
            dcc.Download(id=DOWNLOAD),
        ]),
        loading(html.Div(id=TABLE, className="table-responsive"), lang, TABLE),
        html.H3(T("gaps.fairs", lang), className="h6 mt-3"),
        html.P(T("gaps.fairs_note", lang), className="small text-muted"),
        # On request: it reads every profiling and referral near the district's latest fairs,
        # work a user looking for gaps should not wait for, nor pay for on a slow line.
        dbc.Button(T("gaps.show_fairs", lang), id=SHOW_FAIRS, size="sm", color="dark", outline=True,
                   className="mb-2"),
        loading(html.Div(id=FAIRS, className="table-responsive"), lang, FAIRS),
    ])


def _download_items(lang: str) -> list[Any]:
    # The follow-up list (pseudonymous codes) only for roles allowed row-level data; the
    # download callback checks the permission again.
    offered = ("table", "follow_up") if current_actor().may(Action.EXPORT_ROWS) else ("table",)
    items = []
    for what in offered:
        items.append(dbc.DropdownMenuItem(T(f"gaps.download.{what}", lang), header=True))
        items += [dbc.DropdownMenuItem(T(f"download.{fmt}", lang, instance=f"gaps-{what}-{fmt}"),
                                       id=download_id(what, fmt)) for fmt in ("csv", "xlsx")]
    return items


def _table(frame: pd.DataFrame, lang: str) -> html.Table:
    areas = admin_areas()
    ranked = frame.assign(order=[-1 if is_hidden(v) else (v if v == v else -2) for v in frame["share_unreached"]])
    ranked = ranked.sort_values("order", ascending=False)
    header = [t(f"gaps.col.{c}", lang) for c in ("upazila", "in_need", "unreached", "share", "providers", "capacity",
                                                 "median_km")]

    def cell(value: Any, decimals: int = 0, suffix: str = "") -> str:
        if is_hidden(value):
            return format_number(value, lang)
        if value is None or value != value:
            return "–"
        if value == float("inf"):
            return t("gaps.none_offer", lang)
        return format_number(value, lang, decimals) + suffix

    def km(value: Any) -> str:
        text = cell(value, 0 if isinstance(value, int) else 1)
        measured = isinstance(value, int | float) and not is_hidden(value) and value == value and value != float("inf")
        return t("unit.km", lang, value=text) if measured else text

    rows = [html.Tr([html.Th(areas[r["pcode"]].name(lang), scope="row"), html.Td(cell(r["in_need"])),
                     html.Td(cell(r["unreached"])), html.Td(cell(r["share_unreached"], 0, "%")),
                     html.Td(cell(r["providers"])), html.Td(cell(r["capacity"])),
                     # below headquarters the median is whole km (an int); 0.1 km at headquarters
                     html.Td(km(r["median_km"]))])
            for r in ranked.to_dict("records")]
    return html.Table(className="table table-sm table-striped", children=[
        html.Caption(t("gaps.table_caption", lang), className="caption-top small"),
        html.Thead(html.Tr([html.Th(h, scope="col") for h in header])), html.Tbody(rows)])


def _sites(suggestions: pd.DataFrame, district: str, lang: str, focus: tuple[float, float] | None = None) -> list[Any]:
    """The suggested sites, each a button centring the map on it; the one shown is marked (a badge, the
    button active, its item ``aria-current``)."""
    if suggestions.empty:
        return [html.Li(t("gaps.no_sites", lang), className="text-muted")]

    def chosen(row: Mapping[Hashable, Any]) -> bool:
        return focus is not None and (float(row["lat"]), float(row["lon"])) == focus

    return [html.Li(dbc.Button([html.Span(site_name(row["site"], row["kind"], district, lang), className="fw-semibold"),
                                " · ",
                                t(f"gaps.kind.{row['kind']}", lang), " · ",
                                t("gaps.adds_people", lang, count=format_number(row["newly_reached"], lang)),
                                *([" · ", html.Span(t("gaps.chosen_site", lang), className="badge text-bg-warning")]
                                  if chosen(row) else [])],
                               id=site_id(i), color="link", size="sm", className="text-start px-0",
                               active=chosen(row)),
                    **({"aria-current": "true"} if chosen(row) else {}))
            for i, row in enumerate(suggestions.to_dict("records"))]


@callback(output={"search": Output(PAGE_URL, "search", allow_duplicate=True), "district": Output(DISTRICT, "value"),
                  "service": Output(SERVICE, "value"), "radius": Output(RADIUS, "value"),
                  "rings": Output(RINGS, "value")},
          inputs={"search": Input(PAGE_URL, "search"), "district": Input(DISTRICT, "value"),
                  "service": Input(SERVICE, "value"), "radius": Input(RADIUS, "value"), "rings": Input(RINGS, "value")},
          prevent_initial_call=True)
def sync(**values: Any) -> dict[str, Any]:
    """Write this component's URL keys when a control changes; set the controls from the URL otherwise."""
    search = values["search"]
    state = current_state(search)
    trigger = ctx.triggered_id
    if trigger in (DISTRICT, SERVICE, RADIUS, RINGS):
        # The new value goes through the same checks as a value arriving in a link.
        radius = values["radius"]
        # A number from the slider box; anything else a request may carry is the default, not an error.
        radius = int(radius) if isinstance(radius, int | float) and not isinstance(radius, bool) else DEFAULT_RADIUS
        asked = GapState(values["district"], values["service"] or DEFAULT_SERVICE, radius or DEFAULT_RADIUS,
                         bool(values["rings"]))
        state = current_state("?" + urlencode({**asked.query(), "district": asked.district or ""}))
    written = with_params(search, KEYS, state.query())
    return {"search": written if written != (search or "") else no_update, "district": state.district,
            "service": state.service, "radius": state.radius, "rings": state.rings}


def _focus(value: object) -> tuple[float, float] | None:
    """The (lat, lon) a suggested site's click stored; anything else a request may carry is no focus."""
    if isinstance(value, list | tuple) and len(value) == 2 and all(
            isinstance(v, int | float) and not isinstance(v, bool) for v in value):
        return float(value[0]), float(value[1])
    return None


@callback(Output(FIGURE, "data"), Output(LEGEND, "children"), Output(SUMMARY, "children"), Output(TABLE, "children"),
          Output(SITES, "children"), Input(PAGE_URL, "search"), Input(FOCUS, "data"), Input(PAGE_LANGUAGE, "data"))
def render(search: str | None, focus: list[float] | None, lang: str) -> tuple[Any, ...]:
    """The analysis for the state in the URL (a suggested site clicked: the map centres on it)."""
    state = current_state(search)
    if state.district is None:
        # A sentence where the map would be, not bare axes.
        return (message_figure(t("gaps.choose", lang)), [], dbc.Alert(t("gaps.choose", lang), color="info"), [],
                [])
    filters = Filters.from_query(parse_query(search))
    result = gap_analysis(state.district, state.service, state.radius, filters)
    chosen = _focus(focus) if ctx.triggered_id == FOCUS else None
    figure = gap_map(result.by_upazila, result.providers, result.unreached_cells, result.suggestions,
                     state.district, state.radius, state.rings, lang, chosen)
    summary = t("gaps.summary", lang, need=format_number(result.in_need, lang),
                unreached=format_number(result.unreached, lang), km=format_number(state.radius, lang),
                service=t(f"service.{state.service}", lang), district=admin_areas()[state.district].name(lang))
    notes = [t("gaps.at_centroid", lang, count=format_number(result.placed_at_centroid, lang))] \
        if result.placed_at_centroid else []
    if result.providers.empty:
        notes.append(t("gaps.nobody_offers", lang, service=t(f"service.{state.service}", lang)))
    return (for_page(figure.to_plotly_json(), runtime().settings.tile_url), legend(legend_sections(figure)),
            [html.P(summary, className="mb-1 fw-semibold"), *(html.P(n, className="small mb-1") for n in notes)],
            _table(result.by_upazila, lang), _sites(result.suggestions, state.district, lang, chosen))


fit_to_area(FIGURE, GRAPH)


@callback(Output(FOCUS, "data"), Input(site_id(ALL), "n_clicks"), State(PAGE_URL, "search"),
          prevent_initial_call=True)
def focus_site(clicks: list[int | None], search: str | None) -> Any:
    """Centre the map on the suggested site that was clicked."""
    if not any(clicks) or not isinstance(ctx.triggered_id, dict):
        return no_update
    state = current_state(search)
    if state.district is None:
        return no_update
    # The map is not drawn here: no grid cells asked for (nor a view of them audited).
    result = gap_analysis(state.district, state.service, state.radius, Filters.from_query(parse_query(search)),
                          cells=False)
    row = result.suggestions.iloc[int(ctx.triggered_id["position"])]
    return [float(row["lat"]), float(row["lon"])]


@callback(Output(FAIRS, "children"), Output(SHOW_FAIRS, "className"), Input(SHOW_FAIRS, "n_clicks"),
          Input(PAGE_URL, "search"), Input(PAGE_LANGUAGE, "data"))
def fairs(asked: int | None, search: str | None, lang: str) -> Any:
    """Each recent fair's surroundings 90 days before and after, once asked for (then it
    follows the district and radius)."""
    state = current_state(search)
    if not asked or state.district is None:
        return [], "mb-2"
    return _fair_table(state.district, state.radius, lang), "d-none"


def _fair_table(district: str, radius: int, lang: str) -> Any:
    effect = fair_effects(district, radius)
    if effect.empty:
        return html.P(t("gaps.no_fairs", lang), className="text-muted small")
    header = [t(f"gaps.col.{c}", lang) for c in ("venue", "held_on", "profiled_before", "profiled_after",
                                                 "referrals_before", "referrals_after")]
    rows = [html.Tr([html.Th(r["venue"], scope="row"), html.Td(format_date(r["held_on"], lang)),
                     *(html.Td(format_number(r[c], lang)) for c in ("profiled_before", "profiled_after",
                                                                   "referrals_before", "referrals_after"))])
            for r in effect.to_dict("records")]
    return html.Table(className="table table-sm", children=[
        html.Thead(html.Tr([html.Th(h, scope="col") for h in header])), html.Tbody(rows)])


@callback(Output(DOWNLOAD, "data"), Input(download_id(ALL, ALL), "n_clicks"), State(PAGE_URL, "search"),
          State(PAGE_LANGUAGE, "data"), prevent_initial_call=True)
def download(clicks: list[int | None], search: str | None, lang: str) -> Any:
    """The ranked table, or (for roles allowed row-level data) the follow-up list."""
    if not any(clicks) or not isinstance(ctx.triggered_id, dict):
        return no_update
    state = current_state(search)
    if state.district is None:
        return no_update
    filters = Filters.from_query(parse_query(search))
    what, fmt = ctx.triggered_id["what"], ctx.triggered_id["format"]
    radius = state.radius
    if what == "follow_up":
        table, title = follow_up_list(state.district, state.service, state.radius, filters), t("gaps.follow_up", lang)
        radius = table.attrs["radius_km"]  # below HQ a band edge, not the slider's km
    else:
        result = gap_analysis(state.district, state.service, state.radius, filters, cells=False, sites=False)
        table = result.by_upazila.assign(upazila=lambda f: f["pcode"].map(lambda p: admin_areas()[p].name_en))
        title = t("gaps.table", lang)
        audit("export", f"gaps {state.district} {state.service}", filters)
    stem = file_stem(f"gaps-{what}", state.service, state.district, f"{radius:g}km")
    about = About(f"{title}: {t(f'service.{state.service}', lang)}, {radius:g} km", state.district, filters,
                  scope_description(lang))
    return table_download(table, stem, about, lang, fmt)


translated_props(PAGE_LANGUAGE, [
    (DISTRICT, "options", _districts), (DISTRICT, "placeholder", lambda lang: t("gaps.pick_district", lang)),
    (SERVICE, "options", _services), (RADIUS, "marks", _radius_marks),
    (DISTRICT, "labels", dropdown_labels), (SERVICE, "labels", dropdown_labels),
])
help_panel.follow_language("gaps", HELP, PAGE_LANGUAGE)
