"""Is reintegration sustainable? Reintegration scores from follow-up surveys: a map by district
or upazila for a chosen round and dimension, the change from the round before (in words too),
cohort curves, and, in a district, the psychosocial score beside counselling's reach.

Owns the URL keys ``district``, ``round``, ``dimension`` and ``measure``; renders from the URL.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlencode

import dash_bootstrap_components as dbc
import pandas as pd
from dash import ALL, Input, Output, State, ctx, dcc, html, no_update

from dashboard.core import outcomes
from dashboard.core.access import current_actor
from dashboard.core.filters import Filters
from dashboard.core.guard import audit, scope_description
from dashboard.core.privacy import Hidden
from dashboard.core.url import parse_query, with_params
from dashboard.features.map.fit import fit_to_area
from dashboard.features.map.legend import legend
from dashboard.features.outcomes.data import (
    DEFAULT_ROUND,
    GAP_RADIUS_KM,
    MEASURES,
    AreaRound,
    by_area,
    cohorts,
    dimension_label,
    gap_side_by_side,
    in_words,
    previous_round,
    round_label,
    rounds,
)
from dashboard.features.outcomes.figures import cohort_figure, score_map, score_text
from dashboard.figures.legend import legend_sections
from dashboard.figures.svg_map import for_page
from dashboard.i18n import format_number, t
from dashboard.runtime import runtime
from dashboard.ui.exports import About, file_stem, table_download
from dashboard.ui.ids import OUTCOMES_PAGE
from dashboard.ui.loading import loading
from dashboard.ui.registry import callback
from dashboard.ui.text import T, dropdown_labels, translated_props
from geodata import Level, admin_areas, areas_at

PAGE_URL, PAGE_LANGUAGE = OUTCOMES_PAGE.url, OUTCOMES_PAGE.language
DISTRICT, ROUND, DIMENSION, MEASURE = "outcomes-district", "outcomes-round", "outcomes-dimension", "outcomes-measure"
SUMMARY, GRAPH, FIGURE, LEGEND = "outcomes-summary", "outcomes-map", "outcomes-figure", "outcomes-legend"
TABLE, COHORTS, GAPS, DOWNLOAD = "outcomes-table", "outcomes-cohorts", "outcomes-gaps", "outcomes-download"
SIDE_BY_SIDE = "outcomes-dimensions"
KEYS = ("district", "round", "dimension", "measure")
DIMENSIONS = ("composite", "economic", "social", "psychosocial")


def download_id(fmt: str) -> dict[str, str]:
    """Pattern-matching ID of a download item (``csv`` or ``xlsx``)."""
    return {"type": "outcomes-download", "format": fmt}


@dataclass(frozen=True)
class OutcomeState:
    """What the page shows, as its URL keys say."""

    district: str | None = None
    round_months: int = DEFAULT_ROUND
    dimension: str = "composite"
    measure: str = "mean"

    @classmethod
    def from_search(cls, search: str | None) -> OutcomeState:
        """Parse the query string; anything unknown falls back to the default."""
        query = parse_query(search)
        areas = admin_areas()
        district = query.get("district")
        asked_round = query.get("round", "")
        return cls(district=district if district in areas and areas[district].level == Level.DISTRICT else None,
                   round_months=int(asked_round) if asked_round.isdigit() and int(asked_round) <= 120
                   else DEFAULT_ROUND,
                   dimension=query["dimension"] if query.get("dimension") in DIMENSIONS else "composite",
                   measure=query["measure"] if query.get("measure") in MEASURES else "mean")

    def query(self) -> dict[str, str]:
        """The URL keys this component owns (defaults left out)."""
        params = {"district": self.district} if self.district else {}
        if self.round_months != DEFAULT_ROUND:
            params["round"] = str(self.round_months)
        if self.dimension != "composite":
            params["dimension"] = self.dimension
        if self.measure != "mean":
            params["measure"] = self.measure
        return params


def current_state(search: str | None) -> OutcomeState:
    """The state in the URL; someone who works in districts starts in (the first of) theirs and
    never sees the whole country."""
    state = OutcomeState.from_search(search)
    actor = current_actor()
    if state.district is not None and not actor.scope.permits(state.district):
        state = replace(state, district=None)
    if state.district is None and not actor.scope.is_national:
        state = replace(state, district=actor.home_district)
    return state


def what_label(state: OutcomeState, lang: str) -> str:
    """What the values are: "Composite score" or "Share with a composite score of at least 0.50"."""
    if state.measure == "share":
        return t("outcomes.share_of", lang, dimension=dimension_label(state.dimension, lang),
                 cut=format_number(outcomes.GOOD_SCORE, lang, 2))
    return t("outcomes.score_of", lang, dimension=dimension_label(state.dimension, lang))


def _districts(lang: str) -> list[dict[str, str]]:
    scope = current_actor().scope
    return [{"label": a.name(lang), "value": a.pcode}
            for a in sorted(areas_at(Level.DISTRICT), key=lambda a: a.name(lang)) if scope.permits(a.pcode)]


def _rounds(lang: str) -> list[dict[str, Any]]:
    present = rounds() or sorted(outcomes.NAMED_ROUNDS.values())
    return [{"label": round_label(r, lang), "value": r} for r in present]


def _dimensions(lang: str) -> list[dict[str, str]]:
    return [{"label": dimension_label(d, lang), "value": d} for d in DIMENSIONS]


def _measures(lang: str) -> list[dict[str, str]]:
    return [{"label": t("outcomes.measure_mean", lang), "value": "mean"},
            {"label": t("outcomes.measure_share", lang, cut=format_number(outcomes.GOOD_SCORE, lang, 2)),
             "value": "share"}]


def layout(lang: str, search: str) -> html.Div:
    """Controls, the note on weights and demo data, the summary, map, table, cohorts and gaps."""
    state = current_state(search)
    national = current_actor().scope.is_national
    return html.Div([
        html.H2(T("outcomes.heading", lang), className="h4"),
        html.P(T("outcomes.intro", lang), className="small"),
        dbc.Alert([html.Div(T("outcomes.weights_note", lang)), html.Div(T("outcomes.demo_note", lang))],
                  color="warning", className="small py-2"),
        dbc.Row(className="g-3 align-items-end mb-2", children=[
            dbc.Col(md=3, children=[html.Label(T("outcomes.district", lang), htmlFor=DISTRICT, className="form-label"),
                                    dcc.Dropdown(id=DISTRICT, options=_districts(lang), value=state.district,
                                                 clearable=national, labels=dropdown_labels(lang),
                                                 placeholder=t("outcomes.all_districts", lang))]),
            dbc.Col(md=2, children=[html.Label(T("outcomes.round", lang), htmlFor=ROUND, className="form-label"),
                                    dcc.Dropdown(id=ROUND, options=_rounds(lang), value=state.round_months,
                                                 clearable=False, labels=dropdown_labels(lang))]),
            dbc.Col(md=3, children=[html.Label(T("outcomes.dimension", lang), htmlFor=DIMENSION,
                                               className="form-label"),
                                    dcc.Dropdown(id=DIMENSION, options=_dimensions(lang), value=state.dimension,
                                                 clearable=False, labels=dropdown_labels(lang))]),
            dbc.Col(md=4, children=dbc.RadioItems(id=MEASURE, options=_measures(lang), value=state.measure,
                                                  inline=False, className="small")),
        ]),
        html.Div(id=SUMMARY, role="status", className="mb-2"),
        dbc.Row([
            dbc.Col(lg=7, children=[
                loading([dcc.Store(id=FIGURE), dcc.Graph(id=GRAPH, className="district-map", config={
                    "displaylogo": False, "scrollZoom": True, "responsive": True,
                    "modeBarButtonsToRemove": ["sendChartToCloud"]})], lang, GRAPH),
                html.Div(id=LEGEND, className="map-legend", role="region", **{"aria-label": t("map.legend", lang)}),
            ]),
            dbc.Col(lg=5, children=[
                html.Div(className="d-flex justify-content-between align-items-baseline flex-wrap gap-2", children=[
                    html.H3(T("outcomes.table", lang), className="h6"),
                    dbc.DropdownMenu(label=T("map.download", lang), size="sm", color="secondary", align_end=True,
                                     children=[dbc.DropdownMenuItem(T(f"download.{fmt}", lang,
                                                                      instance=f"outcomes-{fmt}"),
                                                                    id=download_id(fmt)) for fmt in ("csv", "xlsx")]),
                    dcc.Download(id=DOWNLOAD),
                ]),
                loading(html.Div(id=TABLE, className="table-responsive"), lang, TABLE),
            ]),
        ]),
        html.H3(T("outcomes.dimensions", lang), className="h6 mt-3"),
        loading(html.Div(id=SIDE_BY_SIDE, className="table-responsive"), lang, SIDE_BY_SIDE),
        html.H3(T("outcomes.cohorts", lang), className="h6 mt-3"),
        html.P(T("outcomes.cohorts_note", lang), className="small text-muted"),
        loading(dcc.Graph(id=COHORTS, config={"displaylogo": False, "modeBarButtonsToRemove": ["sendChartToCloud"]}),
                lang, COHORTS),
        html.H3(T("outcomes.gaps", lang), className="h6 mt-3"),
        html.P(T("outcomes.gaps_note", lang), className="small text-muted"),
        loading(html.Div(id=GAPS, className="table-responsive"), lang, GAPS),
    ])


@callback(output={"search": Output(PAGE_URL, "search", allow_duplicate=True), "district": Output(DISTRICT, "value"),
                  "round": Output(ROUND, "value"), "dimension": Output(DIMENSION, "value"),
                  "measure": Output(MEASURE, "value")},
          inputs={"search": Input(PAGE_URL, "search"), "district": Input(DISTRICT, "value"),
                  "round": Input(ROUND, "value"), "dimension": Input(DIMENSION, "value"),
                  "measure": Input(MEASURE, "value")},
          prevent_initial_call=True)
def sync(**values: Any) -> dict[str, Any]:
    """Write this component's URL keys when a control changes; set the controls from the URL otherwise."""
    search = values["search"]
    state = current_state(search)
    if ctx.triggered_id in (DISTRICT, ROUND, DIMENSION, MEASURE):
        # The new values go through the same checks as values arriving in a link.
        asked = {"district": values["district"] or "", "round": str(values["round"]),
                 "dimension": str(values["dimension"]), "measure": str(values["measure"])}
        state = current_state("?" + urlencode(asked))
    written = with_params(search, KEYS, state.query())
    return {"search": written if written != (search or "") else no_update, "district": state.district,
            "round": state.round_months, "dimension": state.dimension, "measure": state.measure}


