"""Hotline calls by the caller's area: per district nationally, per upazila inside a district, a
circle at the area's centre as large (by area) as its calls in the period, coloured by the share
of those callers referred to a service (four fixed classes, so a colour means the same share in
every view), with a white core marking the centre: a form no other layer uses. Each hover and
row also gives the area's calls per 10,000 returnees profiled.

The calls counted follow the map's hotline choice (topic, caller type, referred: ``core.hotline``)
and come from the same query as the hotline metrics (``queries.hotline.hotline_area_cells``).
A call may be about a vulnerable person: below headquarters every count (calls, referred calls,
returnees) is published through the disclosure layer, and shares and rates rest on published
counts only, hidden where fewer than the threshold stand behind them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import pandas as pd
from plotly.basedatatypes import BaseTraceType
from sqlalchemy.orm import Session

from dashboard.core.disclosure import publish
from dashboard.core.hotline import per_10k_returnees
from dashboard.core.privacy import Hidden
from dashboard.core.scope import Scope
from dashboard.figures.style import WHITE, LegendItem, legend_meta
from dashboard.i18n import format_number, t
from dashboard.queries import returnees_profiled
from dashboard.queries.hotline import HotlineCell, hotline_area_cells
from geodata import Level, admin_areas
from layers.base import LayerView, MapLayer, map_points, marker_sizes, register, safe

# Share of calls referred, in four fixed classes (lowest share of each), light to dark in
# ColorBrewer's RdPu: apart from the map's yellow-green-blue areas and every other layer's colours.
SHARE_CLASSES: tuple[tuple[int, str], ...] = ((0, "#FA9FB5"), (25, "#F768A1"), (50, "#DD3497"), (75, "#7A0177"))
# An area whose share is hidden below headquarters (fewer calls than the threshold).
SHARE_HIDDEN = "#A6A6A6"
FORM = "cored"
LARGEST, SMALLEST, CORE = 30.0, 9.0, 4.0

Share = int | Hidden | None


@dataclass(frozen=True)
class HotlineLayerData:
    """Calls per area (districts nationally, upazilas of the zoomed district) and returnees
    profiled per area, as loaded: exact, with their key sums beside them. Below headquarters
    :func:`protect` publishes every count and drops the key sums (``threshold`` then set)."""

    level: Level
    cells: Mapping[str, HotlineCell]
    returnees: Mapping[str, tuple[int, int]]
    threshold: int | None = None


def load(session: Session, scope: Scope, view: LayerView) -> HotlineLayerData:
    """The chosen calls in the period per area of the caller, and returnees profiled in the
    same areas, period and person filters (the rate's base)."""
    level = Level.DISTRICT if view.district is None else Level.UPAZILA
    filters = view.area_filters()
    return HotlineLayerData(level, hotline_area_cells(session, scope, level, filters, view.hotline),
                            returnees_profiled(session, scope, level, filters))


def protect(data: HotlineLayerData, threshold: int) -> HotlineLayerData:
    """Below headquarters: each area's calls, referred calls and returnees published from their
    own key sums (each a cell of its own, never a sum of published parts); no key sum is kept."""
    cells = {pcode: HotlineCell(int(publish(c.calls, c.calls_keys, threshold)), 0,
                                int(publish(c.referred, c.referred_keys, threshold)), 0)
             for pcode, c in data.cells.items()}
    returnees = {pcode: (int(publish(n, keys, threshold)), 0) for pcode, (n, keys) in data.returnees.items()}
    return replace(data, cells=cells, returnees=returnees, threshold=threshold)


def referred_share(cell: HotlineCell, threshold: int | None) -> Share:
    """The share of calls whose caller was referred, in whole percent (half up); None without
    calls; below headquarters hidden where the published calls are fewer than the threshold."""
    if cell.calls <= 0:
        return None
    if threshold is not None and cell.calls < threshold:
        return Hidden(threshold)
    return min(100, (200 * cell.referred + cell.calls) // (2 * cell.calls))


def share_colour(share: Share) -> str:
    """The colour of a share's class (hidden or unknown: grey)."""
    if not isinstance(share, int):
        return SHARE_HIDDEN
    return [colour for lowest, colour in SHARE_CLASSES if share >= lowest][-1]


def _class_label(index: int, lang: str) -> str:
    lowest = SHARE_CLASSES[index][0]
    if index + 1 == len(SHARE_CLASSES):
        return t("hotline_layer.share_from", lang, low=format_number(lowest, lang))
    return t("hotline_layer.share_range", lang, low=format_number(lowest, lang),
             high=format_number(SHARE_CLASSES[index + 1][0] - 1, lang))


def rate(data: HotlineLayerData, pcode: str) -> float | Hidden | None:
    """The area's calls per 10,000 returnees profiled (from published counts below headquarters)."""
    cell = data.cells.get(pcode)
    return per_10k_returnees(cell.calls if cell else 0, data.returnees.get(pcode, (0, 0))[0], data.threshold)


def _drawn(data: HotlineLayerData) -> list[str]:
    areas = admin_areas()
    return sorted(p for p, c in data.cells.items() if c.calls > 0 and p in areas)


def _number(value: float | Hidden | None, lang: str) -> str:
    return format_number(value, lang, decimals=1) if isinstance(value, float) else format_number(value, lang)


def traces(data: HotlineLayerData, view: LayerView) -> list[BaseTraceType]:
    """One trace per share class (larger circles drawn first, so small ones stay on top), and
    the white cores marking each area's centre."""
    drawn = _drawn(data)
    if not drawn:
        return []
    lang, areas = view.lang, admin_areas()
    section = t("layer.hotline", lang)
    sizes = dict(zip(drawn, marker_sizes([data.cells[p].calls for p in drawn], LARGEST, SMALLEST), strict=True))
    shares = {p: referred_share(data.cells[p], data.threshold) for p in drawn}
    hover = ("<b>%{customdata[0]}</b><br>" + section + "<br>"
             + t("hotline_layer.calls", lang) + ": %{customdata[1]}<br>"
             + t("hotline_layer.referred", lang) + ": %{customdata[2]} (%{customdata[3]})<br>"
             + t("hotline_layer.per_10k", lang) + ": %{customdata[4]}<extra></extra>")
    labels = [_class_label(i, lang) for i in range(len(SHARE_CLASSES))] + [t("hotline_layer.share_hidden", lang)]
    colours = [colour for _lowest, colour in SHARE_CLASSES] + [SHARE_HIDDEN]
    out: list[BaseTraceType] = []
    for label, colour in zip(labels, colours, strict=True):
        group = sorted((p for p in drawn if share_colour(shares[p]) == colour), key=lambda p: -sizes[p])
        if not group:
            continue
        out.append(map_points(
            lat=[areas[p].center_lat for p in group], lon=[areas[p].center_lon for p in group], mode="markers",
            marker={"size": [sizes[p] for p in group], "color": colour, "opacity": 0.85},
            customdata=[[safe(areas[p].name(lang)), format_number(data.cells[p].calls, lang),
                         format_number(data.cells[p].referred, lang), _share_text(shares[p], lang),
                         _number(rate(data, p), lang)] for p in group],
            hovertemplate=hover, name=f"{section}: {label}",
            meta=legend_meta(section, LegendItem(label, colour, FORM))))
    # The core: a small white dot at the centre, under the hover of the circle around it.
    out.append(map_points(lat=[areas[p].center_lat for p in drawn], lon=[areas[p].center_lon for p in drawn],
                          mode="markers", marker={"size": CORE, "color": WHITE}, hoverinfo="skip", showlegend=False))
    return out


def _share_text(share: Share, lang: str) -> str:
    return f"{format_number(share, lang)}%" if isinstance(share, int) else format_number(share, lang)


ROW_COLUMNS = ["pcode", "area", "area_bn", "level", "lat", "lon", "calls", "referred", "referred_share_pct",
               "returnees_profiled", "calls_per_10k_returnees"]


def rows(data: HotlineLayerData, view: LayerView) -> pd.DataFrame:
    """One row per area with calls or returnees: its calls and referred calls (as the reader may
    see them), the share referred, returnees profiled and calls per 10,000 returnees, at the
    area's centre where the map draws it; an area with returnees and no calls has a row too, so
    where returnees live without calls shows. A hidden share or rate stays :class:`Hidden`: files
    write it as "<5" (CSV, Excel) or null with a flag (GeoJSON), never as a number."""
    areas = admin_areas()
    table = []
    for pcode in sorted(set(data.cells) | {p for p, (n, _k) in data.returnees.items() if n > 0}):
        area = areas.get(pcode)
        if area is None:
            continue
        cell = data.cells.get(pcode, HotlineCell(0, 0, 0, 0))
        table.append([pcode, area.name_en, area.name_bn or "", data.level.name.lower(), area.center_lat,
                      area.center_lon, cell.calls, cell.referred, referred_share(cell, data.threshold),
                      data.returnees.get(pcode, (0, 0))[0], rate(data, pcode)])
    return pd.DataFrame(table, columns=ROW_COLUMNS)


LAYER = register(MapLayer("hotline", "layer.hotline", False, 28, load, traces, rows, protect))
