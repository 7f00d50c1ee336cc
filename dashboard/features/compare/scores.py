"""Reintegration scores by district on the comparison page (issue 29): each district's mean
score in one follow-up survey round and another (6 and 12 months after return unless chosen),
and the change between them, falling districts first, in words, as a table and as a download.

Owns the URL keys ``score_from``, ``score_to`` and ``score_dimension``. Every mean comes from
the outcome page's published ones (``features.outcomes.data.by_area``): below headquarters a
mean of fewer people than the threshold is hidden and the others moved a little, and a change
is given only between two shown means.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import dash_bootstrap_components as dbc
import pandas as pd
from dash import ALL, Input, Output, State, ctx, dcc, html, no_update

from dashboard.core import outcomes
from dashboard.core.filters import Filters
from dashboard.core.guard import audit, scope_description
from dashboard.core.privacy import Count, Hidden
from dashboard.core.url import parse_query, with_params
from dashboard.features.outcomes.data import by_area, dimension_label, round_label, rounds
from dashboard.i18n import format_number, t
from dashboard.ui.exports import About, file_stem, table_download
from dashboard.ui.ids import COMPARE_PAGE
from dashboard.ui.loading import loading
from dashboard.ui.registry import callback
from dashboard.ui.text import T, dropdown_labels, translated_props
from geodata import admin_areas

PAGE_URL, PAGE_LANGUAGE = COMPARE_PAGE.url, COMPARE_PAGE.language
FROM, TO, DIMENSION = "compare-score-from", "compare-score-to", "compare-score-dimension"
TABLE, SUMMARY, DOWNLOAD = "compare-score-table", "compare-score-summary", "compare-score-download"
KEYS = ("score_from", "score_to", "score_dimension")
DEFAULT_FROM, DEFAULT_TO = 6, 12
DIMENSIONS = ("composite", "economic", "social", "psychosocial")


def download_id(fmt: str) -> dict[str, str]:
    """Pattern-matching ID of a download item (``csv`` or ``xlsx``)."""
    return {"type": "compare-score-download", "format": fmt}


@dataclass(frozen=True)
class ScoreState:
    """The two rounds compared and the dimension, as the URL says (defaults: 6 -> 12 months, composite)."""

    first: int = DEFAULT_FROM
    then: int = DEFAULT_TO
    dimension: str = "composite"

    @classmethod
    def from_search(cls, search: str | None) -> ScoreState:
        """Parse the query string; an unreadable round or dimension falls back to the default."""
        query = parse_query(search)
        first = outcomes.round_months(query.get("score_from") or "")
        then = outcomes.round_months(query.get("score_to") or "")
        dimension = query.get("score_dimension", "composite")
        return cls(DEFAULT_FROM if first is None else first, DEFAULT_TO if then is None else then,
                   dimension if dimension in DIMENSIONS else "composite")

    def query(self) -> dict[str, str]:
        """The URL keys this section owns (defaults left out)."""
        params = {} if self.first == DEFAULT_FROM else {"score_from": str(self.first)}
        if self.then != DEFAULT_TO:
            params["score_to"] = str(self.then)
        if self.dimension != "composite":
            params["score_dimension"] = self.dimension
        return params


@dataclass(frozen=True)
class ScoreChange:
    """One district's published mean score in the two rounds and the change between them."""

    pcode: str
    people_first: Count
    first: float | Hidden | None
    people_then: Count
    then: float | Hidden | None

    @property
    def change(self) -> float | None:
        """The later round's mean minus the earlier's; None when either is hidden or missing."""
        if isinstance(self.first, float | int) and isinstance(self.then, float | int):
            return round(float(self.then) - float(self.first), 2)
        return None


def score_changes(state: ScoreState) -> list[ScoreChange]:
    """Every district in the reader's scope with someone scored in either round, falling
    districts first, then rising, then those without a change to give."""
    first = {r.pcode: r for r in by_area(None, state.first, state.dimension, "mean")}
    then = {r.pcode: r for r in by_area(None, state.then, state.dimension, "mean")}
    rows = [ScoreChange(pcode, first[pcode].people, first[pcode].value, then[pcode].people, then[pcode].value)
            for pcode in then if first[pcode].value is not None or then[pcode].value is not None]
    return sorted(rows, key=lambda r: (r.change is None, r.change if r.change is not None else 0,
                                       admin_areas()[r.pcode].name_en))


