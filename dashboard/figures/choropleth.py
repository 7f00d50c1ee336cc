"""District choropleth on a blank MapLibre style: our boundaries only, no tiles, no outside request."""

from __future__ import annotations

import math

import plotly.graph_objects as go

from dashboard.i18n import format_number, t
from geodata import Level, admin_areas, boundaries

# ColorBrewer YlGnBu: sequential and safe for the common colour-vision deficiencies.
PALETTE = "YlGnBu"
NO_DATA_COLOUR = "#d9d9d9"
BANGLADESH_CENTER = {"lat": 23.65, "lon": 90.35}
NATIONAL_ZOOM = 6.0


def base_map(tile_url: str = "", attribution: str = "") -> dict[str, object]:
    """Map settings: a blank style by default; online raster tiles only when configured."""
    settings: dict[str, object] = {"style": "white-bg"}
    if tile_url:
        settings["layers"] = [{"below": "traces", "sourcetype": "raster", "source": [tile_url],
                               "sourceattribution": attribution}]
    return settings


def _features(district: str | None) -> dict[str, object]:
    if district is None:
        return boundaries(Level.DISTRICT)
    features = [f for f in boundaries(Level.UPAZILA)["features"] if f["id"].startswith(district)]
    return {"type": "FeatureCollection", "features": features}


def view_of(district: str | None) -> dict[str, object]:
    """Centre and zoom showing the whole country, or one district filling the map."""
    if district is None:
        return {"center": BANGLADESH_CENTER, "zoom": NATIONAL_ZOOM}
    xs: list[float] = []
    ys: list[float] = []
    for feature in _features(district)["features"]:  # type: ignore[union-attr]
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


def area_choropleth(counts: dict[str, int], lang: str, district: str | None = None, tile_url: str = "",
                    attribution: str = "") -> go.Figure:
    """Districts, or the upazilas of ``district``, coloured by ``counts``; areas absent are grey."""
    areas = admin_areas()
    geojson = _features(district)
    pcodes = [f["id"] for f in geojson["features"]]  # type: ignore[union-attr]
    with_data = [p for p in pcodes if p in counts]
    without = [p for p in pcodes if p not in counts]

    def label(pcode: str) -> str:
        area = areas[pcode]
        other = area.name_bn if lang == "en" else area.name_en
        return f"<b>{area.name(lang)}</b>" + (f" · {other}" if other and other != area.name(lang) else "")

    figure = go.Figure()
    figure.add_trace(go.Choroplethmap(
        geojson=geojson,
        featureidkey="id",
        locations=with_data,
        z=[counts[p] for p in with_data],
        customdata=[[label(p), format_number(counts[p], lang)] for p in with_data],
        hovertemplate="%{customdata[0]}<br>" + t("map.hover.returnees", lang) + ": %{customdata[1]}<extra></extra>",
        colorscale=PALETTE,
        marker={"line": {"color": "white", "width": 0.6}, "opacity": 0.85},
        colorbar={"title": {"text": t("map.colorbar", lang)}, "thickness": 14, "len": 0.6},
        showlegend=False,
        name=t("map.hover.returnees", lang),
    ))
    if without:
        figure.add_trace(go.Choroplethmap(
            geojson=geojson,
            featureidkey="id",
            locations=without,
            z=[0] * len(without),
            customdata=[[label(p)] for p in without],
            hovertemplate="%{customdata[0]}<br>" + t("map.hover.no_data", lang) + "<extra></extra>",
            colorscale=[[0, NO_DATA_COLOUR], [1, NO_DATA_COLOUR]],
            showscale=False,
            marker={"line": {"color": "white", "width": 0.6}},
            name=t("map.hover.no_data", lang),
            showlegend=False,
        ))
    figure.update_layout(
        map=base_map(tile_url, attribution) | view_of(district),
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        # Keeps the user's pan and zoom when only the data, layers or language change;
        # a new area gets a new revision so the map moves to it.
        uirevision=f"map-{district or 'BD'}",
        legend={"x": 0.01, "y": 0.01, "xanchor": "left", "yanchor": "bottom", "bgcolor": "rgba(255,255,255,0.85)"},
        paper_bgcolor="white",
    )
    return figure
