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
from dashboard.disclosure import Published, exact, key_name, publish, share, snap_to_months
from dashboard.filters import Filters
from dashboard.i18n import t
from dashboard.indicators import INDICATOR_KEYS, INDICATORS, IndicatorGroup
from dashboard.metrics import SPECS, Metric
from dashboard.privacy import Count, Hidden
from dashboard.queries import (
    PEOPLE_INDICATORS,
    area_metric,
    indicators_by_area,
    programme_indicators,
    programme_indicators_over,
    provider_points,
    returnee_cells,
    returnee_countries,
    targets_for,
)
from dashboard.queries.metrics import areas_in_view
from dashboard.queries.summaries import Cell
from dashboard.runtime import runtime
from dashboard.scope import Scope
from dashboard.view_state import ViewState
from geodata import Level, admin_areas, areas_at
from layers import REGISTRY, LayerView, MapLayer, ordered_layers

# Indicators that count people of the returnee register (perturbed below headquarters); events are not.
RETURNEE_INDICATORS = tuple(i.key for i in INDICATORS if i.group == IndicatorGroup.REINTEGRATION)
assert set(RETURNEE_INDICATORS) == set(PEOPLE_INDICATORS), "every indicator about people has key sums"


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


def _snapped(filters: Filters) -> Filters:
    """Below headquarters a period is whole calendar months (``disclosure.snap_to_months``): a
    day-precise period would let two answers a few days apart differ by a handful of people."""
    if _threshold() is None or (filters.start is None and filters.end is None):
        return filters
    start, end = filters.start, filters.end
    if start is not None and end is not None:
        start, end = snap_to_months(start, end)
    elif start is not None:
        start = start.replace(day=1)
    elif end is not None:
        end = snap_to_months(end, end)[1]
    return filters.replace(start=start, end=end)


def effective_filters(filters: Filters) -> Filters:
    """The filters the figures are counted for: the reader's own, with the period in whole
    months below headquarters (views state the period from this)."""
    return _snapped(filters)


def _keyed() -> bool:
    """Whether this reader's counts are perturbed, so queries must bring key sums: below
    headquarters only (a key sum is one more SUM per count, kept off headquarters' path).
    Part of every cache key whose answer holds key sums or not."""
    return _threshold() is not None


def perturbed_figures() -> tuple[str, ...]:
    """The indicators whose values this reader gets perturbed (``dashboard.disclosure``): the
    counts of people below headquarters, none at headquarters."""
    return () if _threshold() is None else PEOPLE_INDICATORS


def _published(count: int, key_sum: int, threshold: int | None) -> Published:
    """A count of people as this reader may see it: exact at headquarters, else perturbed."""
    return exact(count) if threshold is None else publish(count, key_sum, threshold)


def _publish_figures(figures: dict[str, int], threshold: int | None) -> dict[str, Count]:
    """Indicator values (queried with their key sums) as published to this reader. Each count
    of people is a cell of its own, the total included, never a sum of perturbed parts."""
    out: dict[str, Count] = {key: figures[key] for key in INDICATOR_KEYS}
    for key in PEOPLE_INDICATORS:
        # Headquarters' figures come without key sums (exact, so none is needed).
        out[key] = _published(figures[key], figures.get(key_name(key), 0), threshold)
    return out


def programme_figures(filters: Filters | None = None) -> tuple[dict[str, Count], dict[str, int]]:
    """(indicator values, targets) for the actor's scope; counts of people perturbed below HQ."""
    filters = _snapped(filters or Filters())
    require_area(filters.area)
    scope = _scope()
    keyed = _keyed()
    figures, targets = cached("programme", (scope, filters, keyed),
                              lambda s: (programme_indicators(s, scope, filters, keys=keyed),
                                         targets_for(s, scope, filters)))
    return _publish_figures(figures, _threshold()), targets


@dataclass(frozen=True)
class ProgrammeChange:
    """The indicators for a period, its targets, and the indicators for the equally long
    period before it (None when the period is open); counts of people perturbed below HQ."""

    figures: dict[str, Count]
    targets: dict[str, int]
    previous: dict[str, Count] | None


def programme_change(filters: Filters) -> ProgrammeChange:
    """:func:`programme_figures` with the previous period's figures, counted in the same scans."""
    filters = _snapped(filters)
    require_area(filters.area)
    scope = _scope()
    before = filters.previous_period()
    periods = [filters] if before is None else [filters, before]

    keyed = _keyed()

    def compute(session: Session) -> tuple[list[dict[str, int]], dict[str, int]]:
        return programme_indicators_over(session, scope, periods, keys=keyed), targets_for(session, scope, filters)

    figures, targets = cached("programme-change", (scope, filters, keyed), compute)
    threshold = _threshold()
    return ProgrammeChange(_publish_figures(figures[0], threshold), targets,
                           _publish_figures(figures[1], threshold) if before is not None else None)


