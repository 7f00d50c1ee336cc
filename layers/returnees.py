"""Returnees as translucent proportional circles per upazila, coloured by a breakdown
(EU/transit, sex, status); at district zoom, for roles allowed them, returnees per
~2 km grid cell (never stored locations, never one row per person)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
from plotly.basedatatypes import BaseTraceType
from sqlalchemy.orm import Session

from dashboard.core.disclosure import publish
from dashboard.core.filters import BY_KEY
from dashboard.core.privacy import Count, Hidden
from dashboard.core.scope import Scope
from dashboard.figures.style import RETURNEE_COLOURS, RETURNEE_FALLBACK, LegendItem, legend_meta
from dashboard.i18n import format_number, t
from dashboard.queries import returnee_breakdown_by_upazila, returnee_points
from geodata import admin_areas
from layers.base import LayerView, MapLayer, map_points, marker_sizes, register, safe


@dataclass(frozen=True)
class ReturneeLayerData:
    """Either counts per upazila (circles) or counts per grid cell (points). As loaded, each
    circle's count has its people's key sum beside it in ``keys``; below headquarters
    :func:`protect` publishes every count from it (``dashboard.core.disclosure``) and drops the keys."""

    circles: Sequence[tuple[str, str, Count]]
    points: Sequence[tuple[float, float, str, int]] | None = None  # never hidden: a small cell is dropped
    keys: Sequence[int] | None = None  # the key sum of each circle, server side only
    smallest_cell: int | None = None  # below headquarters: cells under this many are not shown


def protect(data: ReturneeLayerData, threshold: int) -> ReturneeLayerData:
    """Below headquarters: every circle's count is a perturbed cell of its own (the same people
    always give the same number; a published 0 draws no circle, and no circle shows 1 to
    ``threshold`` - 1); grid cells with fewer than ``threshold`` returnees are not shown at all,
    nor any cell when the whole set is that small."""
    if data.points is not None:
        total = sum(n for *_rest, n in data.points)
        kept = [p for p in data.points if p[3] >= threshold] if total >= threshold else []
        return ReturneeLayerData([], kept, smallest_cell=threshold)
    assert data.keys is not None and len(data.keys) == len(data.circles), "published once, from the counts as loaded"
    published = [(area, category, int(publish(n, key, threshold)))
                 for (area, category, n), key in zip(data.circles, data.keys, strict=True) if isinstance(n, int)]
    return ReturneeLayerData([circle for circle in published if circle[2] > 0])


def _size_value(count: Count) -> float:
    # A hidden count is drawn as large as the smallest shown one could be.
    return float(count.threshold) if isinstance(count, Hidden) else float(count)


def load(session: Session, scope: Scope, view: LayerView) -> ReturneeLayerData:
    """Counts per upazila and category; individual points only at district zoom when allowed."""
    if view.points and view.district is not None:
        return ReturneeLayerData([], returnee_points(session, scope, view.breakdown, view.area_filters()))
    rows = returnee_breakdown_by_upazila(session, scope, view.breakdown, view.area_filters())
    return ReturneeLayerData([(upazila, category, n) for upazila, category, n, _key in rows],
                             keys=[key for *_circle, key in rows])


def why_empty(data: ReturneeLayerData) -> str | None:
    """Grid cells below headquarters: no cell holds enough people to be shown. Said whether or
    not there are returnees at all (true for both; telling the two apart would say whether a
    district's only returnees number one to four)."""
    return "cells" if data.points is not None and data.smallest_cell is not None else None


def colour(breakdown: str, category: str) -> str:
    """The colour of one category of the returnees layer."""
    return RETURNEE_COLOURS.get(breakdown, {}).get(category, RETURNEE_FALLBACK)


def _ordered(breakdown: str, categories: set[str]) -> list[str]:
    """Categories in their declared order (status follows the programme's steps)."""
    declared = BY_KEY[breakdown].allowed or ()
    return [c for c in declared if c in categories] + sorted(categories - set(declared))


def traces(data: ReturneeLayerData, view: LayerView) -> list[BaseTraceType]:
    """Per category: circles sized by count (area proportional), or small dots for points."""
    if data.points is not None:
        return _point_traces(data.points, view)
    by_category: dict[str, list[tuple[str, Count]]] = defaultdict(list)
    for upazila, category, count in data.circles:
        by_category[category].append((upazila, count))
    top = max((_size_value(count) for _u, _c, count in data.circles), default=1)
    areas = admin_areas()
    section = t("layer.returnees", view.lang)
    out: list[BaseTraceType] = []
    for category in _ordered(view.breakdown, set(by_category)):
        points = by_category[category]
        label = BY_KEY[view.breakdown].label(category, view.lang)
        sizes = marker_sizes([_size_value(c) for _u, c in points] + [top])[:-1]
        out.append(map_points(
            lat=[areas[u].center_lat for u, _c in points],
            lon=[areas[u].center_lon for u, _c in points],
            mode="markers",
            marker={"size": sizes, "color": colour(view.breakdown, category), "opacity": 0.6,
                    "sizemode": "diameter"},
            customdata=[[safe(areas[u].name(view.lang)), format_number(c, view.lang)] for u, c in points],
            hovertemplate=f"<b>%{{customdata[0]}}</b><br>{section} · {label}: %{{customdata[1]}}<extra></extra>",
            name=f"{section}: {label}",
            meta=legend_meta(section, LegendItem(label, colour(view.breakdown, category), "circle")),
        ))
    return out


def _point_traces(points: Sequence[tuple[float, float, str, int]], view: LayerView) -> list[BaseTraceType]:
    by_category: dict[str, list[tuple[float, float, Count]]] = defaultdict(list)
    for lat, lon, category, count in points:
        by_category[category].append((lat, lon, count))
    section = t("layer.returnees", view.lang)
    top = max((_size_value(c) for *_ll, c in points), default=1)
    out: list[BaseTraceType] = []
    for category in _ordered(view.breakdown, set(by_category)):
        located = by_category[category]
        label = BY_KEY[view.breakdown].label(category, view.lang)
        out.append(map_points(
            lat=[p[0] for p in located], lon=[p[1] for p in located], mode="markers",
            marker={"size": marker_sizes([_size_value(p[2]) for p in located] + [top], 16, 5)[:-1],
                    "color": colour(view.breakdown, category), "opacity": 0.8},
            customdata=[[format_number(p[2], view.lang)] for p in located],
            hovertemplate=f"{section} · {label}: %{{customdata[0]}}<br>{t('map.grid_cell', view.lang)}<extra></extra>",
            name=f"{section}: {label}",
            meta=legend_meta(section, LegendItem(label, colour(view.breakdown, category), "circle")),
        ))
    return out


def rows(data: ReturneeLayerData, view: LayerView) -> pd.DataFrame:
    """Counts per upazila and category, or the coarsened points, as a table with labels."""
    spec = BY_KEY[view.breakdown]
    if data.points is not None:
        return pd.DataFrame([(lat, lon, spec.label(c, view.lang), n) for lat, lon, c, n in data.points],
                            columns=["cell_lat", "cell_lon", t(f"breakdown.{view.breakdown}", view.lang),
                                     "returnees"])
    areas = admin_areas()
    return pd.DataFrame([(u, areas[u].name_en, areas[u].name_bn or "", spec.label(c, view.lang), n)
                         for u, c, n in data.circles],
                        columns=["upazila_pcode", "upazila", "upazila_bn",
                                 t(f"breakdown.{view.breakdown}", view.lang), "returnees"])


LAYER = register(MapLayer("returnees", "layer.returnees", True, 10, load, traces, rows, protect, why_empty))
