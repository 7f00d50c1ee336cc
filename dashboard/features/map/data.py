"""The map page's data, and the programme's figures every feature and the API read: query
results for the request's actor, cached, and made safe to show (``core.guard``).

Components call these functions, never the database. Below headquarters every count of
returnees is published through ``core.disclosure`` after the cache, so the raw figures never
leave the server.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd
from plotly.basedatatypes import BaseTraceType
from sqlalchemy.orm import Session

from dashboard.core import guard
from dashboard.core.cache import cached
from dashboard.core.disclosure import key_name, publish, share
from dashboard.core.filters import Filters
from dashboard.core.guard import (
    audit,
    effective_filters,
    points_allowed,
    publish_figures,
    published,
    reader_scope,
    require_area,
)
from dashboard.core.hotline import per_10k_returnees
from dashboard.core.indicators import INDICATOR_KEYS
from dashboard.core.metrics import SPECS, Metric
from dashboard.core.privacy import Count, Hidden
from dashboard.core.scope import Scope
from dashboard.core.targets import TargetVerdict, target_verdicts
from dashboard.features.map.outcome_round import outcome_values
from dashboard.features.map.state import ViewState
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
from dashboard.queries.hotline import CALLS, hotline_breakdown, hotline_cells
from dashboard.queries.metrics import areas_in_view, awareness_per_returnee
from dashboard.queries.summaries import Cell
from geodata import Level, admin_areas, areas_at
from layers import REGISTRY, LayerView, MapLayer, ordered_layers


def programme_figures(filters: Filters | None = None) -> tuple[dict[str, Count], dict[str, TargetVerdict]]:
    """(indicator values, the target each is compared with or why not: ``core.targets``) for the
    actor's scope; counts of people perturbed below HQ, and compared as published."""
    filters = effective_filters(filters or Filters())
    require_area(filters.area)
    scope = reader_scope()
    keyed = guard.keyed()
    figures, due = cached("programme-due", (scope, filters, keyed),
                          lambda s: (programme_indicators(s, scope, filters, keys=keyed),
                                     targets_for(s, scope, filters)))
    return publish_figures(figures, guard.threshold()), target_verdicts(due, filters)


@dataclass(frozen=True)
class ProgrammeChange:
    """The indicators for a period, the target each is compared with (or why not:
    ``core.targets``), and the indicators for the equally long period before it (None when the
    period is open); counts of people perturbed below HQ."""

    figures: dict[str, Count]
    targets: dict[str, TargetVerdict]
    previous: dict[str, Count] | None


def programme_change(filters: Filters) -> ProgrammeChange:
    """:func:`programme_figures` with the previous period's figures, counted in the same scans."""
    filters = effective_filters(filters)
    require_area(filters.area)
    scope = reader_scope()
    before = filters.previous_period()
    periods = [filters] if before is None else [filters, before]

    keyed = guard.keyed()

    def compute(session: Session) -> tuple[list[dict[str, int]], dict[str, dict[date, int]]]:
        return programme_indicators_over(session, scope, periods, keys=keyed), targets_for(session, scope, filters)

    figures, due = cached("programme-change-due", (scope, filters, keyed), compute)
    threshold = guard.threshold()
    return ProgrammeChange(publish_figures(figures[0], threshold), target_verdicts(due, filters),
                           publish_figures(figures[1], threshold) if before is not None else None)


def _metric_from_cells(metric: Metric, area: float, cells: tuple[Cell, Cell, Cell] | None,
                       threshold: int) -> float | Hidden | None:
    """A returnee metric of one area from its published counts only (rate x base reveals nothing
    the published counts do not): counts, density per 100 km² to 0.1, shares to whole percent.

    A share on a published base of 0 is hidden, not "no data": below headquarters a published 0
    stands for none to ``threshold`` - 1 people, so the area may well have returnees; saying
    which would give away what the 0 covers."""
    (total, total_key), (plans, plans_key), (unmet, unmet_key) = cells or ((0, 0), (0, 0), (0, 0))
    base = publish(total, total_key, threshold)
    if metric == Metric.RETURNEES:
        return int(base)
    if SPECS[metric].unit == "density":
        return round(100 * base / area, 1)
    part = publish(plans, plans_key, threshold) if metric == Metric.PLAN_SHARE else publish(unmet, unmet_key,
                                                                                              threshold)
    value = share(part, base, threshold)
    if value is None:
        return Hidden(threshold)
    return float(value) if isinstance(value, int) else value


