"""The map: choropleth of the chosen metric, drill-down, overlay layers, legend, download.

The map owns the URL keys in ``state.MAP_KEYS``: :func:`sync` writes them
when one of its controls changes and sets the controls back from the URL;
:func:`render` draws whatever state the URL holds.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import dash_bootstrap_components as dbc
from dash import Input, Output, ctx, dcc, html, no_update

from dashboard.core.access import current_actor
from dashboard.core.cache import cached_render
from dashboard.core.guard import points_allowed, threshold
from dashboard.core.metrics import BREAKDOWNS, SPECS, available_metrics
from dashboard.core.privacy import Hidden
from dashboard.core.url import with_params
from dashboard.features.map import download as map_download
from dashboard.features.map import hotline_controls, round_picker, timeline_component
from dashboard.features.map.click import clicks_reach_areas
from dashboard.features.map.data import layer_drawing, layer_tables, map_values
from dashboard.features.map.fit import fit_to_area
from dashboard.features.map.legend import legend
from dashboard.features.map.outcome_round import metric_label
from dashboard.features.map.state import MAP_KEYS, ViewState, current_state
from dashboard.features.map.steps import TimelineState
from dashboard.features.map.timeline import on_timeline, step_values, step_view
from dashboard.figures.choropleth import area_choropleth
from dashboard.figures.legend import legend_sections
from dashboard.figures.svg_map import for_page
from dashboard.i18n import format_number, t
from dashboard.runtime import runtime
from dashboard.ui import chart_table
from dashboard.ui.ids import MAP_PAGE
from dashboard.ui.loading import loading
from dashboard.ui.registry import callback
from dashboard.ui.text import T, dropdown_labels, translated_props
from geodata import AdminArea, Level, admin_areas, areas_at
from geodata.gazetteer import names_of
from layers import ordered_layers
from layers.base import trace_json

# This page's own view of the URL and the language (see PageIds).
PAGE_URL, PAGE_LANGUAGE = MAP_PAGE.url, MAP_PAGE.language

MAP_GRAPH = "district-map"
MAP_AREA_CLICK = "district-map-area-click"  # the area under the last click (features.map.click)
MAP_FIGURE = "district-map-figure"
MAP_LEGEND = "district-map-legend"
MAP_TABLE = "district-map-table"
MAP_TABLE_OPEN = "district-map-table-open"
MAP_TITLE = "district-map-title"
MAP_EMPTY = "district-map-empty"
BREADCRUMB = "map-breadcrumb"
BACK_BUTTON = "map-back"
DISTRICT_PICKER = "map-district-picker"
METRIC = "map-metric"
LAYER_TOGGLES = "map-layer-toggles"
BREAKDOWN = "map-breakdown"
POINTS = "map-points"
POINTS_ROW = "map-points-row"
MAP_HEIGHT = 450  # px: what the page keeps for the map before it is drawn (assets/app.css)
# No "Share chart..." button: it would upload the figure, returnees' figures included, to
# Plotly's cloud (the app makes no request to an outside host).
GRAPH_CONFIG = {"displaylogo": False, "scrollZoom": True, "responsive": True,
                "modeBarButtonsToRemove": ["select2d", "lasso2d", "sendChartToCloud"]}


def area_options(lang: str) -> list[dict[str, str]]:
    """Every district the reader may open, then its upazilas with their district: the keyboard
    way to any area (someone who works in districts is offered theirs only).

    Labels are in ``lang``; every name the gazetteer knows, in either script (old spellings
    such as Comilla or Jessore too), is searchable whatever the language, so a Latin keyboard
    finds Bangla labels. The areas do not change with the view, so a value arriving in a URL
    is never dropped.
    """
    areas, scope = admin_areas(), current_actor().scope

    def option(area: AdminArea, label: str) -> dict[str, str]:
        search = " ".join((label, area.name_en, area.name_bn or "", *names_of(area.pcode)))
        return {"label": label, "value": area.pcode, "search": search}

    districts = sorted((a for a in areas_at(Level.DISTRICT) if scope.permits(a.pcode)), key=lambda a: a.name(lang))
    upazilas = sorted((a for a in areas_at(Level.UPAZILA) if scope.permits(a.pcode)),
                      key=lambda a: (a.name(lang), a.pcode))
    return ([option(a, a.name(lang)) for a in districts]
            + [option(a, f"{a.name(lang)} — {areas[a.parent_pcode or ''].name(lang)}") for a in upazilas])


def metric_options(level: Level, lang: str, timeline: bool = False) -> list[dict[str, Any]]:
    """Metrics available at ``level``, labelled. On the timeline a metric it does not step
    through (a reintegration score, measured per survey round) is offered disabled, saying why."""
    out: list[dict[str, Any]] = []
    for m in available_metrics(level):
        label = t(f"metric.{m.value}", lang)
        if timeline and not on_timeline(m):
            out.append({"label": t("timeline.not_stepped", lang, metric=label), "value": m.value, "disabled": True})
        else:
            out.append({"label": label, "value": m.value})
    return out


def layer_options(lang: str) -> list[dict[str, str]]:
    """Every registered layer, labelled, in drawing order."""
    return [{"label": t(layer.label_key, lang), "value": layer.key} for layer in ordered_layers()]


def breakdown_options(lang: str) -> list[dict[str, str]]:
    """Ways to colour the returnees layer."""
    return [{"label": t(f"breakdown.{b}", lang), "value": b} for b in BREAKDOWNS]


def layout(lang: str, state: ViewState) -> html.Section:
    """Heading, breadcrumb, picker, metric and layer controls, the map, its legend and download."""
    # The section is one wrapping flex row (assets/app.css, .map-section): on a wide screen the
    # parts stand in this order; on a phone the picker, the controls and the menus move below the
    # map's legend, so the map starts on the first screen (tests/integration/test_map_landing.py).
    return html.Section(className="mb-3 map-section", **{"aria-labelledby": MAP_TITLE}, children=[
        html.H2(map_title(state, lang), id=MAP_TITLE, className="h5 map-heading"),
        html.Div(map_download.menu(lang), className="map-menus"),
        html.Div(className="map-trail", children=[
            html.Nav(html.Ol(id=BREADCRUMB, className="breadcrumb mb-0"), **{"aria-label": "breadcrumb"}),
            dbc.Button(T("map.back_up", lang), id=BACK_BUTTON, size="sm", color="link", className="d-none"),
            html.Div(dcc.Dropdown(id=DISTRICT_PICKER, options=area_options(lang), searchable=True, value=state.area,
                                  labels=dropdown_labels(lang),
                                  placeholder=t("map.pick_district", lang), clearable=True),
                     className="ms-auto map-picker"),
        ]),
        html.Div(className="map-controls", children=[dbc.Row(className="g-2 mb-1", children=[
            dbc.Col([html.Label(T("map.metric", lang), htmlFor=METRIC, className="small mb-0"),
                     dcc.Dropdown(id=METRIC, clearable=False, value=state.metric.value, labels=dropdown_labels(lang),
                                  options=metric_options(state.level, lang)),
                     round_picker.layout(lang, state)], md=5),
            dbc.Col(html.Fieldset([
                html.Legend(T("layer.heading", lang), className="small mb-0"),
                dbc.Checklist(id=LAYER_TOGGLES, inline=True, switch=True, value=list(state.layers),
                              options=layer_options(lang)),
            ]), md=7),
        ]),
        html.Div(className="d-flex flex-wrap gap-3 align-items-center mb-2 small", children=[
            html.Div([html.Span(T("map.breakdown", lang), className="me-2"),
                      dbc.RadioItems(id=BREAKDOWN, inline=True, value=state.breakdown, options=breakdown_options(lang),
                                     className="d-inline-block")]),
            html.Div(dbc.Switch(id=POINTS, label=T("map.points", lang), value=state.points), id=POINTS_ROW,
                     className="d-none"),
        ]), hotline_controls.layout(lang, state)]),
        timeline_component.layout(lang),
        html.Div(id=MAP_EMPTY, role="status", className="alert alert-info py-2 d-none"),
        dcc.Store(id=MAP_AREA_CLICK),
        # The figure's store inside the indicator's box: the render answers into it (the graph is
        # then drawn from it in the browser), and that answer is what the user waits for.
        # A definite height: the responsive graph sizes the map to it, so the canvas never reaches
        # past its box into the legend below (without one the graph's box took its CSS minimum
        # and Plotly drew its own default height, whatever the box).
        loading([dcc.Store(id=MAP_FIGURE), dcc.Graph(id=MAP_GRAPH, config=GRAPH_CONFIG, className="district-map",
                                                     style={"height": f"{MAP_HEIGHT}px"})],
                lang, MAP_GRAPH),
        html.Div(id=MAP_LEGEND, className="map-legend", role="region", **{"aria-label": t("map.legend", lang)}),
        html.Div(chart_table.layout(MAP_TABLE, lang, opener=MAP_TABLE_OPEN), className="map-table"),
    ])


def breadcrumb(state: ViewState, lang: str, search: str | None = None) -> list[html.Li]:
    """Bangladesh › district › upazila, each level but the last a link; for someone who works in
    districts the trail starts at their district (the country is not theirs to open). On the
    timeline (``search`` holds it) a link keeps the timeline, its step and its range."""
    areas = admin_areas()
    trail = [(t("map.national", lang), state.go_to(None))] if _sees_country() else []
    if state.district:
        trail.append((areas[state.district].name(lang), state.go_to(state.district)))
    if state.upazila:
        trail.append((areas[state.upazila].name(lang), state))
    on_timeline = TimelineState.from_search(search).mode is not None

    def href(target: ViewState) -> str:
        # The state's period is the step's: the link keeps the URL's own period and timeline instead.
        return with_params(search, MAP_KEYS, target.map_query()) if on_timeline else target.to_search()

    items = [html.Li(dcc.Link(name, href=href(target)), className="breadcrumb-item") for name, target in trail[:-1]]
    return [*items, html.Li(trail[-1][0], className="breadcrumb-item active", **{"aria-current": "page"})]


def messages(values: dict[str, float | Hidden | None], empty_layers: list[str], state: ViewState,
             lang: str) -> list[str]:
    """What the map cannot show and why: a link not understood, no returnees here, an empty layer."""
    area = admin_areas()[state.area].name(lang) if state.area else t("map.national", lang)
    out = [t("map.not_understood", lang, value=value) for value in state.not_understood]
    if SPECS[state.metric].about_returnees and not any(values.values()):
        out.append(t("map.empty", lang) if state.filters.active() else t("map.empty_area", lang, area=area))
    when = t("map.when_period", lang) if state.filters.start or state.filters.end else ""
    smallest = format_number(threshold() or 0, lang)  # the smallest grid cell shown below headquarters
    out += [t(f"layer.none.{key}", lang, area=area, when=when, threshold=smallest) for key in empty_layers]
    return out


def _sees_country() -> bool:
    return current_actor().home_district is None


def _clicked_area(click: Any) -> str | None:
    area = click.get("area") if isinstance(click, dict) else None
    return area if isinstance(area, str) and area in admin_areas() else None


_CONTROL_ACTIONS: dict[str, Callable[[ViewState, Any], ViewState]] = {
    METRIC: ViewState.with_metric, LAYER_TOGGLES: ViewState.with_layers,
    BREAKDOWN: ViewState.with_breakdown, POINTS: ViewState.with_points,
    hotline_controls.HOTLINE_TOPICS: ViewState.with_hotline_topics,
    hotline_controls.HOTLINE_CALLERS: ViewState.with_hotline_callers,
    hotline_controls.HOTLINE_REFERRED: ViewState.with_hotline_referred,
}


def next_state(state: ViewState, trigger: str, value: Any) -> ViewState:
    """Where one of the map's controls (the trigger, with its new value) takes the view."""
    if trigger == MAP_AREA_CLICK:
        area = _clicked_area(value)
        return state.go_to(area) if area else state
    if trigger == DISTRICT_PICKER:
        return state.go_to(value)
    if trigger == BACK_BUTTON:
        return state.up()
    action = _CONTROL_ACTIONS.get(trigger)
    return action(state, value) if action else state