def _number(value: float | Hidden | None, measure: str, lang: str) -> str:
    return "–" if value is None else score_text(value, measure, lang)


def _change(row: AreaRound, measure: str, lang: str) -> str:
    if row.change is None:
        return "–"
    sign = "+" if row.change > 0 else ""
    return sign + (t("outcomes.points", lang, value=format_number(row.change, lang, 0)) if measure == "share"
                   else format_number(row.change, lang, 2))


def _table(rows: list[AreaRound], state: OutcomeState, before: int | None, lang: str) -> html.Table:
    areas = admin_areas()
    level = "district" if state.district is None else "upazila"
    header = [t("map.column.district", lang) if level == "district" else t("map.column.upazila", lang),
              t("outcomes.col_people", lang), round_label(state.round_months, lang),
              round_label(before, lang) if before is not None else "–", t("outcomes.col_change", lang)]
    ordered = sorted(rows, key=lambda r: (r.change is None, r.change if r.change is not None else 0))
    body = [html.Tr([html.Th(areas[r.pcode].name(lang), scope="row"), html.Td(format_number(r.people, lang)),
                     html.Td(_number(r.value, state.measure, lang)), html.Td(_number(r.previous, state.measure, lang)),
                     html.Td(_change(r, state.measure, lang))]) for r in ordered]
    return html.Table(className="table table-sm table-striped", children=[
        html.Caption(t("outcomes.table_caption", lang), className="caption-top small"),
        html.Thead(html.Tr([html.Th(h, scope="col") for h in header])), html.Tbody(body)])


