"""The service-gap map: upazilas by share of in-need returnees out of reach, the providers of the
service (optionally with their reach drawn as rings), unreached returnees per grid cell where
the role may see them, and the suggested sites, numbered."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from dashboard.core.privacy import is_hidden
from dashboard.features.gaps.analysis import EARTH_RADIUS_KM
from dashboard.figures.choropleth import map_layout
from dashboard.figures.classes import quantile_classes
from dashboard.figures.style import HIDDEN, NO_DATA, LegendItem, legend_meta, safe
from dashboard.i18n import format_number, t
from geodata import Level, admin_areas, areas_at, boundary_url, bounds

GAP_SCALE = "YlOrRd"
PROVIDER_COLOUR, RING_COLOUR = "#2166AC", "#4393C3"
UNREACHED_COLOUR, SITE_COLOUR = "#111111", "#C51B7D"
# The suggested site the user picked from the list: a wide amber ring around its disc.
CHOSEN_COLOUR = "#FFB000"
RING_POINTS = 48


def site_name(site: str, kind: str, district: str, lang: str) -> str:
    """A suggested site's name in ``lang``: an upazila centre is named by its upazila (the data
    carries the English name); a fair venue or a provider as it was recorded."""
    if kind == "upazila":
        for area in areas_at(Level.UPAZILA, district):
            if area.name_en == site:
                return area.name(lang)
    return site


def ring(lat: float, lon: float, radius_km: float) -> tuple[list[float], list[float]]:
    """A circle of ``radius_km`` around a point, as a closed line (spherical destination formula)."""
    angular = radius_km / EARTH_RADIUS_KM
    phi, lam = math.radians(lat), math.radians(lon)
    bearings = np.linspace(0, 2 * math.pi, RING_POINTS + 1)
    lat2 = np.arcsin(math.sin(phi) * math.cos(angular) + math.cos(phi) * math.sin(angular) * np.cos(bearings))
    lon2 = lam + np.arctan2(np.sin(bearings) * math.sin(angular) * math.cos(phi),
                            math.cos(angular) - math.sin(phi) * np.sin(lat2))
    return list(np.degrees(lat2)), list(np.degrees(lon2))


def _choropleth(table: pd.DataFrame, district: str, lang: str) -> list[go.Choroplethmap]:
    geojson = boundary_url(Level.UPAZILA, district)
    title = t("gaps.share_unreached", lang)
    known = table[[not is_hidden(v) and not pd.isna(v) for v in table["share_unreached"]]]
    traces = []
    classes = quantile_classes([float(v) for v in known["share_unreached"]], 0)
    areas = admin_areas()

    def label(pcode: str) -> str:
        return f"<b>{safe(areas[pcode].name(lang))}</b>"

    if classes is not None:
        k = len(classes.ranges)
        colours = sample_colorscale(GAP_SCALE, [0.15 + 0.85 * i / max(k - 1, 1) for i in range(k)])
        scale: list[list[object]] = []
        for i, colour in enumerate(colours):
            scale += [[i / k, colour], [(i + 1) / k, colour]]
        traces.append(go.Choroplethmap(
            _validate=False, geojson=geojson, featureidkey="id", locations=list(known["pcode"]),
            z=[classes.index(float(v)) for v in known["share_unreached"]], zmin=-0.5, zmax=k - 0.5,
            colorscale=scale, showscale=False, marker={"line": {"color": "white", "width": 0.6}, "opacity": 0.85},
            customdata=[[label(p), format_number(float(s), lang) + "%", format_number(n, lang), format_number(u, lang)]
                        for p, s, n, u in known[["pcode", "share_unreached", "in_need", "unreached"]].itertuples(
                            index=False)],
            hovertemplate="%{customdata[0]}<br>" + title + ": %{customdata[1]}<br>" + t("gaps.in_need", lang)
                          + ": %{customdata[2]} · " + t("gaps.unreached", lang) + ": %{customdata[3]}<extra></extra>",
            meta=legend_meta(title, *(LegendItem(lab, c, "area") for lab, c in
                                      zip(classes.labels(lang, "%"), colours, strict=True)))))
    rest = table[~table["pcode"].isin(known["pcode"])]
    for hidden, colour, key in ((True, HIDDEN, "gaps.too_few"), (False, NO_DATA, "gaps.nobody_in_need")):
        group = rest[[is_hidden(v) == hidden for v in rest["share_unreached"]]]
        if not group.empty:
            traces.append(go.Choroplethmap(
                _validate=False, geojson=geojson, featureidkey="id", locations=list(group["pcode"]), z=[0] * len(group),
                colorscale=[[0, colour], [1, colour]], showscale=False, marker={"line": {"color": "white",
                                                                                        "width": 0.6}},
                customdata=[[label(p)] for p in group["pcode"]],
                hovertemplate="%{customdata[0]}<br>" + t(key, lang) + "<extra></extra>",
                meta=legend_meta(title, LegendItem(t(key, lang), colour, "area"))))
    return traces


def gap_map(table: pd.DataFrame, providers: pd.DataFrame, cells: pd.DataFrame | None, suggestions: pd.DataFrame,
            district: str, radius_km: float, rings: bool, lang: str,
            focus: tuple[float, float] | None = None) -> go.Figure:
    """The whole figure; ``focus`` (a suggested site) centres the view there instead of the district,
    and is marked (a ring, listed in the legend) so that the site the user picked is the one they see."""
    # Built without Plotly's per-element validation, as the map page's layers are
    # (layers.base.map_points): validation walked every hover, size and position, and these
    # traces come from our own typed rows (the layout too, below). tests/features/gaps/
    # test_component.py validates the figure strictly, so a malformed property still fails there.
    traces = list(_choropleth(table, district, lang))
    section = t("gaps.layers", lang)
    if rings and not providers.empty:
        lats: list[float | None] = []
        lons: list[float | None] = []
        for lat, lon in zip(providers["lat"], providers["lon"], strict=True):
            ring_lat, ring_lon = ring(lat, lon, radius_km)
            lats += [*ring_lat, None]
            lons += [*ring_lon, None]
        traces.append(go.Scattermap(_validate=False, lat=lats, lon=lons, mode="lines", hoverinfo="skip",
                                    line={"color": RING_COLOUR, "width": 1.5},
                                    meta=legend_meta(section, LegendItem(
                                        t("gaps.reach", lang, km=format_number(radius_km, lang)), RING_COLOUR,
                                        "ring"))))
    if not providers.empty:
        traces.append(go.Scattermap(
            _validate=False, lat=list(providers["lat"]), lon=list(providers["lon"]), mode="markers",
            marker={"size": 10, "color": PROVIDER_COLOUR},
            customdata=[[safe(name) or t("gaps.provider_elsewhere", lang)] for name in providers["name"]],
            hovertemplate="<b>%{customdata[0]}</b><br>" + t("gaps.provider", lang) + "<extra></extra>",
            meta=legend_meta(section, LegendItem(t("gaps.provider", lang), PROVIDER_COLOUR, "dot"))))
    if cells is not None and not cells.empty:
        traces.append(go.Scattermap(
            _validate=False, lat=list(cells["lat"]), lon=list(cells["lon"]), mode="markers",
            marker={"size": [min(16, 4 + 2 * math.sqrt(int(n))) for n in cells["returnees"]],
                    "color": UNREACHED_COLOUR, "opacity": 0.7},
            customdata=[[format_number(int(n), lang)] for n in cells["returnees"]],
            hovertemplate=t("gaps.unreached_here", lang) + ": %{customdata[0]}<br>" + t("map.grid_cell", lang)
                          + "<extra></extra>",
            meta=legend_meta(section, LegendItem(t("gaps.unreached_cells", lang), UNREACHED_COLOUR, "circle"))))
    if focus is not None:
        # Under the sites' discs, so it shows as a ring around the chosen one.
        traces.append(go.Scattermap(
            _validate=False, lat=[focus[0]], lon=[focus[1]], mode="markers",
            marker={"size": 34, "color": CHOSEN_COLOUR},
            name=t("gaps.chosen_site", lang), hoverinfo="skip",
            meta=legend_meta(section, LegendItem(t("gaps.chosen_site", lang), CHOSEN_COLOUR, "ring"))))
    if not suggestions.empty:
        traces.append(go.Scattermap(
            _validate=False, lat=list(suggestions["lat"]), lon=list(suggestions["lon"]), mode="markers",
            marker={"size": 18, "color": SITE_COLOUR},
            customdata=[[i + 1, safe(site_name(site, kind, district, lang)), format_number(n, lang)]
                        for i, (site, kind, n) in enumerate(zip(suggestions["site"], suggestions["kind"],
                                                                suggestions["newly_reached"], strict=True))],
            hovertemplate=t("gaps.suggestion", lang) + " %{customdata[0]}: <b>%{customdata[1]}</b><br>"
                          + t("gaps.adds", lang) + ": %{customdata[2]}<extra></extra>",
            meta=legend_meta(section, LegendItem(t("gaps.suggestions", lang), SITE_COLOUR, "disc"))))
    box = bounds(district)
    if focus is not None:
        lat, lon = focus
        pad = max(radius_km / 111.0, 0.05)
        box = (lon - pad, lat - pad, lon + pad, lat + pad)
    # The layout as a dict too, the district map's: update_layout validated it on every answer.
    layout = map_layout(box, f"gaps-{district}-{focus}")
    return go.Figure({"data": traces, "layout": layout}, _validate=False)
