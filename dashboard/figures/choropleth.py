"""Choropleth on a blank MapLibre style: our boundaries only, no tiles, no outside request."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from copy import deepcopy

import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from dashboard.core.metrics import SPECS, Metric
from dashboard.core.privacy import Hidden
from dashboard.figures.classes import Classes, quantile_classes
from dashboard.figures.style import (
    CHOROPLETH_SCALE,
    FONT,
    HIDDEN,
    HOVER_LABEL,
    NO_DATA,
    LegendItem,
    legend_meta,
    safe,
)
from dashboard.figures.template import default_template
from dashboard.i18n import format_number, t
from geodata import Level, admin_areas, boundary_url, bounds

_DECIMALS = {"count": 0, "density": 1, "share": 0, "score": 2, "ratio": 1}
# The size the server assumes for the map; the browser refits to the real size
# (components.district_map), so a phone sees the whole district too.
ASSUMED_SIZE = (640, 520)


def base_map(tile_url: str = "", attribution: str = "") -> dict[str, object]:
    """Map settings: a blank style by default; online raster tiles only when configured."""
    settings: dict[str, object] = {"style": "white-bg"}
    if tile_url:
        settings["layers"] = [{"below": "traces", "sourcetype": "raster", "source": [tile_url],
                               "sourceattribution": attribution}]
    return settings


def fit(box: tuple[float, float, float, float], width: float, height: float,
        padding: float = 0.92) -> dict[str, object]:
    """Centre and zoom showing ``box`` (west, south, east, north) in a map of that many pixels.

    MapLibre tiles are 512 px wide at zoom 0; latitude is measured in Web Mercator.
    """
    west, south, east, north = box

    def mercator(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    lon_zoom = math.log2(width * padding * 360 / (512 * max(east - west, 0.01)))
    lat_zoom = math.log2(height * padding * 2 * math.pi / (512 * max(mercator(north) - mercator(south), 0.0002)))
    middle = math.degrees(math.atan(math.sinh((mercator(north) + mercator(south)) / 2)))
    return {"center": {"lat": round(middle, 5), "lon": round((west + east) / 2, 5)},
            "zoom": round(min(lon_zoom, lat_zoom), 2)}


def map_layout(box: tuple[float, float, float, float], uirevision: str, tile_url: str = "",
               attribution: str = "") -> dict[str, object]:
    """The layout of a map figure written as JSON (the district map, the gap finder's): fitted
    to ``box`` (west, south, east, north) at :data:`ASSUMED_SIZE`, no margin or legend of
    Plotly's own, the page's font, and the bounds for the browser's refit (``meta``).
    ``uirevision`` keeps the user's pan and zoom until it changes."""
    return {
        "map": base_map(tile_url, attribution) | fit(box, *ASSUMED_SIZE),
        "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
        "uirevision": uirevision,
        "showlegend": False,
        "font": dict(FONT), "hoverlabel": deepcopy(HOVER_LABEL),
        "paper_bgcolor": "white",
        "meta": {"bounds": list(box)},
        "template": deepcopy(default_template()),
    }


def _label(pcode: str, lang: str) -> str:
    # In English the Bangla name follows, to match Bangla papers; in Bangla, Bangla only.
    area = admin_areas()[pcode]
    other = area.name_bn if lang == "en" else None
    return f"<b>{safe(area.name(lang))}</b>" + (f" · {safe(other)}" if other and other != area.name(lang) else "")


def format_metric(value: float | Hidden | None, metric: Metric, lang: str) -> str:
    """A metric value for hover text and tables ("45%", "1.2", "1,205"; "<5" hidden; "no data" for None)."""
    if value is None:
        return t("map.no_data", lang)
    if isinstance(value, Hidden):
        return format_number(value, lang)
    unit = SPECS[metric].unit
    return format_number(value, lang, _DECIMALS[unit]) + ("%" if unit == "share" else "")


def area_choropleth(values: dict[str, float | Hidden | None], lang: str, district: str | None = None,
                    metric: Metric = Metric.RETURNEES, tile_url: str = "", attribution: str = "",
                    selected: str | None = None, *, classes: Classes | None = None,
                    colours: Sequence[str] | None = None, legend_title: str | None = None,
                    text: Callable[[float], str] | None = None, title: str | None = None) -> go.Figure:
    """Districts, or the upazilas of ``district``, in quantile classes of ``values``.

    Areas whose value is None ("no data") are light grey with their own legend entry; areas
    whose value is hidden below headquarters are a darker grey with theirs ("fewer than 5"),
    since hidden is not missing; a zero is data and falls in the lowest class. ``selected`` (an upazila) is
    outlined. Boundaries are referenced by URL so the browser downloads them once.
    The legend is drawn beside the map from each trace's ``meta``
    (``figures.legend``), so it never covers the map.

    The timeline (``features/map/timeline``) passes its own ``classes`` (computed once over
    every period, so a colour means the same in every step), ``colours`` (a diverging scheme for
    a change), the ``legend_title`` saying so, and how a value is written (``text``). ``title``
    names the metric in the hover and the legend when its catalogue label is not enough (a
    score metric's survey round).
    """
    level = Level.DISTRICT if district is None else Level.UPAZILA
    geojson = boundary_url(level, district)
    numbers = {p: v for p, v in values.items() if isinstance(v, int | float)}
    with_data = list(numbers)
    hidden = {p: v for p, v in values.items() if isinstance(v, Hidden)}
    without = [p for p, v in values.items() if v is None]
    unit = SPECS[metric].unit
    title = title or t(f"metric.{metric.value}", lang)
    if classes is None:
        classes = quantile_classes(list(numbers.values()), _DECIMALS[unit])
    legend_title = legend_title or f"{title} ({t('map.legend.quantiles', lang)})"
    written = text or (lambda value: format_metric(value, metric, lang))

    def areas(locations: list[str], z: list[int], colorscale: list[list[object]], **more: object) -> dict[str, object]:
        return {"type": "choroplethmap", "geojson": geojson, "featureidkey": "id", "locations": locations, "z": z,
                "colorscale": colorscale, "showscale": False, "showlegend": False, **more}

    traces: list[dict[str, object]] = []
    if classes is not None and numbers:
        k = len(classes.ranges)
        if colours is None or len(colours) != k:
            colours = sample_colorscale(CHOROPLETH_SCALE, [0.15 + 0.85 * i / max(k - 1, 1) for i in range(k)])
        # A stepped colour scale: each class one flat colour, so the map reads as classes.
        scale: list[list[object]] = []
        for i, colour in enumerate(colours):
            scale += [[i / k, colour], [(i + 1) / k, colour]]
        labels = classes.labels(lang, "%" if unit == "share" else "")
        traces.append(areas(
            with_data, [classes.index(numbers[p]) for p in with_data], scale, zmin=-0.5, zmax=k - 0.5,
            customdata=[[_label(p, lang), written(numbers[p])] for p in with_data],
            hovertemplate="%{customdata[0]}<br>" + title + ": %{customdata[1]}<extra></extra>",
            marker={"line": {"color": "white", "width": 0.6}, "opacity": 0.85}, name=title,
            meta=legend_meta(legend_title,
                             *(LegendItem(label, colour, "area")
                               for label, colour in zip(labels, colours, strict=True)))))
    if hidden:
        threshold = next(iter(hidden.values())).threshold
        label = t("map.hidden", lang, threshold=format_number(threshold, lang))
        traces.append(areas(
            list(hidden), [0] * len(hidden), [[0, HIDDEN], [1, HIDDEN]],
            customdata=[[_label(p, lang)] for p in hidden],
            hovertemplate="%{customdata[0]}<br>" + title + ": " + label + "<extra></extra>",
            marker={"line": {"color": "white", "width": 0.6}, "opacity": 0.85}, name=label,
            meta=legend_meta(legend_title, LegendItem(label, HIDDEN, "area"))))
    if without:
        traces.append(areas(
            without, [0] * len(without), [[0, NO_DATA], [1, NO_DATA]],
            customdata=[[_label(p, lang)] for p in without],
            hovertemplate="%{customdata[0]}<br>" + t("map.no_data", lang) + "<extra></extra>",
            marker={"line": {"color": "white", "width": 0.6}}, name=t("map.no_data", lang),
            meta=legend_meta(legend_title, LegendItem(t("map.no_data", lang), NO_DATA, "area"))))
    if selected is not None:
        traces.append(areas(
            [selected], [0], [[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]],
            marker={"line": {"color": "#111111", "width": 3}}, hoverinfo="skip", name="selected"))
    box = bounds(district)
    # The user's pan and zoom are kept when only data, layers or language change; a new area
    # gets a new revision so the map moves to it.
    layout = map_layout(box, f"map-{district or 'BD'}", tile_url, attribution)
    # Written as the JSON Plotly would make and wrapped without its validation of every
    # property: validating the traces and layout was 10-12 ms of every map's answer, and
    # the callers still get a Figure to add layers to (``tests/figures`` compare the JSON
    # with what Plotly makes of it validated).
    return go.Figure({"data": traces, "layout": layout}, _validate=False)
