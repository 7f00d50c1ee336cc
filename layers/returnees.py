"""Returnees as proportional circles per upazila, coloured by a breakdown (EU/transit, sex, status)."""

from __future__ import annotations

from collections import defaultdict

import plotly.graph_objects as go
from plotly.basedatatypes import BaseTraceType
from sqlalchemy.orm import Session

from dashboard.i18n import format_number, t
from dashboard.queries import returnee_breakdown_by_upazila
from dashboard.scope import Scope
from geodata import admin_areas
from layers.base import LayerView, MapLayer, marker_sizes, register

DEFAULT_BREAKDOWN = "return_group"
# Okabe-Ito colours, avoiding the blues of the choropleth beneath; safe for colour-vision deficiencies.
PALETTE = ("#E69F00", "#CC79A7", "#000000", "#D55E00", "#009E73", "#F0E442")


def load(session: Session, scope: Scope, view: LayerView) -> list[tuple[str, str, int]]:
    """Counts per upazila and category, inside the zoomed district when there is one."""
    breakdown = view.options.get("breakdown", DEFAULT_BREAKDOWN)
    return returnee_breakdown_by_upazila(session, scope, breakdown, view.area_filters())


def traces(rows: list[tuple[str, str, int]], view: LayerView) -> list[BaseTraceType]:
    """One circle trace per category; circle area is proportional to that category's count."""
    breakdown = view.options.get("breakdown", DEFAULT_BREAKDOWN)
    by_category: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for upazila, category, count in rows:
        by_category[category].append((upazila, count))
    top = max((count for _u, _c, count in rows), default=1)
    areas = admin_areas()
    out: list[BaseTraceType] = []
    for i, (category, points) in enumerate(sorted(by_category.items())):
        label = t(f"{breakdown}.{category}", view.lang)
        sizes = marker_sizes([c for _u, c in points] + [top])[:-1]
        out.append(go.Scattermap(
            lat=[areas[u].center_lat for u, _c in points],
            lon=[areas[u].center_lon for u, _c in points],
            mode="markers",
            marker={"size": sizes, "color": PALETTE[i % len(PALETTE)], "opacity": 0.7, "sizemode": "diameter"},
            customdata=[[areas[u].name(view.lang), format_number(c, view.lang)] for u, c in points],
            hovertemplate=f"<b>%{{customdata[0]}}</b><br>{label}: %{{customdata[1]}}<extra></extra>",
            name=f"{t('layer.returnees', view.lang)}: {label}",
            legendgroup="returnees",
        ))
    return out


LAYER = register(MapLayer("returnees", "layer.returnees", True, 10, load, traces))
