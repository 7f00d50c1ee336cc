"""Service providers as points, one colour per provider type."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, fields

import pandas as pd
import plotly.graph_objects as go
from plotly.basedatatypes import BaseTraceType
from sqlalchemy.orm import Session

from dashboard.i18n import t
from dashboard.queries import ProviderPoint, provider_points
from dashboard.scope import Scope
from layers.base import LayerView, MapLayer, register

# Circles only: MapLibre's other symbols need an online sprite sheet.
TYPE_COLOURS = {"government": "#0072B2", "ngo": "#009E73", "private": "#CC79A7",
                "financial": "#E69F00", "training": "#D55E00"}


def load(session: Session, scope: Scope, view: LayerView) -> list[ProviderPoint]:
    """Providers in the zoomed district (or everywhere); with a need filter, those offering it."""
    return provider_points(session, scope, view.area_filters(), services=view.filters.chosen("need"))


def traces(points: list[ProviderPoint], view: LayerView) -> list[BaseTraceType]:
    """A trace per provider type with name, organisation, services and contact on hover."""
    by_type: dict[str, list[ProviderPoint]] = defaultdict(list)
    for point in points:
        by_type[point.provider_type].append(point)
    out: list[BaseTraceType] = []
    for provider_type, group in sorted(by_type.items()):
        out.append(go.Scattermap(
            lat=[p.lat for p in group],
            lon=[p.lon for p in group],
            mode="markers",
            marker={"size": 9, "color": TYPE_COLOURS.get(provider_type, "#555555")},
            customdata=[[p.name, p.organisation, ", ".join(t(f"service.{s}", view.lang) for s in p.services),
                         p.contact_phone or "–"] for p in group],
            hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<br>%{customdata[2]}"
                          "<br>☎ %{customdata[3]}<extra></extra>",
            name=f"{t('layer.providers', view.lang)}: {t(f'provider_type.{provider_type}', view.lang)}",
            legendgroup="providers",
        ))
    return out


def rows(points: list[ProviderPoint], _view: LayerView) -> pd.DataFrame:
    """One row per provider, services as a semicolon list."""
    return pd.DataFrame([{**asdict(p), "services": ";".join(p.services)} for p in points],
                        columns=[f.name for f in fields(ProviderPoint)])


LAYER = register(MapLayer("providers", "layer.providers", False, 40, load, traces, rows))
