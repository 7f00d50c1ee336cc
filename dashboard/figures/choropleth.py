"""District choropleth on a blank MapLibre style: our boundaries only, no tiles, no outside request."""

from __future__ import annotations

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
    settings: dict[str, object] = {"style": "white-bg", "center": BANGLADESH_CENTER, "zoom": NATIONAL_ZOOM}
    if tile_url:
        settings["layers"] = [{"below": "traces", "sourcetype": "raster", "source": [tile_url],
                               "sourceattribution": attribution}]
    return settings


def district_choropleth(counts: dict[str, int], lang: str, tile_url: str = "", attribution: str = "") -> go.Figure:
    """Districts coloured by ``counts`` (P-code -> returnees); districts absent from it are grey.

    ``tile_url`` (opt-in, ``DASHBOARD_TILE_URL``) adds an online base map under the districts.
    """
    areas = admin_areas()
    pcodes = [f["id"] for f in boundaries(Level.DISTRICT)["features"]]
    with_data = [p for p in pcodes if p in counts]
    without = [p for p in pcodes if p not in counts]

    def label(pcode: str) -> str:
        area = areas[pcode]
        other = area.name_bn if lang == "en" else area.name_en
        return f"<b>{area.name(lang)}</b>" + (f" · {other}" if other and other != area.name(lang) else "")

    figure = go.Figure()
    figure.add_trace(go.Choroplethmap(
        geojson=boundaries(Level.DISTRICT),
        featureidkey="id",
        locations=with_data,
        z=[counts[p] for p in with_data],
        customdata=[[label(p), format_number(counts[p], lang)] for p in with_data],
        hovertemplate="%{customdata[0]}<br>" + t("map.hover.returnees", lang) + ": %{customdata[1]}<extra></extra>",
        colorscale=PALETTE,
        marker={"line": {"color": "white", "width": 0.6}, "opacity": 0.85},
        colorbar={"title": {"text": t("map.colorbar", lang)}, "thickness": 14, "len": 0.6},
        name=t("map.hover.returnees", lang),
    ))
    if without:
        figure.add_trace(go.Choroplethmap(
            geojson=boundaries(Level.DISTRICT),
            featureidkey="id",
            locations=without,
            z=[0] * len(without),
            customdata=[[label(p)] for p in without],
            hovertemplate="%{customdata[0]}<br>" + t("map.hover.no_data", lang) + "<extra></extra>",
            colorscale=[[0, NO_DATA_COLOUR], [1, NO_DATA_COLOUR]],
            showscale=False,
            marker={"line": {"color": "white", "width": 0.6}},
            name=t("map.hover.no_data", lang),
        ))
    figure.update_layout(
        map=base_map(tile_url, attribution),
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        # Keeps the user's pan and zoom when only the data or language changes.
        uirevision="district-map",
        paper_bgcolor="white",
    )
    return figure