def map_values(state: ViewState) -> dict[str, float | Hidden | None]:
    """The chosen metric for every area on the map (below HQ, from perturbed counts of people)."""
    require_area(state.district)
    scope, filters = reader_scope(), effective_filters(state.map_filters())
    threshold = guard.threshold()
    if SPECS[state.metric].outcome:
        # Scores of the state's survey round; below headquarters the published means and shares.
        return outcome_values(state)
    if threshold is not None and SPECS[state.metric].perturbed:
        # Hotline calls: each area's count published from its calls' key sum, never exact.
        calls = _hotline_cells(state, scope, filters)
        return {pcode: int(publish(*calls.get(pcode, (0, 0)), threshold))
                for pcode in areas_in_view(scope, state.level, filters)}
    if threshold is not None and state.metric == Metric.HOTLINE_PER_10K_RETURNEES:
        return _hotline_per_10k(state, scope, filters, threshold)
    if threshold is not None and state.metric == Metric.AWARENESS_PER_RETURNEE:
        return _awareness_per_returnee(state, scope, filters, threshold)
    if threshold is not None and SPECS[state.metric].about_returnees:
        # From the counts with their key sums only: the exact metric is never computed here.
        cells = cached("returnee-cells", (scope, filters, state.level),
                       lambda s: returnee_cells(s, scope, state.level, filters))
        areas = admin_areas()
        return {pcode: _metric_from_cells(state.metric, areas[pcode].area_sqkm, cells.get(pcode), threshold)
                for pcode in areas_in_view(scope, state.level, filters)}
    exact: dict[str, float | None] = cached("metric", (scope, filters, state.metric, state.level, state.hotline),
                                            lambda s: area_metric(s, scope, state.level, state.metric, filters,
                                                                  state.hotline))
    return dict(exact)


def _hotline_cells(state: ViewState, scope: Scope, filters: Filters) -> dict[str, Cell]:
    # The same query (queries.hotline.hotline_area_cells) as the hotline layer's.
    return cached("hotline-cells", (scope, filters, state.level, state.hotline),
                  lambda s: hotline_cells(s, scope, state.level, filters, state.hotline))


def _hotline_per_10k(state: ViewState, scope: Scope, filters: Filters,
                     threshold: int) -> dict[str, float | Hidden | None]:
    """Calls per 10,000 returnees profiled from published counts only: each area's calls and its
    returnees published from their key sums; hidden where the published returnees are fewer
    than the threshold (``core.hotline.per_10k_returnees``)."""
    calls = _hotline_cells(state, scope, filters)
    cells = cached("returnee-cells", (scope, filters, state.level),
                   lambda s: returnee_cells(s, scope, state.level, filters))
    return {pcode: per_10k_returnees(int(publish(*calls.get(pcode, (0, 0)), threshold)),
                                     int(publish(*(cells[pcode][0] if pcode in cells else (0, 0)), threshold)),
                                     threshold)
            for pcode in areas_in_view(scope, state.level, filters)}


def _awareness_per_returnee(state: ViewState, scope: Scope, filters: Filters,
                            threshold: int) -> dict[str, float | Hidden | None]:
    """People reached (events: exact) per returnee profiled as published: hidden where the
    published returnees are fewer than the threshold, 0 included (a published 0 stands for up
    to threshold - 1 people, and a ratio on it would say which)."""
    reached = cached("metric", (scope, filters, Metric.AWARENESS_REACH, state.level),
                     lambda s: area_metric(s, scope, state.level, Metric.AWARENESS_REACH, filters))
    cells = cached("returnee-cells", (scope, filters, state.level),
                   lambda s: returnee_cells(s, scope, state.level, filters))
    values: dict[str, float | Hidden | None] = {}
    for pcode in areas_in_view(scope, state.level, filters):
        base = publish(*(cells[pcode][0] if pcode in cells else (0, 0)), threshold)
        values[pcode] = (Hidden(threshold) if base < threshold
                         else awareness_per_returnee(int(reached.get(pcode) or 0), base))
    return values


def _layer_view(state: ViewState, lang: str) -> LayerView:
    # Points need both the user's wish (URL) and the actor's permission (server).
    return LayerView(lang=lang, district=state.district, filters=state.filters,
                     points=state.points and points_allowed(), breakdown=state.breakdown, hotline=state.hotline)


def _layer_data(layer: MapLayer, view: LayerView) -> Any:
    scope = reader_scope()
    data = cached(f"layer:{layer.key}", (scope, *view.data_key()), lambda s: layer.load(s, scope, view))
    threshold = guard.threshold()
    return data if threshold is None else layer.protect(data, threshold)


@dataclass(frozen=True)
class LayerDrawing:
    """The chosen layers' traces, bottom to top, and which of them have nothing to show."""

    traces: list[BaseTraceType]
    empty: list[str]  # the layer's key, or "<key>.<reason>" when the layer says why (MapLayer.why_empty)


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
            data = _layer_data(layer, view)
            drawn = layer.traces(data, view)
            traces += drawn
            if not drawn:
                reason = layer.why_empty(data)
                empty.append(f"{layer.key}.{reason}" if reason else layer.key)
    return LayerDrawing(traces, empty)


