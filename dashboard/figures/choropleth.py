"""Choropleth on a blank MapLibre style: our boundaries only, no tiles, no outside request."""

from __future__ import annotations

import math

import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from dashboard.figures.classes import quantile_classes
from dashboard.i18n import format_number, t
from dashboard.metrics import SPECS, Metric
from geodata import Level, admin_areas, boundaries, boundary_url

# ColorBrewer YlGnBu: sequential and safe for the common colour-vision deficiencies.
PALETTE = "YlGnBu"
NO_DATA_COLOUR = "#d9d9d9"
BANGLADESH_CENTER = {"lat": 23.7, "lon": 90.35}
NATIONAL_ZOOM = 6.0
_DECIMALS = {"count": 0, "density": 1, "share": 0}


def base_map(tile_url: str = "", attribution: str = "") -> dict[str, object]:
    """Map settings: a blank style by default; online raster tiles only when configured."""
    settings: dict[str, object] = {"style": "white-bg"}
    if tile_url:
        settings["layers"] = [{"below": "traces", "sourcetype": "raster", "source": [tile_url],
                               "sourceattribution": attribution}]
    return settings


def view_of(district: str | None) -> dict[str, object]:
    """Centre and zoom showing the whole country, or one district filling the map."""
    if district is None:
        return {"center": BANGLADESH_CENTER, "zoom": NATIONAL_ZOOM}
    xs: list[float] = []
    ys: list[float] = []
    for feature in boundaries(Level.UPAZILA)["features"]:
        if feature["id"].startswith(district):
            for x, y in _coordinates(feature["geometry"]["coordinates"]):
                xs.append(x)
                ys.append(y)
    span = max(max(xs) - min(xs), (max(ys) - min(ys)) * 1.15, 0.05)
    # About 450 px of map across the district's larger side; MapLibre tiles are 512 px.
    zoom = math.log2(450 / 512 * 360 / span)
    return {"center": {"lat": (min(ys) + max(ys)) / 2, "lon": (min(xs) + max(xs)) / 2}, "zoom": round(zoom, 2)}


def _coordinates(nested: list) -> list[tuple[float, float]]:  # type: ignore[type-arg]
    if nested and isinstance(nested[0], (int, float)):
        return [(nested[0], nested[1])]
    return [point for part in nested for point in _coordinates(part)]


def _label(pcode: str, lang: str) -> str:
    area = admin_areas()[pcode]
    other = area.name_bn if lang == "en" else area.name_en
    return f"<b>{area.name(lang)}</b>" + (f" · {other}" if other and other != area.name(lang) else "")


def format_metric(value: float | None, metric: Metric, lang: str) -> str:
    """A metric value for hover text and tables ("45%", "1.2", "1,205"; "no data" for None)."""
    if value is None:
        return t("map.no_data", lang)
    unit = SPECS[metric].unit
    return format_number(value, lang, _DECIMALS[unit]) + ("%" if unit == "share" else "")


def area_choropleth(values: dict[str, float | None], lang: str, district: str | None = None,
                    metric: Metric = Metric.RETURNEES, tile_url: str = "", attribution: str = "",
                    selected: str | None = None) -> go.Figure:
    """Districts, or the upazilas of ``district``, in quantile classes of ``values``.

    Areas whose value is None ("no data") are grey with their own legend entry; a
    zero is data and falls in the lowest class. ``selected`` (an upazila) is
    outlined. Boundaries are referenced by URL so the browser downloads them once.
    """
    level = Level.DISTRICT if district is None else Level.UPAZILA
    with_data = [p for p, v in values.items() if v is not None]
    without = [p for p, v in values.items() if v is None]
    unit = SPECS[metric].unit
    classes = quantile_classes([values[p] for p in with_data])  # type: ignore[misc]
    figure = go.Figure()
    if classes is not None:
        k = len(classes.uppers)
        colours = sample_colorscale(PALETTE, [i / max(k - 1, 1) for i in range(k)])
        # A stepped colour scale: each class one flat colour, so the legend reads as classes.
        scale: list[list[object]] = []
        for i, colour in enumerate(colours):
            scale += [[i / k, colour], [(i + 1) / k, colour]]
        figure.add_trace(go.Choroplethmap(
            geojson=boundary_url(level), featureidkey="id", locations=with_data,
            z=[classes.index(values[p]) for p in with_data],  # type: ignore[arg-type]
            zmin=-0.5, zmax=k - 0.5, colorscale=scale,
            customdata=[[_label(p, lang), format_metric(values[p], metric, lang)] for p in with_data],
            hovertemplate="%{customdata[0]}<br>" + t(f"metric.{metric.value}", lang)
                          + ": %{customdata[1]}<extra></extra>",
            marker={"line": {"color": "white", "width": 0.6}, "opacity": 0.85},
            colorbar={"title": {"text": f"{t(f'metric.{metric.value}', lang)}<br>"
                                        f"<sub>{t('map.legend.quantiles', lang)}</sub>"},
                      "tickvals": list(range(k)),
                      "ticktext": classes.labels(lang, _DECIMALS[unit], "%" if unit == "share" else ""),
                      "thickness": 14, "len": 0.6},
            showlegend=False, name=t(f"metric.{metric.value}", lang),
        ))
    if without:
        figure.add_trace(go.Choroplethmap(
            geojson=boundary_url(level), featureidkey="id", locations=without, z=[0] * len(without),
            customdata=[[_label(p, lang)] for p in without],
            hovertemplate="%{customdata[0]}<br>" + t("map.no_data", lang) + "<extra></extra>",
            colorscale=[[0, NO_DATA_COLOUR], [1, NO_DATA_COLOUR]], showscale=False,
            marker={"line": {"color": "white", "width": 0.6}},
            name=t("map.no_data", lang), showlegend=True,
        ))
    if selected is not None:
        figure.add_trace(go.Choroplethmap(
            geojson=boundary_url(level), featureidkey="id", locations=[selected], z=[0],
            colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]], showscale=False,
            marker={"line": {"color": "#111111", "width": 3}}, hoverinfo="skip", showlegend=False,
            name="selected",
        ))
    figure.update_layout(
        map=base_map(tile_url, attribution) | view_of(district),
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        # Keeps the user's pan and zoom when only data, layers or language change;
        # a new area gets a new revision so the map moves to it.
        uirevision=f"map-{district or 'BD'}",
        legend={"x": 0.01, "y": 0.99, "xanchor": "left", "yanchor": "top", "bgcolor": "rgba(255,255,255,0.85)",
                "font": {"size": 11}},
        paper_bgcolor="white",
        # Explicit, because Plotly leaves a stale legend on screen when its last entry goes.
        showlegend=bool(without),
    )
    return figure
