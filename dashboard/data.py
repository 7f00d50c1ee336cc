"""What callbacks ask for: query results for the request's actor, cached.

Components call these functions, never the database. Each takes the scope from
``dashboard.access.current_actor`` and puts it, with the filters, in the cache
key (``dashboard.cache``), so one district's figures are never served to another.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
from plotly.basedatatypes import BaseTraceType
from sqlalchemy.orm import Session

from dashboard.access import Action, current_actor
from dashboard.cache import cached
from dashboard.filters import Filters
from dashboard.i18n import t
from dashboard.metrics import Metric
from dashboard.queries import area_metric, programme_indicators, provider_points, returnee_countries, targets_for
from dashboard.scope import Scope
from dashboard.view_state import ViewState
from geodata import Level, admin_areas
from layers import REGISTRY, LayerView, MapLayer, ordered_layers


def _scope() -> Scope:
    return current_actor().scope


def points_allowed() -> bool:
    """Whether this request's actor may see individual (coarsened) returnee points."""
    return current_actor().may(Action.VIEW_POINTS)


def programme_figures(filters: Filters | None = None) -> tuple[dict[str, int], dict[str, int]]:
    """(indicator values, targets) for the actor's scope."""
    filters = filters or Filters()
    scope = _scope()
    return cached("programme", (scope, filters),
                  lambda s: (programme_indicators(s, scope, filters), targets_for(s, scope, filters)))


def map_values(state: ViewState) -> dict[str, float | None]:
    """The chosen metric for every area on the map."""
    scope, filters = _scope(), state.map_filters()
    return cached("metric", (scope, filters, state.metric, state.level),
                  lambda s: area_metric(s, scope, state.level, state.metric, filters))


def _layer_view(state: ViewState, lang: str) -> LayerView:
    # Points need both the user's wish (URL) and the actor's permission (server).
    return LayerView(lang=lang, district=state.district, filters=state.filters,
                     points=state.points and points_allowed(), breakdown=state.breakdown)


def _layer_data(layer: MapLayer, view: LayerView) -> Any:
    scope = _scope()
    return cached(f"layer:{layer.key}", (scope, *view.data_key()), lambda s: layer.load(s, scope, view))


@dataclass(frozen=True)
class LayerDrawing:
    """The chosen layers' traces, bottom to top, and which of them have nothing to show."""

    traces: list[BaseTraceType]
    empty: list[str]


def layer_drawing(state: ViewState, lang: str) -> LayerDrawing:
    """Draw the chosen layers; data is cached per layer and view."""
    view = _layer_view(state, lang)
    traces: list[BaseTraceType] = []
    empty: list[str] = []
    for layer in ordered_layers():
        if layer.key in state.layers:
            drawn = layer.traces(_layer_data(layer, view), view)
            traces += drawn
            if not drawn:
                empty.append(layer.key)
    return LayerDrawing(traces, empty)


def layer_rows(state: ViewState, key: str, lang: str) -> pd.DataFrame:
    """The table behind one layer as the map shows it."""
    view = _layer_view(state, lang)
    layer = REGISTRY[key]
    return layer.rows(_layer_data(layer, view), view)


@dataclass(frozen=True)
class UpazilaDetail:
    """What the detail panel shows for one upazila."""

    figures: dict[str, int]
    plan_share: float | None
    unmet_share: float | None
    providers: int


def upazila_detail(state: ViewState) -> UpazilaDetail | None:
    """Figures for the chosen upazila, or None when none is chosen."""
    if state.upazila is None:
        return None
    scope = _scope()
    upazila, district_filters = state.upazila, state.map_filters()

    def compute(session: Session) -> UpazilaDetail:
        shares = {metric: area_metric(session, scope, Level.UPAZILA, metric, district_filters).get(upazila)
                  for metric in (Metric.PLAN_SHARE, Metric.UNMET_NEED_SHARE)}
        return UpazilaDetail(
            programme_indicators(session, scope, state.filters.replace(area=upazila)),
            shares[Metric.PLAN_SHARE], shares[Metric.UNMET_NEED_SHARE],
            len(provider_points(session, scope, Filters(area=upazila))),
        )

    return cached("upazila", (scope, upazila, state.filters), compute)


def countries() -> list[str]:
    """Countries returnees in scope came back from."""
    scope = _scope()
    return cached("countries", (scope,), lambda s: returnee_countries(s, scope))


def scope_description(lang: str) -> str:
    """Who may see what, in words, for the top of downloaded files."""
    actor = current_actor()
    if actor.is_hq:
        return t("export.scope_national", lang)
    names = ", ".join(sorted(admin_areas()[d].name(lang) for d in actor.districts if d in admin_areas()))
    return t("export.scope_districts", lang, districts=names or "–")