def _round_options(lang: str) -> list[dict[str, Any]]:
    offered = sorted({*rounds(), *outcomes.NAMED_ROUNDS.values()})
    return [{"label": round_label(r, lang), "value": r} for r in offered]


def _dimension_options(lang: str) -> list[dict[str, str]]:
    return [{"label": dimension_label(d, lang), "value": d} for d in DIMENSIONS]


def layout(lang: str, search: str) -> html.Section:
    """Heading, the two rounds and the dimension, the download, the summary and the table."""
    state = ScoreState.from_search(search)
    return html.Section(className="mt-4", **{"aria-labelledby": "compare-score-heading"}, children=[
        html.Div(className="d-flex justify-content-between align-items-baseline flex-wrap gap-2", children=[
            html.H3(T("compare.scores.heading", lang), id="compare-score-heading", className="h6"),
            dbc.DropdownMenu(label=T("map.download", lang, instance="compare-scores"), size="sm", color="secondary",
                             align_end=True,
                             children=[dbc.DropdownMenuItem(T(f"download.{fmt}", lang,
                                                              instance=f"compare-score-{fmt}"),
                                                            id=download_id(fmt)) for fmt in ("csv", "xlsx")]),
            dcc.Download(id=DOWNLOAD),
        ]),
        html.P(T("compare.scores.intro", lang), className="small text-muted mb-1"),
        dbc.Row(className="g-3 align-items-end mb-2", children=[
            dbc.Col(md=3, children=[
                html.Label(T("compare.scores.from", lang), htmlFor=FROM, className="form-label small mb-0"),
                dcc.Dropdown(id=FROM, clearable=False, value=state.first, options=_round_options(lang),
                             labels=dropdown_labels(lang))]),
            dbc.Col(md=3, children=[
                html.Label(T("compare.scores.to", lang), htmlFor=TO, className="form-label small mb-0"),
                dcc.Dropdown(id=TO, clearable=False, value=state.then, options=_round_options(lang),
                             labels=dropdown_labels(lang))]),
            dbc.Col(md=3, children=[
                html.Label(T("outcomes.dimension", lang), htmlFor=DIMENSION, className="form-label small mb-0"),
                dcc.Dropdown(id=DIMENSION, clearable=False, value=state.dimension,
                             options=_dimension_options(lang), labels=dropdown_labels(lang))]),
        ]),
        html.Div(id=SUMMARY, role="status", className="small mb-1"),
        loading(html.Div(id=TABLE, className="table-responsive"), lang, TABLE),
    ])


@callback(output={"search": Output(PAGE_URL, "search", allow_duplicate=True), "first": Output(FROM, "value"),
                  "then": Output(TO, "value"), "dimension": Output(DIMENSION, "value")},
          inputs={"search": Input(PAGE_URL, "search"), "first": Input(FROM, "value"), "then": Input(TO, "value"),
                  "dimension": Input(DIMENSION, "value")},
          prevent_initial_call=True)
def sync(**values: Any) -> dict[str, Any]:
    """Write this section's URL keys when a control changes; set the controls from the URL otherwise."""
    search = values["search"]
    state = ScoreState.from_search(search)
    if ctx.triggered_id in (FROM, TO, DIMENSION):
        # The new values go through the same checks as values arriving in a link.
        state = ScoreState.from_search("?" + "&".join(
            f"{key}={value}" for key, value in zip(KEYS, (values["first"], values["then"], values["dimension"]),
                                                   strict=True) if value is not None))
    written = with_params(search, KEYS, state.query())
    return {"search": written if written != (search or "") else no_update, "first": state.first,
            "then": state.then, "dimension": state.dimension}


def _score(value: float | Hidden | None, lang: str) -> str:
    return "–" if value is None else format_number(value, lang, 2)


def _change(row: ScoreChange, lang: str) -> str:
    if row.change is None:
        return "–"
    sign = "+" if row.change > 0 else "−" if row.change < 0 else ""
    return sign + format_number(abs(row.change), lang, 2)


