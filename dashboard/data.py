"""What callbacks ask for: query results for the request's scope, cached.

Components call these functions, never the database; the cache key includes
the scope and filters, so one district's figures are never served to another.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd
from plotly.basedatatypes import BaseTraceType
from sqlalchemy.orm import Session

from dashboard.filters import Filters
from dashboard.queries import (
    Metric,
    area_metric,
    programme_indicators,
    provider_points,
    returnee_countries,
    targets_for,
)
from dashboard.runtime import runtime
from dashboard.scope import Scope
from dashboard.view_state import ViewState
from geodata import Level
from layers import REGISTRY, LayerView, MapLayer, ordered_layers


def request_scope() -> Scope:
    """The scope of the current request. Everyone sees the whole programme until login arrives."""
    return Scope.national()


def request_points_allowed() -> bool:
    """Whether this request may see individual (coarsened) returnee points: headquarters level only."""
    return request_scope().is_national


def _cached(name: str, scope: Scope, filters: Filters, compute: Callable[[Session], Any]) -> Any:
    rt = runtime()
    key = f"{name}:{scope!r}:{filters!r}"
    value = rt.cache.get(key)
    if value is None:
        with rt.database.session() as session:
            value = compute(session)
        rt.cache.set(key, value)
    return value


def programme_figures(filters: Filters | None = None) -> tuple[dict[str, int], dict[str, int]]:
    """(indicator values, targets) for the request's scope."""
    filters = filters or Filters()
    scope = request_scope()
    return _cached("programme", scope, filters,
                   lambda s: (programme_indicators(s, scope, filters), targets_for(s, scope, filters)))


def map_values(state: ViewState) -> dict[str, float | None]:
    """The chosen metric for every area on the map."""
    scope = request_scope()
    filters = state.map_filters()
    return _cached(f"metric:{state.metric}:{state.level.name}", scope, filters,
                   lambda s: area_metric(s, scope, state.level, state.metric, filters))


def _layer_view(state: ViewState, lang: str) -> LayerView:
    # Points are allowed by the server's view of the user, never by the URL alone.
    return LayerView(lang=lang, district=state.district, filters=state.filters,
                     points_allowed=request_points_allowed() and state.points,
                     options={"breakdown": state.breakdown, "service": ",".join(state.filters.need)})


def _layer_data(layer: MapLayer, view: LayerView) -> Any:
    scope = request_scope()
    key = f"layer:{layer.key}:{view.district}:{view.points_allowed}:{sorted(view.options.items())}"
    return _cached(key, scope, view.filters, lambda s: layer.load(s, scope, view))


def layer_traces(state: ViewState, lang: str) -> list[BaseTraceType]:
    """Traces of the chosen layers, bottom to top; data is cached per layer and view."""
    view = _layer_view(state, lang)
    return [trace for layer in ordered_layers() if layer.key in state.layers
            for trace in layer.traces(_layer_data(layer, view), view)]


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
    scope = request_scope()
    upazila, district_filters = state.upazila, state.map_filters()

    def compute(session: Session) -> UpazilaDetail:
        shares = {metric: area_metric(session, scope, Level.UPAZILA, metric, district_filters).get(upazila)
                  for metric in (Metric.PLAN_SHARE, Metric.UNMET_NEED_SHARE)}
        return UpazilaDetail(
            programme_indicators(session, scope, replace(state.filters, area=upazila)),
            shares[Metric.PLAN_SHARE], shares[Metric.UNMET_NEED_SHARE],
            len(provider_points(session, scope, Filters(area=upazila))),
        )

    return _cached(f"upazila:{upazila}", scope, state.filters, compute)


def countries() -> list[str]:
    """Countries returnees in scope came back from."""
    scope = request_scope()
    return _cached("countries", scope, Filters(), lambda s: returnee_countries(s, scope))