def _summary(rows: list[AreaRound], state: OutcomeState, before: int | None, lang: str) -> list[Any]:
    """The chosen area's latest round against the one before, in words."""
    what = what_label(state, lang)
    now_label = round_label(state.round_months, lang)
    if state.district is None:
        shown = [r for r in rows if isinstance(r.value, float | int)]
        if not shown:
            return [html.P(t("outcomes.none", lang))]
        low, high = min(shown, key=lambda r: float(r.value)), max(shown, key=lambda r: float(r.value))  # type: ignore[arg-type]
        falling = sum(1 for r in rows if r.change is not None and r.change < 0)
        return [html.P(t("outcomes.words.national", lang, what=what, round=now_label, districts=format_number(
            len(shown), lang), low=admin_areas()[low.pcode].name(lang), low_value=score_text(low.value, state.measure,
                                                                                           lang),
            high=admin_areas()[high.pcode].name(lang), high_value=score_text(high.value, state.measure, lang),
            falling=format_number(falling, lang)), className="fw-semibold mb-1")]
    mine = by_area(None, state.round_months, state.dimension, state.measure)
    row = next((r for r in mine if r.pcode == state.district), None)
    area = admin_areas()[state.district].name(lang)
    if row is None:
        return [html.P(t("outcomes.words.nobody", lang, area=area, round=now_label))]
    points = (lambda value, lang: t("outcomes.points", lang, value=format_number(value, lang, 0))) \
        if state.measure == "share" else None
    sentence = in_words(row, area, what, lang, lambda value, lang: score_text(value, state.measure, lang), points)
    return [html.P(sentence, className="fw-semibold mb-1")]


