"""Awareness activities (theatre and video shows, school quizzes, tea-stall and forum meetings,
workshops): per upazila, one bullseye (a disc, a white ring, a thin ring of the disc's colour:
a form no other layer uses) per kind of activity around the upazila's centre, sized by
the people it reached, in the period and area chosen; nationally the same per district (the
country's 3,000 bullseyes hid one another and were a third of the national map's answer). Each
hover and row also gives the area's people reached per returnee profiled there, to set
awareness work against where returnees come from."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import pandas as pd
from plotly.basedatatypes import BaseTraceType
from sqlalchemy.orm import Session

from dashboard.core.disclosure import publish
from dashboard.core.privacy import Hidden, shown
from dashboard.core.scope import Scope
from dashboard.figures.style import WHITE, LegendItem, legend_meta
from dashboard.i18n import format_number, t
from dashboard.models.vocabulary import AwarenessKind
from dashboard.queries import returnees_profiled
from dashboard.queries.awareness import AwarenessCell, awareness_by_area
from geodata import Level, admin_areas
from layers.base import LayerView, MapLayer, marker_sizes, register, ringed_markers, safe

# Paul Tol's "bright" scheme (distinguishable with colour-vision deficiencies), one per kind,
# apart from the returnees' oranges and the providers' muted colours.
KIND_COLOURS = {
    AwarenessKind.IPT_SHOW.value: "#4477AA",
    AwarenessKind.VIDEO_SHOW.value: "#EE6677",
    AwarenessKind.SCHOOL_QUIZ.value: "#228833",
    AwarenessKind.UMF_MEETING.value: "#CCBB44",
    AwarenessKind.WORKSHOP.value: "#66CCEE",
    AwarenessKind.TEA_STALL_MEETING.value: "#AA3377",
}
KIND_ORDER = [k.value for k in AwarenessKind]
# Each kind's disc sits this far from the upazila's centre (about 2.5 km), in its own direction,
# so an upazila's six kinds read side by side instead of one hiding the others; nationally a
# district's six stand further out (about 15 km, some 10 pixels at the country's zoom).
SPREAD_DEGREES = {Level.UPAZILA: 0.025, Level.DISTRICT: 0.14}
LARGEST = {Level.UPAZILA: 26, Level.DISTRICT: 18}

PerReturnee = float | Hidden | None


@dataclass(frozen=True)
class AwarenessLayerData:
    """Activities per area (upazila, or district nationally) and kind, and returnees profiled
    per area (as loaded: exact, with their key sums in ``keys`` beside them; below headquarters
    :func:`protect` publishes each count through the disclosure layer and drops the keys)."""

    cells: Sequence[AwarenessCell]
    returnees: Mapping[str, int]
    keys: Mapping[str, int] | None = None
    threshold: int | None = None  # set when the returnee counts were published below headquarters
    level: Level = Level.UPAZILA


def load(session: Session, scope: Scope, view: LayerView) -> AwarenessLayerData:
    """Activities in the period and area; returnees profiled in the same period, area and
    person filters (the denominator of people reached per returnee). Per upazila in a
    district, per district nationally."""
    filters = view.area_filters()
    level = Level.UPAZILA if view.district else Level.DISTRICT
    profiled = returnees_profiled(session, scope, level, filters)
    return AwarenessLayerData(awareness_by_area(session, scope, filters, level),
                              {u: n for u, (n, _key) in profiled.items()},
                              {u: key for u, (_n, key) in profiled.items()}, level=level)


def protect(data: AwarenessLayerData, threshold: int) -> AwarenessLayerData:
    """Below headquarters: each area's returnees as the disclosure layer publishes them
    (activities are events, not people, and stay exact)."""
    assert data.keys is not None, "published once, from the counts as loaded"
    published = {u: int(publish(n, data.keys[u], threshold)) for u, n in data.returnees.items()}
    return replace(data, returnees=published, keys=None, threshold=threshold)


def per_returnee(reached: int, returnees: int, threshold: int | None) -> PerReturnee:
    """People reached per returnee profiled, to one decimal: None without returnees, hidden
    below headquarters when the (published) returnees are fewer than the threshold."""
    if returnees <= 0:
        return None
    if threshold is not None and returnees < threshold:
        return Hidden(threshold)
    return round(reached / returnees, 1)


def reached_by_area(cells: Sequence[AwarenessCell]) -> dict[str, int]:
    """People reached per area, every kind together."""
    totals: dict[str, int] = defaultdict(int)
    for cell in cells:
        totals[cell.upazila_pcode] += cell.people_reached
    return dict(totals)


def _offset(kind: str, level: Level) -> tuple[float, float]:
    angle = 2 * math.pi * KIND_ORDER.index(kind) / len(KIND_ORDER) if kind in KIND_ORDER else 0.0
    return SPREAD_DEGREES[level] * math.cos(angle), SPREAD_DEGREES[level] * math.sin(angle)


def traces(data: AwarenessLayerData, view: LayerView) -> list[BaseTraceType]:
    """One ringed-disc trace per kind, sized on one scale by people reached."""
    if not data.cells:
        return []
    lang, areas = view.lang, admin_areas()
    section = t("layer.awareness", lang)
    totals = reached_by_area(data.cells)
    sizes = marker_sizes([c.people_reached for c in data.cells], largest=LARGEST[data.level], smallest=7)
    sized = dict(zip([(c.upazila_pcode, c.kind) for c in data.cells], sizes, strict=True))
    out: list[BaseTraceType] = []
    for kind in sorted({c.kind for c in data.cells}, key=lambda k: (k not in KIND_ORDER, KIND_ORDER.index(k)
                                                                     if k in KIND_ORDER else 0, k)):
        group = [c for c in data.cells if c.kind == kind and c.upazila_pcode in areas]
        if not group:
            continue
        label, colour = t(f"awareness_kind.{kind}", lang), KIND_COLOURS.get(kind, "#BBBBBB")
        east, north = _offset(kind, data.level)
        out += ringed_markers(
            [areas[c.upazila_pcode].center_lat + north for c in group],
            [areas[c.upazila_pcode].center_lon + east for c in group],
            [sized[(c.upazila_pcode, c.kind)] for c in group], colour, WHITE, 1.5, halo=colour,
            customdata=[[safe(areas[c.upazila_pcode].name(lang)), format_number(c.activities, lang),
                         format_number(c.people_reached, lang), format_number(totals[c.upazila_pcode], lang),
                         _ratio_text(per_returnee(totals[c.upazila_pcode], data.returnees.get(c.upazila_pcode, 0),
                                                  data.threshold), lang)] for c in group],
            hovertemplate=("<b>%{customdata[0]}</b><br>" + section + " · " + label + "<br>"
                           + t("awareness_layer.activities", lang) + ": %{customdata[1]}<br>"
                           + t("awareness_layer.people_reached", lang) + ": %{customdata[2]}<br>"
                           + t("awareness_layer.all_kinds", lang) + ": %{customdata[3]}<br>"
                           + t("awareness_layer.per_returnee", lang) + ": %{customdata[4]}<extra></extra>"),
            name=f"{section}: {label}", meta=legend_meta(section, LegendItem(label, colour, "bullseye")),
        )
    return out


def _ratio_text(value: PerReturnee, lang: str) -> str:
    return format_number(value, lang, decimals=1) if isinstance(value, float) else format_number(value, lang)


def row_columns(level: Level) -> list[str]:
    """The table's columns: the area's are named by its level (``upazila_...`` or ``district_...``)."""
    area = "upazila" if level == Level.UPAZILA else "district"
    return [f"{area}_pcode", area, f"{area}_bn", "kind", "kind_label", "activities", "people_reached",
            f"{area}_people_reached", f"{area}_returnees_profiled", "people_reached_per_returnee"]


def rows(data: AwarenessLayerData, view: LayerView) -> pd.DataFrame:
    """One row per area (upazila, or district nationally) and kind of activity, with the area's
    people reached (all kinds), its returnees profiled (as the reader may see them) and the
    ratio of the two; an area with returnees and no activity has one row with no kind, so where
    returnees come from without awareness work shows too."""
    areas, totals = admin_areas(), reached_by_area(data.cells)

    def upazila(pcode: str) -> list[object]:
        area = areas.get(pcode)
        return [pcode, area.name_en if area else pcode, (area.name_bn or "") if area else ""]

    def tail(pcode: str) -> list[object]:
        profiled = data.returnees.get(pcode, 0)
        return [totals.get(pcode, 0), profiled, shown(per_returnee(totals.get(pcode, 0), profiled, data.threshold))]

    table = [[*upazila(c.upazila_pcode), c.kind, t(f"awareness_kind.{c.kind}", view.lang), c.activities,
              c.people_reached, *tail(c.upazila_pcode)] for c in data.cells]
    table += [[*upazila(u), "", "", 0, 0, *tail(u)] for u in sorted(data.returnees)
              if u not in totals and data.returnees[u] > 0]
    columns = row_columns(data.level)
    return pd.DataFrame(table, columns=columns).sort_values([columns[0], "kind"], ignore_index=True)


LAYER = register(MapLayer("awareness", "layer.awareness", False, 25, load, traces, rows, protect))
