"""What callbacks ask for: query results for the request's actor, cached, and made safe to show.

Components call these functions, never the database. Each takes the scope from
``dashboard.access.current_actor`` (and puts it, with the filters, in the cache
key), refuses an area outside the scope (:class:`NotPermitted`, never the data),
and, below headquarters, hides small counts of returnees (``dashboard.privacy``)
after the cache, so the raw figures never leave the server.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
from plotly.basedatatypes import BaseTraceType
from sqlalchemy.orm import Session

from dashboard.access import Action, Actor, current_actor
from dashboard.cache import cached
from dashboard.commands.audit import record
from dashboard.filters import Filters
from dashboard.i18n import t
from dashboard.indicators import INDICATOR_KEYS, INDICATORS, IndicatorGroup
from dashboard.metrics import SPECS, Metric
from dashboard.privacy import Count, Hidden, hidden, hide_count, hide_group, hide_share, is_hidden
from dashboard.queries import (
    area_metric,
    indicators_by_area,
    programme_indicators,
    programme_indicators_over,
    provider_points,
    returnee_countries,
    targets_for,
)
from dashboard.runtime import runtime
from dashboard.scope import Scope
from dashboard.view_state import ViewState
from geodata import Level, admin_areas, areas_at
from layers import REGISTRY, LayerView, MapLayer, ordered_layers

# Indicators that count returnees (and so are suppressed below headquarters); events are not.
RETURNEE_INDICATORS = tuple(i.key for i in INDICATORS if i.group == IndicatorGroup.REINTEGRATION)


class NotPermitted(PermissionError):
    """The request asked for an area or an action outside what the actor may see or do."""

    def __init__(self, what: str) -> None:
        super().__init__(f"not permitted: {what}")
        self.what = what


def _scope() -> Scope:
    return current_actor().scope


def require_area(area: str | None) -> None:
    """Refuse an area outside the actor's scope (the whole country is always asked for in scope)."""
    if area is not None and not current_actor().scope.permits(area):
        raise NotPermitted(area)


def require(action: Action, area: str | None = None) -> Actor:
    """The actor, if allowed ``action`` (in ``area``); otherwise :class:`NotPermitted`."""
    actor = current_actor()
    if not actor.may(action, area):
        raise NotPermitted(action.value)
    return actor


def _threshold() -> int | None:
    """The suppression threshold for this actor, or None when they may see every count."""
    return None if current_actor().may(Action.SEE_SMALL_COUNTS) else runtime().settings.suppression_threshold


def points_allowed() -> bool:
    """Whether this request's actor may see returnees per grid cell."""
    return current_actor().may(Action.VIEW_POINTS)


def _protect_figures(figures: dict[str, int], threshold: int | None) -> dict[str, Count]:
    if threshold is None:
        return dict(figures)
    out: dict[str, Count] = dict(figures)
    out.update({key: hide_count(figures[key], threshold) for key in RETURNEE_INDICATORS})
    # The EU and transit figures add up to the total beside them.
    out.update(hide_group({k: figures[k] for k in ("returnees_eu", "returnees_transit")}, threshold))
    out["returnees_profiled"] = hide_count(figures["returnees_profiled"], threshold)
    return out


def programme_figures(filters: Filters | None = None) -> tuple[dict[str, Count], dict[str, int]]:
    """(indicator values, targets) for the actor's scope; small returnee counts hidden below HQ."""
    filters = filters or Filters()
    require_area(filters.area)
    scope = _scope()
    figures, targets = cached("programme", (scope, filters),
                              lambda s: (programme_indicators(s, scope, filters), targets_for(s, scope, filters)))
    return _protect_figures(figures, _threshold()), targets


@dataclass(frozen=True)
class ProgrammeChange:
    """The indicators for a period, its targets, and the indicators for the equally long
    period before it (None when the period is open); returnee counts protected below HQ."""

    figures: dict[str, Count]
    targets: dict[str, int]
    previous: dict[str, Count] | None


def programme_change(filters: Filters) -> ProgrammeChange:
    """:func:`programme_figures` with the previous period's figures, counted in the same scans."""
    require_area(filters.area)
    scope = _scope()
    before = filters.previous_period()
    periods = [filters] if before is None else [filters, before]

    def compute(session: Session) -> tuple[list[dict[str, int]], dict[str, int]]:
        return programme_indicators_over(session, scope, periods), targets_for(session, scope, filters)

    figures, targets = cached("programme-change", (scope, filters), compute)
    threshold = _threshold()
    return ProgrammeChange(_protect_figures(figures[0], threshold), targets,
                           _protect_figures(figures[1], threshold) if before is not None else None)


def _returnee_counts(scope: Scope, state: ViewState) -> dict[str, float | None]:
    filters = state.map_filters()
    return cached("metric", (scope, filters, Metric.RETURNEES, state.level),
                  lambda s: area_metric(s, scope, state.level, Metric.RETURNEES, filters))


def map_values(state: ViewState) -> dict[str, float | Hidden | None]:
    """The chosen metric for every area on the map (below HQ, small counts and shares hidden)."""
    require_area(state.district)
    scope, filters = _scope(), state.map_filters()
    values: dict[str, Any] = cached("metric", (scope, filters, state.metric, state.level),
                                    lambda s: area_metric(s, scope, state.level, state.metric, filters))
    threshold = _threshold()
    if threshold is None or not SPECS[state.metric].about_returnees:
        return values
    bases = _returnee_counts(scope, state)
    counts = hide_group({k: int(v or 0) for k, v in bases.items()}, threshold)
    if state.metric == Metric.RETURNEES:
        return dict(counts)
    if SPECS[state.metric].unit == "density":  # a density times the area is the count
        return {k: counts[k] if is_hidden(counts[k]) else v for k, v in values.items()}
    return {k: hide_share(v, int(bases.get(k) or 0), threshold) for k, v in values.items()}