_CONTROLS = {"picked": (DISTRICT_PICKER, "value"), "metric": (METRIC, "value"), "layers": (LAYER_TOGGLES, "value"),
             "breakdown": (BREAKDOWN, "value"), "points": (POINTS, "value"),
             "hotline_topics": (hotline_controls.HOTLINE_TOPICS, "value"),
             "hotline_callers": (hotline_controls.HOTLINE_CALLERS, "value"),
             "hotline_referred": (hotline_controls.HOTLINE_REFERRED, "value")}


@callback(
    output={"search": Output(PAGE_URL, "search", allow_duplicate=True),
            **{name: Output(*target) for name, target in _CONTROLS.items()}},
    inputs={"search": Input(PAGE_URL, "search"), "click": Input(MAP_AREA_CLICK, "data"),
            "back": Input(BACK_BUTTON, "n_clicks"), **{name: Input(*target) for name, target in _CONTROLS.items()}},
    prevent_initial_call=True,
)
def sync(**values: Any) -> dict[str, Any]:
    """Write the map's URL keys when one of its controls changes; set the controls from the URL otherwise."""
    search = values["search"]
    state = current_state(search)
    trigger = ctx.triggered_id
    if isinstance(trigger, str) and trigger != PAGE_URL:
        # Up from a district, or the picker cleared, leads someone who works in districts home.
        state = next_state(state, trigger, ctx.triggered[0]["value"]).at_home(current_actor().home_district)
    written = with_params(search, MAP_KEYS, state.map_query())
    return {"search": written if written != (search or "") else no_update, "picked": state.area,
            "metric": state.metric.value, "layers": list(state.layers), "breakdown": state.breakdown,
            "points": state.points, "hotline_topics": list(state.hotline.topics),
            "hotline_callers": list(state.hotline.callers),
            "hotline_referred": hotline_controls.referred_value(state)}


