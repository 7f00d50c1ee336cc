"""Figures of the comparison page: monthly series (small multiples and overlaid lines) and
the peer dot plot. Pure: data in, figure out.

Each is the JSON Plotly would make, as a plain dict: not validated again (the tests put every
figure through Plotly's validation), and not wrapped in ``go.Figure``, which deep-copies the
whole figure when the answer is written."""

from __future__ import annotations

import math
from copy import deepcopy
from datetime import date
from typing import Any

from dashboard.features.compare.rules import RATE_KEYS, PeerStanding
from dashboard.figures.axes import hover_numbers, month_ticks, number_ticks
from dashboard.figures.style import chart_style, safe
from dashboard.figures.subplots import axis_of, cell_axes, grid_layout, update_axes
from dashboard.figures.template import default_template
from dashboard.i18n import format_month, format_number, t
from geodata import admin_areas

# Okabe-Ito: distinguishable with colour-blindness; lines also differ by dash.
LINE_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")
DISTRICT_COLOUR, MEDIAN_COLOUR, BEST_COLOUR = "#0072B2", "#999999", "#009E73"
# Month and value, already formatted in the language (see dashboard.figures.axes).
_HOVER = "%{customdata[0]}: %{customdata[1]}<extra></extra>"


def months_between(first: int, last: int) -> list[int]:
    """Every ``YYYYMM`` month from ``first`` to ``last`` inclusive."""
    out, month = [], first
    while month <= last:
        out.append(month)
        month = month + 1 if month % 100 < 12 else (month // 100 + 1) * 100 + 1
    return out


def _axis(months: list[int]) -> list[date]:
    return [date(m // 100, m % 100, 1) for m in months]


def _filled(series: dict[str, dict[int, int]], months: list[int]) -> dict[str, list[int]]:
    # A month without a row had nothing happen: zero, drawn, not a gap.
    return {d: [values.get(m, 0) for m in months] for d, values in series.items()}


def small_multiples(series: dict[str, dict[int, int]], districts: tuple[str, ...], months: list[int],
                    indicator_label: str, lang: str) -> dict[str, Any]:
    """One small chart per district on shared axes, in the order given."""
    areas = admin_areas()
    shown = [d for d in districts if d in areas]
    columns = min(3, max(1, len(shown)))
    rows = max(1, math.ceil(len(shown) / columns))
    layout = grid_layout(rows, columns, [safe(areas[d].name(lang)) for d in shown], shared=True,
                         vertical_spacing=0.12 / rows * 2)
    values = _filled(series, months)
    x = _axis(months)
    traces = []
    for i, district in enumerate(shown):
        y = values.get(district, [0] * len(months))
        traces.append({
            "type": "scatter", "x": x, "y": y, "mode": "lines", "line": {"color": LINE_COLOURS[0], "width": 2},
            "name": safe(areas[district].name(lang)), "showlegend": False, "customdata": _hover(x, y, lang),
            "hovertemplate": f"<b>{safe(areas[district].name(lang))}</b><br>{_HOVER}",
            **cell_axes(i // columns + 1, i % columns + 1, columns)})
    layout.update(height=max(260, 190 * rows), margin={"l": 40, "r": 10, "t": 60, "b": 30}, **chart_style(),
                  title={"text": indicator_label, "font": {"size": 13}, "x": 0})
    update_axes(layout, "y", rangemode="tozero", gridcolor="#eeeeee", **number_ticks(_largest(values), lang))
    update_axes(layout, "x", gridcolor="#f4f4f4", **month_ticks(x, lang, most=4))
    return {"data": traces, "layout": layout}


def overlaid(series: dict[str, dict[int, int]], districts: tuple[str, ...], months: list[int],
             indicator_label: str, lang: str) -> dict[str, Any]:
    """The same districts as lines on one chart (colour and dash both tell them apart)."""
    areas = admin_areas()
    values = _filled(series, months)
    layout: dict[str, Any] = {"template": deepcopy(default_template())}
    x = _axis(months)
    traces = []
    for i, district in enumerate(d for d in districts if d in areas):
        y = values.get(district, [0] * len(months))
        traces.append({
            "type": "scatter", "x": x, "y": y, "mode": "lines", "name": safe(areas[district].name(lang)),
            "customdata": _hover(x, y, lang),
            "line": {"color": LINE_COLOURS[i % len(LINE_COLOURS)], "dash": DASHES[i % len(DASHES)], "width": 2},
            "hovertemplate": f"<b>{safe(areas[district].name(lang))}</b><br>{_HOVER}"})
    # The legend at the foot takes about a row per two districts on a phone: the chart keeps
    # room for it under the months rather than drawing it over the lines.
    legend_rows = math.ceil(len(traces) / 2)
    layout.update(height=360 + 22 * legend_rows, margin={"l": 40, "r": 10, "t": 40, "b": 60 + 22 * legend_rows},
                  **chart_style(),
                  legend={"orientation": "h", "x": 0, "yref": "container", "y": 0, "yanchor": "bottom"},
                  title={"text": indicator_label, "font": {"size": 13}, "x": 0})
    layout["yaxis"] = {"rangemode": "tozero", "gridcolor": "#eeeeee", **number_ticks(_largest(values), lang)}
    if ticks := month_ticks(x, lang):
        layout["xaxis"] = ticks
    return {"data": traces, "layout": layout}


def _largest(values: dict[str, list[int]]) -> int:
    return max((max(v) for v in values.values() if v), default=0)


def _hover(days: list[date], values: list[int], lang: str) -> list[list[str]]:
    return [[format_month(d, lang), n] for d, n in zip(days, hover_numbers(values, lang), strict=True)]


def peer_dots(standings: dict[str, PeerStanding], district_label: str, lang: str) -> dict[str, Any]:
    """One row per rate, each on its own scale (a share and a per-returnee figure do not share
    an axis): the district, its peers' median and their best, as dots on a line."""
    rates = [k for k in RATE_KEYS if k in standings]
    layout = grid_layout(max(len(rates), 1), 1, [t(f"rate.{k}", lang) for k in rates],
                         vertical_spacing=0.5 / max(len(rates), 1))
    marks = (("median", t("compare.peer_median", lang), MEDIAN_COLOUR, "diamond"),
             ("best", t("compare.peer_best", lang), BEST_COLOUR, "triangle-up"),
             ("value", district_label, DISTRICT_COLOUR, "circle"))
    traces: list[dict[str, Any]] = []
    for row, key in enumerate(rates, start=1):
        s = standings[key]
        axes = cell_axes(row, 1, 1)
        known = [v for v in (s.value, s.median, s.best) if isinstance(v, (int, float))]
        axis_of(layout, axes["xaxis"]).update(number_ticks(max(known, default=0), lang, decimals=1, integer=False))
        if s.median is not None and s.best is not None:  # the peers' spread, faint
            traces.append({"type": "scatter", "x": [s.median, s.best], "y": [0, 0], "mode": "lines",
                           "hoverinfo": "skip", "line": {"color": "#dddddd", "width": 6}, "showlegend": False,
                           **axes})
        for attribute, name, colour, symbol in marks:
            x = getattr(s, attribute)
            shown = x if isinstance(x, (int, float)) else None
            text = format_number(x, lang, 1) if shown is not None else (x or "–")
            traces.append({
                "type": "scatter", "x": [shown], "y": [0], "mode": "markers", "name": safe(name),
                "legendgroup": attribute, "showlegend": row == 1,
                "marker": {"color": colour, "size": 14, "symbol": symbol, "line": {"color": "white", "width": 1}},
                "hovertemplate": f"{t(f'rate.{key}', lang)}<br>{safe(name)}: {safe(str(text))}<extra></extra>",
                **axes})
    update_axes(layout, "y", visible=False, range=[-1, 1])
    update_axes(layout, "x", rangemode="tozero", gridcolor="#eeeeee", zeroline=False)
    # The legend goes under the last scale's numbers, with room for two rows on a phone.
    layout.update(height=150 + 95 * len(rates), margin={"l": 10, "r": 10, "t": 30, "b": 70}, **chart_style(),
                  legend={"orientation": "h", "x": 0, "yref": "container", "y": 0, "yanchor": "bottom"})
    for annotation in layout.get("annotations", []):
        annotation.update(font={"size": 12}, x=0, xanchor="left")
    return {"data": traces, "layout": layout}