def layer_tables(state: ViewState, lang: str) -> list[tuple[str, list[str], list[list[Any]]]]:
    """(layer's label key, header, rows) of the chosen layers that offer a table
    (``MapLayer.table``) and have rows, from the same data as their drawing, without drawing
    them (nor writing the audit record the drawing writes)."""
    require_area(state.district)
    view = _layer_view(state, lang)
    tables: list[tuple[str, list[str], list[list[Any]]]] = []
    for layer in ordered_layers():
        if layer.key in state.layers and layer.table is not None:
            header, rows = layer.table(_layer_data(layer, view), view)
            if rows:
                tables.append((layer.label_key, header, rows))
    return tables


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
    # Hotline calls from the upazila in the period: every call ("calls"), and per "topic.<code>",
    # "caller.<code>" and "referred.<yes|no|unknown>" (``queries.hotline``); below headquarters
    # each count published as a cell of its own. Groups without calls are absent.
    hotline: dict[str, Count] = field(default_factory=dict)


def upazila_detail(state: ViewState) -> UpazilaDetail | None:
    """Figures for the chosen upazila, or None when none is chosen."""
    if state.upazila is None:
        return None
    require_area(state.upazila)
    scope = reader_scope()
    upazila = state.upazila
    filters = effective_filters(state.filters.replace(area=upazila))

    keyed = guard.keyed()

    def compute(session: Session) -> tuple[dict[str, int], tuple[Cell, Cell, Cell] | None, int, dict[str, Cell]]:
        # The upazila's own cells: the same rows, so the same counts and record keys, as its
        # area on the district's map, without reading the rest of the district.
        return (programme_indicators(session, scope, filters, keys=keyed),
                returnee_cells(session, scope, Level.UPAZILA, filters).get(upazila),
                len(provider_points(session, scope, Filters(area=upazila))),
                hotline_breakdown(session, scope, filters, state.hotline))

    # Named apart from the panel's answers before it held calls, which a shared cache may still keep.
    figures, cells, providers, calls = cached("upazila-cells-calls", (scope, upazila, filters, keyed, state.hotline),
                                              compute)
    threshold = guard.threshold()
    (total, total_key), (plans, plans_key), (unmet, unmet_key) = cells or ((0, 0), (0, 0), (0, 0))
    base = published(total, total_key, threshold)
    shown_threshold = threshold if threshold is not None else 1  # headquarters: any base of one or more

    def part_share(count: int, key_sum: int) -> float | Hidden | None:
        value = share(published(count, key_sum, threshold), base, shown_threshold)
        if value is None and threshold is not None:
            return Hidden(threshold)  # a published base of 0 may be up to threshold - 1 people
        return float(value) if isinstance(value, int) else value

    hotline = {name: published(n, key_sum, threshold) for name, (n, key_sum) in calls.items()}
    hotline.setdefault(CALLS, published(0, 0, threshold))
    return UpazilaDetail(publish_figures(figures, threshold), part_share(plans, plans_key),
                         part_share(unmet, unmet_key), providers, dict(hotline))


def countries() -> list[str]:
    """Countries returnees in scope came back from."""
    scope = reader_scope()
    return cached("countries", (scope,), lambda s: returnee_countries(s, scope))


def api_children(filters: Filters) -> list[dict[str, Any]]:
    """Indicators for each district (no area) or each upazila of a district, as the API returns them.
    Below headquarters each count of people is perturbed, each area its own cell."""
    filters = effective_filters(filters)
    require_area(filters.area)
    scope = reader_scope()
    level = Level.DISTRICT if filters.area is None else Level.UPAZILA
    keyed = guard.keyed()
    figures = cached("children", (scope, filters, level, keyed),
                     lambda s: indicators_by_area(s, scope, level, filters, keys=keyed))
    areas = [a for a in areas_at(level, filters.area) if scope.permits(a.pcode)]
    threshold = guard.threshold()
    empty = {key: 0 for key in (*INDICATOR_KEYS, *(key_name(k) for k in PEOPLE_INDICATORS))}
    return [{"pcode": a.pcode, "name_en": a.name_en, "name_bn": a.name_bn,
             **publish_figures(figures.get(a.pcode, empty), threshold)} for a in areas]


def providers_in(district: str | None) -> list[dict[str, Any]]:
    """Service providers in one district or the whole scope (public service points: not suppressed)."""
    require_area(district)
    scope = reader_scope()
    points = cached("providers", (scope, district), lambda s: provider_points(s, scope, Filters(area=district)))
    return [{"id": p.id, "name": p.name, "organisation": p.organisation, "provider_type": p.provider_type,
             "district_pcode": p.upazila_pcode[:6], "upazila_pcode": p.upazila_pcode, "lat": p.lat, "lon": p.lon,
             "contact_phone": p.contact_phone, "services": list(p.services)} for p in points]