def _gap_table(district: str, state: OutcomeState, before: int | None, lang: str) -> Any:
    frame = gap_side_by_side(district, state.round_months)
    if frame.empty:
        return html.P(t("outcomes.none", lang), className="text-muted small")
    frame = frame.assign(order=[c if c is not None else 9 for c in frame["change"]]).sort_values("order")
    header = [t("map.column.upazila", lang), t("outcomes.col_psychosocial", lang, round=round_label(
        state.round_months, lang)), t("outcomes.col_before", lang, round=round_label(before, lang) if before is not None
                                      else "–"), t("outcomes.col_change", lang), t("outcomes.col_in_need", lang),
              t("outcomes.col_unreached", lang, km=format_number(GAP_RADIUS_KM, lang, 0))]

    def cell(value: Any, decimals: int = 0, suffix: str = "") -> str:
        if value is None or (isinstance(value, float) and value != value):
            return "–"
        return format_number(value, lang, decimals) + suffix if not isinstance(value, Hidden) \
            else format_number(value, lang)

    rows = [html.Tr([html.Th(admin_areas()[r["pcode"]].name(lang), scope="row"),
                     html.Td(cell(r["psychosocial"], 2)), html.Td(cell(r["previous"], 2)),
                     html.Td(cell(r["change"], 2)), html.Td(cell(r["in_need"])),
                     html.Td([cell(r["unreached"]), " (", cell(r["share_unreached"], 0, "%"), ")"])],
                    className="table-warning" if isinstance(r["change"], float) and r["change"] < 0 else "")
            for r in frame.to_dict("records")]
    return html.Table(className="table table-sm", children=[
        html.Caption(t("outcomes.gaps_caption", lang), className="caption-top small"),
        html.Thead(html.Tr([html.Th(h, scope="col") for h in header])), html.Tbody(rows)])