def _layer_view(state: ViewState, lang: str) -> LayerView:
    # Points need both the user's wish (URL) and the actor's permission (server).
    return LayerView(lang=lang, district=state.district, filters=state.filters,
                     points=state.points and points_allowed(), breakdown=state.breakdown)


def _layer_data(layer: MapLayer, view: LayerView) -> Any:
    scope = _scope()
    data = cached(f"layer:{layer.key}", (scope, *view.data_key()), lambda s: layer.load(s, scope, view))
    threshold = _threshold()
    return data if threshold is None else layer.protect(data, threshold)


@dataclass(frozen=True)
class LayerDrawing:
    """The chosen layers' traces, bottom to top, and which of them have nothing to show."""

    traces: list[BaseTraceType]
    empty: list[str]


def layer_drawing(state: ViewState, lang: str) -> LayerDrawing:
    """Draw the chosen layers; data is cached per layer and view. Showing returnees per grid
    cell is access to row-level data, and is written to the audit trail."""
    require_area(state.district)
    view = _layer_view(state, lang)
    if view.points and "returnees" in state.layers:
        audit("view_points", state.district or "", state.filters)
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
    require_area(state.district)
    view = _layer_view(state, lang)
    layer = REGISTRY[key]
    return layer.rows(_layer_data(layer, view), view)


@dataclass(frozen=True)
class UpazilaDetail:
    """What the detail panel shows for one upazila."""

    figures: dict[str, Count]
    plan_share: float | Hidden | None
    unmet_share: float | Hidden | None
    providers: int


def upazila_detail(state: ViewState) -> UpazilaDetail | None:
    """Figures for the chosen upazila, or None when none is chosen."""
    if state.upazila is None:
        return None
    require_area(state.upazila)
    scope = _scope()
    upazila, district_filters = state.upazila, state.map_filters()

    def compute(session: Session) -> tuple[dict[str, int], float | None, float | None, int]:
        shares = {metric: area_metric(session, scope, Level.UPAZILA, metric, district_filters).get(upazila)
                  for metric in (Metric.PLAN_SHARE, Metric.UNMET_NEED_SHARE)}
        return (programme_indicators(session, scope, state.filters.replace(area=upazila)),
                shares[Metric.PLAN_SHARE], shares[Metric.UNMET_NEED_SHARE],
                len(provider_points(session, scope, Filters(area=upazila))))

    figures, plan_share, unmet_share, providers = cached("upazila-figures", (scope, upazila, state.filters), compute)
    threshold = _threshold()
    if threshold is None:
        return UpazilaDetail(dict(figures), plan_share, unmet_share, providers)
    base = figures["returnees_profiled"]
    return UpazilaDetail(_protect_figures(figures, threshold), hide_share(plan_share, base, threshold),
                         hide_share(unmet_share, base, threshold), providers)


def countries() -> list[str]:
    """Countries returnees in scope came back from."""
    scope = _scope()
    return cached("countries", (scope,), lambda s: returnee_countries(s, scope))


def audit(action: str, target: str, filters: Filters | None = None, **details: Any) -> None:
    """Write an export or an access to row-level data to the audit trail."""
    actor = current_actor()
    payload = {"filters": (filters or Filters()).to_query(), **details}
    with runtime().database.session() as session:
        record(session, actor, action, target, payload)


def scope_description(lang: str) -> str:
    """Who may see what, in words, for the top of downloaded files."""
    actor = current_actor()
    if actor.scope.is_national:
        return t("export.scope_national", lang)
    names = ", ".join(sorted(admin_areas()[d].name(lang) for d in actor.districts if d in admin_areas()))
    return t("export.scope_districts", lang, districts=names or "–")


def api_children(filters: Filters) -> list[dict[str, Any]]:
    """Indicators for each district (no area) or each upazila of a district, as the API returns them.
    Below headquarters each returnee figure is suppressed across the areas (their total is public)."""
    require_area(filters.area)
    scope = _scope()
    level = Level.DISTRICT if filters.area is None else Level.UPAZILA
    figures = cached("children", (scope, filters, level),
                     lambda s: indicators_by_area(s, scope, level, filters))
    areas = [a for a in areas_at(level, filters.area) if scope.permits(a.pcode)]
    raw = {a.pcode: figures.get(a.pcode, dict.fromkeys(INDICATOR_KEYS, 0)) for a in areas}
    rows: dict[str, dict[str, Count]] = {pcode: dict(r) for pcode, r in raw.items()}
    threshold = _threshold()
    if threshold is not None:
        for key in RETURNEE_INDICATORS:
            for pcode, value in hide_group({p: r[key] for p, r in raw.items()}, threshold).items():
                rows[pcode][key] = value
        for row in rows.values():
            if is_hidden(row["returnees_eu"]) != is_hidden(row["returnees_transit"]):
                row["returnees_eu"] = row["returnees_transit"] = hidden(threshold)
    return [{"pcode": a.pcode, "name_en": a.name_en, "name_bn": a.name_bn, **rows[a.pcode]} for a in areas]


def providers_in(district: str | None) -> list[dict[str, Any]]:
    """Service providers in one district or the whole scope (public service points: not suppressed)."""
    require_area(district)
    scope = _scope()
    points = cached("providers", (scope, district), lambda s: provider_points(s, scope, Filters(area=district)))
    return [{"id": p.id, "name": p.name, "organisation": p.organisation, "provider_type": p.provider_type,
             "district_pcode": p.upazila_pcode[:6], "upazila_pcode": p.upazila_pcode, "lat": p.lat, "lon": p.lon,
             "contact_phone": p.contact_phone, "services": list(p.services)} for p in points]