def summary(rows: list[ScoreChange], state: ScoreState, lang: str) -> str:
    """The comparison in words: how many districts' scores fell, rose or stayed, between which rounds."""
    what = t("outcomes.score_of", lang, dimension=dimension_label(state.dimension, lang))
    first, then = round_label(state.first, lang), round_label(state.then, lang)
    changed = [r.change for r in rows if r.change is not None]
    if not changed:
        return t("compare.scores.none", lang, what=what, first=first, then=then)
    return t("compare.scores.words", lang, what=what, first=first, then=then,
             fell=format_number(sum(c < 0 for c in changed), lang), rose=format_number(sum(c > 0 for c in changed),
                                                                                        lang),
             same=format_number(sum(c == 0 for c in changed), lang), districts=format_number(len(changed), lang))


def table(rows: list[ScoreChange], state: ScoreState, lang: str) -> html.Table:
    """District, people and mean score in each round, and the change, falling districts first."""
    first, then = round_label(state.first, lang), round_label(state.then, lang)
    header = [t("map.column.district", lang), t("compare.scores.people", lang, round=first), first,
              t("compare.scores.people", lang, round=then), then, t("outcomes.col_change", lang)]
    areas = admin_areas()
    body = [html.Tr([html.Th(areas[r.pcode].name(lang), scope="row"), html.Td(format_number(r.people_first, lang)),
                     html.Td(_score(r.first, lang)), html.Td(format_number(r.people_then, lang)),
                     html.Td(_score(r.then, lang)), html.Td(_change(r, lang))]) for r in rows]
    return html.Table(className="table table-sm table-striped", children=[
        html.Caption(t("compare.scores.caption", lang), className="caption-top small"),
        html.Thead(html.Tr([html.Th(h, scope="col") for h in header])), html.Tbody(body)])


@callback(Output(TABLE, "children"), Output(SUMMARY, "children"),
          Input(PAGE_URL, "search"), Input(PAGE_LANGUAGE, "data"))
def render(search: str | None, lang: str) -> tuple[Any, str]:
    """The table and its sentence for the rounds in the URL."""
    state = ScoreState.from_search(search)
    rows = score_changes(state)
    words = summary(rows, state, lang) + " " + t("outcomes.weights_short", lang)
    return (table(rows, state, lang) if rows else html.P(t("outcomes.none", lang), className="small")), words


def frame(rows: list[ScoreChange], state: ScoreState) -> pd.DataFrame:
    """The table as downloaded: published values written as shown ("<5" for a hidden mean)."""
    areas = admin_areas()

    def written(value: Any) -> str:
        return "" if value is None else str(value)

    return pd.DataFrame([{"district": r.pcode, "district_name": areas[r.pcode].name_en,
                          f"people_round_{state.first}": written(r.people_first),
                          f"score_round_{state.first}": written(r.first),
                          f"people_round_{state.then}": written(r.people_then),
                          f"score_round_{state.then}": written(r.then), "change": r.change} for r in rows],
                        columns=["district", "district_name", f"people_round_{state.first}",
                                 f"score_round_{state.first}", f"people_round_{state.then}",
                                 f"score_round_{state.then}", "change"])


@callback(Output(DOWNLOAD, "data"), Input(download_id(ALL), "n_clicks"), State(PAGE_URL, "search"),
          State(PAGE_LANGUAGE, "data"), prevent_initial_call=True)
def download(clicks: list[int | None], search: str | None, lang: str) -> Any:
    """The score table as CSV or Excel."""
    if not any(clicks) or not isinstance(ctx.triggered_id, dict):
        return no_update
    state = ScoreState.from_search(search)
    audit("export", f"compare scores {state.dimension} {state.first}-{state.then}", Filters())
    stem = file_stem("compare-scores", state.dimension, f"round-{state.first}", f"round-{state.then}")
    about = About(t("compare.scores.about", lang, what=dimension_label(state.dimension, lang),
                    first=round_label(state.first, lang), then=round_label(state.then, lang)), None, Filters(),
                  scope_description(lang))
    return table_download(frame(score_changes(state), state), stem, about, lang, ctx.triggered_id["format"])


translated_props(PAGE_LANGUAGE, [
    (FROM, "options", _round_options), (TO, "options", _round_options), (DIMENSION, "options", _dimension_options),
    *((dropdown, "labels", dropdown_labels) for dropdown in (FROM, TO, DIMENSION)),
])