def _dimensions_table(state: OutcomeState, lang: str) -> html.Table:
    """Every area's four mean scores in the chosen round, side by side."""
    by_dimension = {d: {r.pcode: r for r in by_area(state.district, state.round_months, d, "mean")}
                    for d in DIMENSIONS}
    areas = admin_areas()
    header = [t("map.column.district" if state.district is None else "map.column.upazila", lang),
              *(dimension_label(d, lang) for d in DIMENSIONS)]
    pcodes = [p for p, row in by_dimension["composite"].items()
              if any(by_dimension[d][p].value is not None for d in DIMENSIONS)]
    body = [html.Tr([html.Th(areas[p].name(lang), scope="row"),
                     *(html.Td(_number(by_dimension[d][p].value, "mean", lang)) for d in DIMENSIONS)])
            for p in pcodes]
    if not body:
        body = [html.Tr(html.Td(t("outcomes.none", lang), colSpan=len(header)))]
    return html.Table(className="table table-sm table-striped", children=[
        html.Caption(t("outcomes.dimensions_caption", lang, round=round_label(state.round_months, lang)),
                     className="caption-top small"),
        html.Thead(html.Tr([html.Th(h, scope="col") for h in header])), html.Tbody(body)])


@callback(Output(FIGURE, "data"), Output(LEGEND, "children"), Output(SUMMARY, "children"), Output(TABLE, "children"),
          Output(COHORTS, "figure"), Output(GAPS, "children"), Output(SIDE_BY_SIDE, "children"),
          Input(PAGE_URL, "search"), Input(PAGE_LANGUAGE, "data"))
def render(search: str | None, lang: str) -> tuple[Any, ...]:
    """Everything the page shows, for the state in the URL."""
    state = current_state(search)
    rows = by_area(state.district, state.round_months, state.dimension, state.measure)
    before = previous_round(state.round_months, rounds())
    what = what_label(state, lang)
    figure = score_map({r.pcode: r.value for r in rows}, what, state.measure, state.district, lang)
    curves = cohort_figure(cohorts(state.district, state.dimension), dimension_label(state.dimension, lang), lang)
    gaps = _gap_table(state.district, state, before, lang) if state.district else html.P(
        t("outcomes.gaps_choose", lang), className="text-muted small")
    return (for_page(figure.to_plotly_json(), runtime().settings.tile_url), legend(legend_sections(figure)),
            _summary(rows, state, before, lang),
            _table(rows, state, before, lang), curves, gaps, _dimensions_table(state, lang))


fit_to_area(FIGURE, GRAPH)


@callback(Output(DOWNLOAD, "data"), Input(download_id(ALL), "n_clicks"), State(PAGE_URL, "search"),
          State(PAGE_LANGUAGE, "data"), prevent_initial_call=True)
def download(clicks: list[int | None], search: str | None, lang: str) -> Any:
    """The table behind the map, as CSV or Excel."""
    if not any(clicks) or not isinstance(ctx.triggered_id, dict):
        return no_update
    state = current_state(search)
    rows = by_area(state.district, state.round_months, state.dimension, state.measure)
    before = previous_round(state.round_months, rounds())
    areas = admin_areas()
    table = pd.DataFrame([{"pcode": r.pcode, "area": areas[r.pcode].name_en, "people": str(r.people),
                           f"round_{state.round_months}": str(r.value) if r.value is not None else "",
                           f"round_{before}": str(r.previous) if r.previous is not None else "",
                           "change": r.change} for r in rows])
    audit("export", f"outcomes {state.district or 'BD'} {state.dimension} {state.measure}", Filters())
    stem = file_stem("outcomes", state.dimension, state.measure, f"round-{state.round_months}", state.district)
    about = About(f"{what_label(state, lang)}, {round_label(state.round_months, lang)}", state.district, Filters(),
                  scope_description(lang))
    return table_download(table, stem, about, lang, ctx.triggered_id["format"])


translated_props(PAGE_LANGUAGE, [
    (DISTRICT, "options", _districts), (DISTRICT, "placeholder", lambda lang: t("outcomes.all_districts", lang)),
    (ROUND, "options", _rounds), (DIMENSION, "options", _dimensions), (MEASURE, "options", _measures),
    (DISTRICT, "labels", dropdown_labels), (ROUND, "labels", dropdown_labels), (DIMENSION, "labels", dropdown_labels),
])