def _metric_from_cells(metric: Metric, area: float, cells: tuple[Cell, Cell, Cell] | None,
                       threshold: int) -> float | Hidden | None:
    """A returnee metric of one area from its published counts only (rate x base reveals nothing
    the published counts do not): counts, density per 100 km² to 0.1, shares to whole percent."""
    (total, total_key), (plans, plans_key), (unmet, unmet_key) = cells or ((0, 0), (0, 0), (0, 0))
    base = publish(total, total_key, threshold)
    if metric == Metric.RETURNEES:
        return int(base)
    if SPECS[metric].unit == "density":
        return round(100 * base / area, 1)
    part = publish(plans, plans_key, threshold) if metric == Metric.PLAN_SHARE else publish(unmet, unmet_key,
                                                                                              threshold)
    value = share(part, base, threshold)
    return float(value) if isinstance(value, int) else value


def map_values(state: ViewState) -> dict[str, float | Hidden | None]:
    """The chosen metric for every area on the map (below HQ, from perturbed counts of people)."""
    require_area(state.district)
    scope, filters = _scope(), _snapped(state.map_filters())
    threshold = _threshold()
    if threshold is not None and SPECS[state.metric].about_returnees:
        # From the counts with their key sums only: the exact metric is never computed here.
        cells = cached("returnee-cells", (scope, filters, state.level),
                       lambda s: returnee_cells(s, scope, state.level, filters))
        areas = admin_areas()
        return {pcode: _metric_from_cells(state.metric, areas[pcode].area_sqkm, cells.get(pcode), threshold)
                for pcode in areas_in_view(scope, state.level, filters)}
    exact: dict[str, float | None] = cached("metric", (scope, filters, state.metric, state.level),
                                            lambda s: area_metric(s, scope, state.level, state.metric, filters))
    return dict(exact)


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
    upazila, district_filters = state.upazila, _snapped(state.map_filters())
    filters = _snapped(state.filters.replace(area=upazila))

    keyed = _keyed()

    def compute(session: Session) -> tuple[dict[str, int], tuple[Cell, Cell, Cell] | None, int]:
        return (programme_indicators(session, scope, filters, keys=keyed),
                returnee_cells(session, scope, Level.UPAZILA, district_filters).get(upazila),
                len(provider_points(session, scope, Filters(area=upazila))))

    figures, cells, providers = cached("upazila-cells", (scope, upazila, filters, district_filters, keyed), compute)
    threshold = _threshold()
    (total, total_key), (plans, plans_key), (unmet, unmet_key) = cells or ((0, 0), (0, 0), (0, 0))
    base = _published(total, total_key, threshold)
    shown_threshold = threshold if threshold is not None else 1  # headquarters: any base of one or more

    def part_share(count: int, key_sum: int) -> float | Hidden | None:
        value = share(_published(count, key_sum, threshold), base, shown_threshold)
        return float(value) if isinstance(value, int) else value

    return UpazilaDetail(_publish_figures(figures, threshold), part_share(plans, plans_key),
                         part_share(unmet, unmet_key), providers)


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
    Below headquarters each count of people is perturbed, each area its own cell."""
    filters = _snapped(filters)
    require_area(filters.area)
    scope = _scope()
    level = Level.DISTRICT if filters.area is None else Level.UPAZILA
    keyed = _keyed()
    figures = cached("children", (scope, filters, level, keyed),
                     lambda s: indicators_by_area(s, scope, level, filters, keys=keyed))
    areas = [a for a in areas_at(level, filters.area) if scope.permits(a.pcode)]
    threshold = _threshold()
    empty = {key: 0 for key in (*INDICATOR_KEYS, *(key_name(k) for k in PEOPLE_INDICATORS))}
    return [{"pcode": a.pcode, "name_en": a.name_en, "name_bn": a.name_bn,
             **_publish_figures(figures.get(a.pcode, empty), threshold)} for a in areas]


def providers_in(district: str | None) -> list[dict[str, Any]]:
    """Service providers in one district or the whole scope (public service points: not suppressed)."""
    require_area(district)
    scope = _scope()
    points = cached("providers", (scope, district), lambda s: provider_points(s, scope, Filters(area=district)))
    return [{"id": p.id, "name": p.name, "organisation": p.organisation, "provider_type": p.provider_type,
             "district_pcode": p.upazila_pcode[:6], "upazila_pcode": p.upazila_pcode, "lat": p.lat, "lon": p.lon,
             "contact_phone": p.contact_phone, "services": list(p.services)} for p in points]