@callback(
    Output(MAP_FIGURE, "data"), Output(MAP_LEGEND, "children"), Output(BREADCRUMB, "children"),
    Output(BACK_BUTTON, "className"), Output(MAP_TITLE, "children"), Output(MAP_EMPTY, "children"),
    Output(MAP_EMPTY, "className"), Output(METRIC, "options"), Output(LAYER_TOGGLES, "options"),
    Output(BREAKDOWN, "options"), Output(POINTS_ROW, "className"), Output(DISTRICT_PICKER, "placeholder"),
    Output(hotline_controls.HOTLINE_ROW, "className"),
    Input(PAGE_URL, "search"), Input(PAGE_LANGUAGE, "data"),
)
@cached_render("map")
def render(search: str | None, lang: str) -> tuple[Any, ...]:
    """Draw the map, its legend and its notes for the state in the URL."""
    state = current_state(search)
    settings = runtime().settings
    # On the timeline the step's map, classed over every step (features/map/timeline).
    step = step_view(search, state, lang, settings.tile_url, settings.tile_attribution)
    values = step.shown if step else map_values(state)
    figure = step.figure if step else area_choropleth(values, lang, state.district, state.metric, settings.tile_url,
                                                      settings.tile_attribution, selected=state.upazila,
                                                      title=metric_label(state, lang))
    drawn = layer_drawing(state, lang)
    on_steps = TimelineState.from_search(search).mode is not None
    # The layers join the figure as JSON: Figure.add_traces deep-copies every array again.
    figure_json = figure.to_plotly_json()
    figure_json["data"] += [trace_json(trace) for trace in drawn.traces]
    notes = messages(values, drawn.empty, state, lang) + (step.notes if step else [])
    if on_steps and not on_timeline(state.metric):
        notes.append(t("timeline.scores_per_round", lang))
    # On the timeline the legend lists every kind of area any step shows: it stays put while the
    # browser steps (features/map/timeline_values).
    areas_legend = step.legend_traces if step else figure.data
    return (
        for_page(figure_json, settings.tile_url), legend(legend_sections([*areas_legend, *drawn.traces])),
        breadcrumb(state, lang, search),
        "" if state.upazila or (state.district and _sees_country()) else "d-none", map_title(state, lang),
        [html.Div(note) for note in notes], "alert alert-info py-2" + ("" if notes else " d-none"),
        metric_options(state.level, lang, on_steps), layer_options(lang), breakdown_options(lang),
        "" if state.district and points_allowed() else "d-none",
        t("map.pick_district", lang),
        hotline_controls.row_class(state),
    )


