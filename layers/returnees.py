"""Returnees as translucent proportional circles per upazila, coloured by a breakdown
(EU/transit, sex, status); individual coarsened points at district zoom for roles allowed them."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from plotly.basedatatypes import BaseTraceType
from sqlalchemy.orm import Session

from dashboard.figures.style import RETURNEE_COLOURS, RETURNEE_FALLBACK, LegendItem, legend_meta
from dashboard.filters import BY_KEY
from dashboard.i18n import format_number, t
from dashboard.queries import returnee_breakdown_by_upazila, returnee_points
from dashboard.scope import Scope
from geodata import admin_areas
from layers.base import LayerView, MapLayer, marker_sizes, register


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
    by_category: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for upazila, category, count in data.circles:
        by_category[category].append((upazila, count))
    top = max((count for _u, _c, count in data.circles), default=1)
    areas = admin_areas()
    section = t("layer.returnees", view.lang)
    out: list[BaseTraceType] = []
    for category in _ordered(view.breakdown, set(by_category)):
        points = by_category[category]
        label = BY_KEY[view.breakdown].label(category, view.lang)
        sizes = marker_sizes([c for _u, c in points] + [top])[:-1]
        out.append(go.Scattermap(
            lat=[areas[u].center_lat for u, _c in points],
            lon=[areas[u].center_lon for u, _c in points],
            mode="markers",
            marker={"size": sizes, "color": colour(view.breakdown, category), "opacity": 0.6,
                    "sizemode": "diameter"},
            customdata=[[areas[u].name(view.lang), format_number(c, view.lang)] for u, c in points],
            hovertemplate=f"<b>%{{customdata[0]}}</b><br>{section} · {label}: %{{customdata[1]}}<extra></extra>",
            name=f"{section}: {label}",
            meta=legend_meta(section, LegendItem(label, colour(view.breakdown, category), "circle")),
        ))
    return out


def _point_traces(points: list[tuple[float, float, str]], view: LayerView) -> list[BaseTraceType]:
    by_category: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for lat, lon, category in points:
        by_category[category].append((lat, lon))
    section = t("layer.returnees", view.lang)
    out: list[BaseTraceType] = []
    for category in _ordered(view.breakdown, set(by_category)):
        located = by_category[category]
        label = BY_KEY[view.breakdown].label(category, view.lang)
        out.append(go.Scattermap(
            lat=[p[0] for p in located], lon=[p[1] for p in located], mode="markers",
            marker={"size": 7, "color": colour(view.breakdown, category), "opacity": 0.8},
            hovertemplate=f"{section} · {label}<extra></extra>",
            name=f"{section}: {label}",
            meta=legend_meta(section, LegendItem(label, colour(view.breakdown, category), "circle")),
        ))
    return out


def rows(data: ReturneeLayerData, view: LayerView) -> pd.DataFrame:
    """Counts per upazila and category, or the coarsened points, as a table with labels."""
    spec = BY_KEY[view.breakdown]
    if data.points is not None:
        return pd.DataFrame([(lat, lon, spec.label(c, view.lang)) for lat, lon, c in data.points],
                            columns=["lat", "lon", t(f"breakdown.{view.breakdown}", view.lang)])
    areas = admin_areas()
    return pd.DataFrame([(u, areas[u].name_en, areas[u].name_bn or "", spec.label(c, view.lang), n)
                         for u, c, n in data.circles],
                        columns=["upazila_pcode", "upazila", "upazila_bn",
                                 t(f"breakdown.{view.breakdown}", view.lang), "returnees"])


LAYER = register(MapLayer("returnees", "layer.returnees", True, 10, load, traces, rows))
