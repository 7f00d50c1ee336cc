"""DCC activity: a marker at each committee's district seat, red when action items are overdue."""

from __future__ import annotations

from dataclasses import asdict, fields

import pandas as pd
import plotly.graph_objects as go
from plotly.basedatatypes import BaseTraceType
from sqlalchemy.orm import Session

from dashboard.i18n import format_number, t
from dashboard.queries import DccActivity, dcc_activity
from dashboard.scope import Scope
from geodata import admin_areas, district_seat
from layers.base import LayerView, MapLayer, marker_sizes, register

ON_TRACK, OVERDUE = "#009E73", "#D55E00"


def load(session: Session, scope: Scope, view: LayerView) -> list[DccActivity]:
    """Committee activity in the period, for the zoomed district when there is one."""
    return dcc_activity(session, scope, view.area_filters())


def traces(rows: list[DccActivity], view: LayerView) -> list[BaseTraceType]:
    """One trace per state (on track / overdue) so each has its own legend entry."""
    areas = admin_areas()
    sizes = dict(zip([r.district_pcode for r in rows], marker_sizes([r.meetings for r in rows], 30, 10),
                     strict=True))
    out: list[BaseTraceType] = []
    for overdue, colour, key in ((False, ON_TRACK, "dcc.on_track"), (True, OVERDUE, "dcc.overdue")):
        group = [r for r in rows if (r.overdue_actions > 0) == overdue]
        if not group:
            continue
        out.append(go.Scattermap(
            lat=[district_seat(r.district_pcode).center_lat for r in group],
            lon=[district_seat(r.district_pcode).center_lon for r in group],
            mode="markers",
            marker={"size": [sizes[r.district_pcode] for r in group], "color": colour, "opacity": 0.85},
            customdata=[[areas[r.district_pcode].name(view.lang), format_number(r.meetings, view.lang),
                         r.last_meeting.isoformat() if r.last_meeting else "–",
                         format_number(r.open_actions, view.lang), format_number(r.overdue_actions, view.lang)]
                        for r in group],
            hovertemplate=("<b>%{customdata[0]}</b><br>" + t("dcc.meetings", view.lang) + ": %{customdata[1]}<br>"
                           + t("dcc.last_meeting", view.lang) + ": %{customdata[2]}<br>"
                           + t("dcc.open_actions", view.lang) + ": %{customdata[3]}<br>"
                           + t("dcc.overdue_actions", view.lang) + ": %{customdata[4]}<extra></extra>"),
            name=f"{t('layer.dcc_activity', view.lang)}: {t(key, view.lang)}",
            legendgroup="dcc_activity",
        ))
    return out


def rows(data: list[DccActivity], _view: LayerView) -> pd.DataFrame:
    """One row per committee, with its district's names."""
    areas = admin_areas()
    return pd.DataFrame([{"district": areas[r.district_pcode].name_en, **asdict(r)} for r in data],
                        columns=["district", *(f.name for f in fields(DccActivity))])


LAYER = register(MapLayer("dcc_activity", "layer.dcc_activity", False, 20, load, traces, rows))