@callback(Output(MAP_TABLE, "children"),
          Input(PAGE_URL, "search"), Input(PAGE_LANGUAGE, "data"), Input(MAP_TABLE_OPEN, "n_clicks"))
@cached_render("map-table")
def map_table(search: str | None, lang: str, clicks: int | None) -> list[Any]:
    """The numbers behind the map under "Show as table": the areas' values and the layers'
    tables, sent only while the section is open. Sent with every map, a district's referral
    flows alone were about 440 kB of JSON (550 rows) per drawing, 25 ms of the server's answer
    and thousands of hidden cells in the page, for a section most people never open."""
    if not chart_table.is_open(clicks):
        return []
    state = current_state(search)
    shown = step_values(search, state)  # on the timeline the step's values, as the map shows them
    values = shown if shown is not None else map_values(state)
    return [_area_table(values, state, lang), *(html.Div([html.H3(t(label, lang), className="h6 mt-3"),
                                                         chart_table.table(header, rows, lang)])
                                                for label, header, rows in layer_tables(state, lang))]


def map_title(state: ViewState, lang: str) -> str:
    """What the map shows and where: "Returnees profiled by upazila, Sylhet" or "... by district"."""
    metric = metric_label(state, lang)
    if state.district is None:
        return t("map.title.district", lang, metric=metric)
    return t("map.title.upazila", lang, metric=metric, area=admin_areas()[state.district].name(lang))


def _area_table(values: dict[str, Any], state: ViewState, lang: str) -> Any:
    areas = admin_areas()
    level = "upazila" if state.district else "district"
    rows = [(areas[p].name(lang), values[p]) for p in sorted(values, key=lambda p: areas[p].name(lang))]
    return chart_table.table([t(f"map.column.{level}", lang), metric_label(state, lang)], rows, lang,
                             decimals=1)


translated_props(PAGE_LANGUAGE, hotline_controls.translated())
translated_props(PAGE_LANGUAGE, [
    # The picker's ~580 areas, apart from the map's render: only when the language changes.
    (DISTRICT_PICKER, "options", area_options),
    (DISTRICT_PICKER, "labels", dropdown_labels), (METRIC, "labels", dropdown_labels),
])


fit_to_area(MAP_FIGURE, MAP_GRAPH)
clicks_reach_areas(MAP_GRAPH, MAP_AREA_CLICK)
