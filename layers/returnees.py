"""Returnees as proportional circles per upazila, coloured by a breakdown (EU/transit, sex, status)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from plotly.basedatatypes import BaseTraceType
from sqlalchemy.orm import Session

from dashboard.filters import BY_KEY
from dashboard.i18n import format_number, t
from dashboard.queries import returnee_breakdown_by_upazila, returnee_points
from dashboard.scope import Scope
from geodata import admin_areas
from layers.base import LayerView, MapLayer, marker_sizes, register

# Okabe-Ito colours, avoiding the blues of the choropleth beneath; safe for colour-vision deficiencies.
PALETTE = ("#E69F00", "#CC79A7", "#000000", "#D55E00", "#009E73", "#F0E442")


@dataclass(frozen=True)
class ReturneeLayerData:
    """Either counts per upazila (circles) or individual coarsened points."""

    circles: list[tuple[str, str, int]]
    points: list[tuple[float, float, str]] | None = None


def load(session: Session, scope: Scope, view: LayerView) -> ReturneeLayerData:
    """Counts per upazila and category; individual points only at district zoom when allowed."""
    if view.points and view.district is not None:
        return ReturneeLayerData([], returnee_points(session, scope, view.breakdown, view.area_filters()))
    return ReturneeLayerData(returnee_breakdown_by_upazila(session, scope, view.breakdown, view.area_filters()))


def traces(data: ReturneeLayerData, view: LayerView) -> list[BaseTraceType]:
    """Per category: circles sized by count (area proportional), or small dots for points."""
    breakdown = view.breakdown
    if data.points is not None:
        return _point_traces(data.points, breakdown, view)
    rows = data.circles
    by_category: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for upazila, category, count in rows:
        by_category[category].append((upazila, count))
    top = max((count for _u, _c, count in rows), default=1)
    areas = admin_areas()
    out: list[BaseTraceType] = []
    for i, (category, points) in enumerate(sorted(by_category.items())):
        label = BY_KEY[breakdown].label(category, view.lang)
        sizes = marker_sizes([c for _u, c in points] + [top])[:-1]
        out.append(go.Scattermap(
            lat=[areas[u].center_lat for u, _c in points],
            lon=[areas[u].center_lon for u, _c in points],
            mode="markers",
            marker={"size": sizes, "color": PALETTE[i % len(PALETTE)], "opacity": 0.6, "sizemode": "diameter"},
            customdata=[[areas[u].name(view.lang), format_number(c, view.lang)] for u, c in points],
            hovertemplate=f"<b>%{{customdata[0]}}</b><br>{label}: %{{customdata[1]}}<extra></extra>",
            name=f"{t('layer.returnees', view.lang)}: {label}",
            legendgroup="returnees",
        ))
    return out


def _point_traces(points: list[tuple[float, float, str]], breakdown: str, view: LayerView) -> list[BaseTraceType]:
    by_category: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for lat, lon, category in points:
        by_category[category].append((lat, lon))
    labels = {category: BY_KEY[breakdown].label(category, view.lang) for category in by_category}
    return [
        go.Scattermap(
            lat=[p[0] for p in located], lon=[p[1] for p in located], mode="markers",
            marker={"size": 6, "color": PALETTE[i % len(PALETTE)], "opacity": 0.8},
            hovertemplate=f"{labels[category]}<extra></extra>",
            name=f"{t('layer.returnees', view.lang)}: {labels[category]}",
            legendgroup="returnees",
        )
        for i, (category, located) in enumerate(sorted(by_category.items()))
    ]


def rows(data: ReturneeLayerData, view: LayerView) -> pd.DataFrame:
    """Counts per upazila and category, or the coarsened points, as a table."""
    breakdown = view.breakdown
    if data.points is not None:
        return pd.DataFrame(data.points, columns=["lat", "lon", breakdown])
    areas = admin_areas()
    return pd.DataFrame([(u, areas[u].name_en, areas[u].name_bn or "", c, n) for u, c, n in data.circles],
                        columns=["upazila_pcode", "upazila", "upazila_bn", breakdown, "returnees"])


LAYER = register(MapLayer("returnees", "layer.returnees", True, 10, load, traces, rows))
