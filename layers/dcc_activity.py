"""DCC activity: a ring beside each committee's district seat, red when action items are overdue;
at district zoom, also a square at each upazila that open action items are about."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

import pandas as pd
from plotly.basedatatypes import BaseTraceType
from sqlalchemy.orm import Session

from dashboard.core.scope import Scope
from dashboard.figures.style import DCC_ON_TRACK, DCC_OVERDUE, WHITE, LegendItem, legend_meta
from dashboard.i18n import format_date, format_number, t
from dashboard.queries import DccActivity, dcc_activity
from dashboard.queries.dcc import linked_actions
from geodata import admin_areas, district_seat
from layers.base import LayerView, MapLayer, marker_sizes, register, ringed_markers, safe

# The ring stands this far north of the seat's centre (about 5 km), so it is not hidden
# under the returnee circle of the seat's upazila, which would take its hover.
SEAT_OFFSET_DEGREES = 0.045


@dataclass(frozen=True)
class DccLayerData:
    """Committee activity per district, and open action items per upazila they are about
    (``(upazila, open, overdue)``; only at district zoom)."""

    activity: list[DccActivity]
    linked: list[tuple[str, int, int]]


def load(session: Session, scope: Scope, view: LayerView) -> DccLayerData:
    """Committee activity in the period, for the zoomed district when there is one."""
    filters = view.area_filters()
    linked = linked_actions(session, scope, filters) if view.district else []
    return DccLayerData(dcc_activity(session, scope, filters), linked)


def traces(data: DccLayerData, view: LayerView) -> list[BaseTraceType]:
    """One ring trace per state (on track / overdue) so each has its own legend entry, then the
    upazilas with open items, as squares (overdue ones red)."""
    return _seat_traces(data.activity, view) + _upazila_traces(data.linked, view)


def _upazila_traces(linked: list[tuple[str, int, int]], view: LayerView) -> list[BaseTraceType]:
    # Small rings at the upazila's centre: the layer's one form (a ring), smaller than the
    # committee's at the district seat, so the two read as one layer at two places.
    areas = admin_areas()
    section, lang = t("layer.dcc_activity", view.lang), view.lang
    out: list[BaseTraceType] = []
    for overdue, colour, key in ((False, DCC_ON_TRACK, "dcc.upazila_open"), (True, DCC_OVERDUE, "dcc.upazila_overdue")):
        group = [(u, n, late) for u, n, late in linked if (late > 0) == overdue]
        if not group:
            continue
        out += ringed_markers(
            [areas[u].center_lat for u, _n, _l in group], [areas[u].center_lon for u, _n, _l in group],
            [7.0] * len(group), WHITE, colour, 3.0,
            customdata=[[safe(areas[u].name(lang)), format_number(n, lang), format_number(late, lang)]
                        for u, n, late in group],
            hovertemplate=("<b>%{customdata[0]}</b> · " + section + "<br>" + t("dcc.open_actions", lang)
                           + ": %{customdata[1]}<br>" + t("dcc.overdue_actions", lang) + ": %{customdata[2]}"
                           "<extra></extra>"),
            name=f"{section}: {t(key, lang)}", meta=legend_meta(section, LegendItem(t(key, lang), colour, "ring")))
    return out


def _seat_traces(rows: list[DccActivity], view: LayerView) -> list[BaseTraceType]:
    areas = admin_areas()
    sizes = dict(zip([r.district_pcode for r in rows], marker_sizes([r.meetings for r in rows], 30, 12),
                     strict=True))
    section, lang = t("layer.dcc_activity", view.lang), view.lang
    out: list[BaseTraceType] = []
    for overdue, colour, key in ((False, DCC_ON_TRACK, "dcc.on_track"), (True, DCC_OVERDUE, "dcc.overdue")):
        group = [r for r in rows if (r.overdue_actions > 0) == overdue]
        if not group:
            continue
        seats = [district_seat(r.district_pcode) for r in group]
        # The ring is the coloured lower circle; the white upper one makes its hole.
        out += ringed_markers(
            [s.center_lat + SEAT_OFFSET_DEGREES for s in seats], [s.center_lon for s in seats],
            [sizes[r.district_pcode] * 0.45 for r in group], WHITE, colour,
            max(3.0, min(sizes.values()) * 0.28),
            customdata=[[safe(areas[r.district_pcode].name(lang)), format_number(r.meetings, lang),
                         format_date(r.last_meeting, lang), format_number(r.open_actions, lang),
                         format_number(r.overdue_actions, lang), t(key, lang)] for r in group],
            hovertemplate=("<b>%{customdata[0]}</b> · " + section + ": %{customdata[5]}<br>"
                           + t("dcc.meetings", lang) + ": %{customdata[1]}<br>"
                           + t("dcc.last_meeting", lang) + ": %{customdata[2]}<br>"
                           + t("dcc.open_actions", lang) + ": %{customdata[3]}<br>"
                           + t("dcc.overdue_actions", lang) + ": %{customdata[4]}<extra></extra>"),
            name=f"{section}: {t(key, lang)}", meta=legend_meta(section, LegendItem(t(key, lang), colour, "ring")),
        )
    return out


def rows(data: DccLayerData, _view: LayerView) -> pd.DataFrame:
    """One row per committee, with its district's names."""
    areas = admin_areas()
    return pd.DataFrame([{"district": areas[r.district_pcode].name_en, "district_bn": areas[r.district_pcode].name_bn,
                          **asdict(r)} for r in data.activity],
                        columns=["district", "district_bn", *(f.name for f in fields(DccActivity))])


LAYER = register(MapLayer("dcc_activity", "layer.dcc_activity", False, 20, load, traces, rows))
