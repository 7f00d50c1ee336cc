"""What callbacks ask for: query results for the request's scope, cached.

Components call these functions, never the database; the cache key includes
the scope and filters, so one district's figures are never served to another.
"""

from __future__ import annotations

from dataclasses import replace

from plotly.basedatatypes import BaseTraceType

from dashboard.filters import Filters
from dashboard.queries import programme_indicators, returnees_by_area, targets_for
from dashboard.runtime import runtime
from dashboard.scope import Scope
from geodata import Level
from layers import LayerView, ordered_layers


def request_scope() -> Scope:
    """The scope of the current request. Everyone sees the whole programme until login arrives."""
    return Scope.national()


def _cached(name: str, scope: Scope, filters: Filters, compute):  # type: ignore[no-untyped-def]
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


def returnees_per_area(district: str | None, filters: Filters | None = None) -> dict[str, int]:
    """Returnees per district, or per upazila of ``district``, for the request's scope."""
    filters = filters or Filters()
    scope = request_scope()
    if district is not None:
        filters = replace(filters, area=district)
    level = Level.DISTRICT if district is None else Level.UPAZILA
    return _cached(f"returnees_by_area:{level.name}", scope, filters,
                   lambda s: returnees_by_area(s, scope, level, filters))


def layer_traces(keys: list[str], view: LayerView) -> list[BaseTraceType]:
    """Traces of the chosen layers, bottom to top; data is cached per layer and view."""
    scope = request_scope()
    traces: list[BaseTraceType] = []
    for layer in ordered_layers():
        if layer.key in keys:
            data = _cached(f"layer:{layer.key}:{view.district}:{sorted(view.options.items())}", scope,
                           view.filters, lambda s, layer=layer: layer.load(s, scope, view))
            traces += layer.traces(data, view)
    return traces
