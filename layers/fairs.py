"""Migration fairs sized by visitors, recent ones darker."""

from __future__ import annotations

from dataclasses import asdict, fields

import pandas as pd
import plotly.graph_objects as go
from plotly.basedatatypes import BaseTraceType
from sqlalchemy.orm import Session

from dashboard.i18n import format_number, t
from dashboard.queries import FairPoint, fair_points
from dashboard.scope import Scope
from layers.base import LayerView, MapLayer, marker_sizes, register


def load(session: Session, scope: Scope, view: LayerView) -> list[FairPoint]:
    """Fairs in the period, in the zoomed district when there is one."""
    return fair_points(session, scope, view.area_filters())


def traces(fairs: list[FairPoint], view: LayerView) -> list[BaseTraceType]:
    """One trace; colour runs from pale (oldest) to dark purple (newest)."""
    if not fairs:
        return []
    first = min(f.held_on for f in fairs).toordinal()
    return [go.Scattermap(
        lat=[f.lat for f in fairs],
        lon=[f.lon for f in fairs],
        mode="markers",
        marker={"size": marker_sizes([f.visitors for f in fairs], largest=28, smallest=8),
                "color": [f.held_on.toordinal() - first for f in fairs], "colorscale": "Purples",
                "cmin": -60, "showscale": False, "opacity": 0.9},
        customdata=[[f.venue, f.held_on.isoformat(), format_number(f.visitors, view.lang),
                     format_number(f.providers_present, view.lang), format_number(f.referrals_made, view.lang)]
                    for f in fairs],
        hovertemplate=("<b>%{customdata[0]}</b><br>%{customdata[1]}<br>"
                       + t("fair.visitors", view.lang) + ": %{customdata[2]}<br>"
                       + t("fair.providers", view.lang) + ": %{customdata[3]}<br>"
                       + t("fair.referrals", view.lang) + ": %{customdata[4]}<extra></extra>"),
        name=t("layer.fairs", view.lang),
        legendgroup="fairs",
    )]


def rows(fairs: list[FairPoint], _view: LayerView) -> pd.DataFrame:
    """One row per fair."""
    return pd.DataFrame([asdict(f) for f in fairs], columns=[f.name for f in fields(FairPoint)])


LAYER = register(MapLayer("fairs", "layer.fairs", False, 30, load, traces, rows))
