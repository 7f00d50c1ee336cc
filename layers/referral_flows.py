"""Referral flows, for one district at a time: a line from each upazila (where the referred
returnees live) to each provider they were referred to, as wide as the referrals it carries and
coloured by service; a dot in the middle of each line tells its numbers, and a ringed dot at each
provider tells where its referrals come from and how many were received or are pending.

Lines are aggregates (upazila -> provider -> service), never a person's path. Below
headquarters every count is published through the disclosure layer, and a line with fewer
than the threshold of people behind it is not drawn at all (nor counted in a provider's detail).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import pandas as pd
from plotly.basedatatypes import BaseTraceType
from sqlalchemy.orm import Session

from dashboard.core.disclosure import publish
from dashboard.core.scope import Scope
from dashboard.figures.style import WHITE, LegendItem, legend_meta
from dashboard.i18n import format_number, t
from dashboard.models.vocabulary import Service
from dashboard.queries.referrals import FlowCell, FlowProvider, flow_providers, referral_flows
from geodata import admin_areas
from layers.base import LayerView, MapLayer, map_points, register, ringed_markers, safe

# Paul Tol's "light" and "dark" schemes: twelve services, apart from every other layer's colours
# (tests/figures/test_layer_colours.py).
SERVICE_COLOURS = dict(zip([s.value for s in Service], (
    "#EE8866", "#77AADD", "#FFAABB", "#EEDD88", "#44BB99", "#BBCC33",
    "#AAAA00", "#99DDFF", "#222255", "#225555", "#225522", "#663333"), strict=True))
SERVICE_ORDER = [s.value for s in Service]
PROVIDER_MARK = "#222222"
# Lines of different services between the same two places are set this far apart (degrees).
SIDE_STEP_DEGREES = 0.004
THINNEST, WIDEST = 1.5, 9.0
# Line widths come in classes, WIDTH_STEPS + 1 of them from the thinnest to the widest: lines of
# one service and width are one trace (one MapLibre layer in the browser), and continuous
# widths gave Sylhet's flows at scale 1000 239 line traces, 20 ms to build and as many layers
# to draw; classed, at most seven per service. The hover dot on each line gives its numbers.
WIDTH_STEPS = 6
# A provider's detail names at most this many upazilas its referrals come from (the rest are "others").
MOST_SOURCES = 6


@dataclass(frozen=True)
class FlowLayerData:
    """The flows of the zoomed district (none without one), and the providers they reach.
    ``threshold`` is set once the counts were published below headquarters."""

    cells: Sequence[FlowCell]
    providers: Mapping[int, FlowProvider]
    district: str | None
    threshold: int | None = None


def load(session: Session, scope: Scope, view: LayerView) -> FlowLayerData:
    """The zoomed district's referrals in the period, per upazila, provider and service."""
    if view.district is None:
        return FlowLayerData([], {}, None)
    cells = referral_flows(session, scope, view.district, view.area_filters())
    return FlowLayerData(cells, flow_providers(session, scope, {c.provider_id for c in cells}), view.district)


def protect(data: FlowLayerData, threshold: int) -> FlowLayerData:
    """Below headquarters: a line with fewer than ``threshold`` people behind it is dropped
    (counted or published: a line is never one person, as a grid cell of returnees is never
    fewer than the threshold), every other count published from its key sum, no key sum kept."""
    published = []
    for c in data.cells:
        people = int(publish(c.people, c.people_keys, threshold))
        if c.people < threshold or people < threshold:
            continue
        published.append(FlowCell(c.upazila_pcode, c.provider_id, c.service, people, 0,
                                  int(publish(c.referrals, c.referral_keys, threshold)), 0,
                                  int(publish(c.received, c.received_keys, threshold)), 0,
                                  int(publish(c.pending, c.pending_keys, threshold)), 0))
    return replace(data, cells=published, threshold=threshold)


def why_empty(data: FlowLayerData) -> str | None:
    """Flows are drawn for one district at a time: without one, say so."""
    return "district" if data.district is None else None


def _drawn(data: FlowLayerData) -> list[FlowCell]:
    areas = admin_areas()
    return [c for c in data.cells if c.provider_id in data.providers and c.upazila_pcode in areas and c.referrals > 0]


def _width(referrals: int, top: int) -> float:
    # Width grows with the square root, as the map's circles do with area (a line of four
    # times the referrals is twice as wide), to the nearest of the WIDTH_STEPS classes.
    if not top:
        return THINNEST
    step = round(math.sqrt(referrals / top) * WIDTH_STEPS) / WIDTH_STEPS
    return round(THINNEST + (WIDEST - THINNEST) * step, 1)


def _service_key(service: str) -> tuple[int, str]:
    return (SERVICE_ORDER.index(service) if service in SERVICE_ORDER else len(SERVICE_ORDER), service)


def _ends(cell: FlowCell, data: FlowLayerData, side: float) -> tuple[float, float, float, float]:
    """(lat0, lon0, lat1, lon1) of a line, moved ``side`` degrees to its right."""
    area, provider = admin_areas()[cell.upazila_pcode], data.providers[cell.provider_id]
    lat0, lon0, lat1, lon1 = area.center_lat, area.center_lon, provider.lat, provider.lon
    length = math.hypot(lat1 - lat0, lon1 - lon0) or 1.0
    north, east = -(lon1 - lon0) / length * side, (lat1 - lat0) / length * side
    return lat0 + north, lon0 + east, lat1 + north, lon1 + east


def traces(data: FlowLayerData, view: LayerView) -> list[BaseTraceType]:
    """Lines per service and width, a hover dot per line, and the providers' ringed dots."""
    cells = _drawn(data)
    if not cells:
        return []
    lang, areas = view.lang, admin_areas()
    section = t("layer.referral_flows", lang)
    top = max(c.referrals for c in cells)
    services_between: dict[tuple[str, int], list[str]] = defaultdict(list)
    for c in cells:
        services_between[(c.upazila_pcode, c.provider_id)].append(c.service)
    out: list[BaseTraceType] = []
    for service in sorted({c.service for c in cells}, key=_service_key):
        colour, label = SERVICE_COLOURS.get(service, "#777777"), t(f"service.{service}", lang)
        group = [c for c in cells if c.service == service]
        placed = []
        for c in group:
            between = sorted(services_between[(c.upazila_pcode, c.provider_id)], key=_service_key)
            side = (between.index(service) - (len(between) - 1) / 2) * SIDE_STEP_DEGREES
            placed.append((c, _ends(c, data, side)))
        widths = [_width(c.referrals, top) for c in group]
        for width in sorted(set(widths)):
            lat: list[float | None] = []
            lon: list[float | None] = []
            for (_c, (lat0, lon0, lat1, lon1)), drawn in zip(placed, widths, strict=True):
                if drawn == width:
                    lat += [lat0, lat1, None]
                    lon += [lon0, lon1, None]
            out.append(map_points(lat=lat, lon=lon, mode="lines", line={"width": width, "color": colour},
                                  opacity=0.75, hoverinfo="skip", showlegend=False))
        out.append(map_points(
            lat=[(e[0] + e[2]) / 2 for _c, e in placed], lon=[(e[1] + e[3]) / 2 for _c, e in placed],
            mode="markers", marker={"size": 8, "color": colour},
            customdata=[[safe(areas[c.upazila_pcode].name(lang)), safe(data.providers[c.provider_id].name),
                         format_number(c.referrals, lang), format_number(c.people, lang),
                         format_number(c.received, lang), format_number(c.pending, lang)] for c, _e in placed],
            hovertemplate=("<b>%{customdata[0]} → %{customdata[1]}</b><br>" + section + " · " + label + "<br>"
                           + t("flows.referrals", lang) + ": %{customdata[2]}<br>"
                           + t("flows.people", lang) + ": %{customdata[3]}<br>"
                           + t("flows.received", lang) + ": %{customdata[4]}<br>"
                           + t("flows.pending", lang) + ": %{customdata[5]}<extra></extra>"),
            name=f"{section}: {label}", meta=legend_meta(section, LegendItem(label, colour, "line"))))
    return out + _provider_traces(cells, data, view)


def provider_detail(cells: Sequence[FlowCell]) -> dict[int, tuple[int, int, int, list[tuple[str, int]]]]:
    """Per provider: referrals, received, pending, and the upazilas they come from with their
    referrals (most first), from the lines drawn (so from published counts below headquarters)."""
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    sources: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for c in cells:
        totals[c.provider_id][0] += c.referrals
        totals[c.provider_id][1] += c.received
        totals[c.provider_id][2] += c.pending
        sources[c.provider_id][c.upazila_pcode] += c.referrals
    return {p: (n, r, w, sorted(sources[p].items(), key=lambda s: (-s[1], s[0]))) for p, (n, r, w) in totals.items()}


def _provider_traces(cells: list[FlowCell], data: FlowLayerData, view: LayerView) -> list[BaseTraceType]:
    lang, areas = view.lang, admin_areas()
    section, label = t("layer.referral_flows", lang), t("flows.provider", lang)
    detail = provider_detail(cells)
    ids = sorted(detail)

    def sources(found: list[tuple[str, int]]) -> str:
        named = [f"{safe(areas[u].name(lang))} {format_number(n, lang)}" for u, n in found[:MOST_SOURCES]]
        rest = sum(n for _u, n in found[MOST_SOURCES:])
        if rest:
            named.append(t("flows.others", lang, count=format_number(rest, lang)))
        return "<br>".join(named)

    # A dark hub with a white edge: where the lines meet (the legend's "hub", a form of its own).
    return ringed_markers(
        [data.providers[p].lat for p in ids], [data.providers[p].lon for p in ids], [11.0] * len(ids),
        PROVIDER_MARK, WHITE, 2.0,
        customdata=[[safe(data.providers[p].name), safe(data.providers[p].organisation),
                     format_number(detail[p][0], lang), format_number(detail[p][1], lang),
                     format_number(detail[p][2], lang), sources(detail[p][3])] for p in ids],
        hovertemplate=("<b>%{customdata[0]}</b> (%{customdata[1]})<br>" + section + "<br>"
                       + t("flows.referrals", lang) + ": %{customdata[2]}<br>"
                       + t("flows.received", lang) + ": %{customdata[3]}<br>"
                       + t("flows.pending", lang) + ": %{customdata[4]}<br>"
                       + t("flows.from", lang) + ":<br>%{customdata[5]}<extra></extra>"),
        name=f"{section}: {label}", meta=legend_meta(section, LegendItem(label, PROVIDER_MARK, "hub")))


def table(data: FlowLayerData, view: LayerView) -> tuple[list[str], list[list[object]]]:
    """The flows as the map's "Show as table" lists them: the lines are not readable otherwise."""
    lang, areas = view.lang, admin_areas()
    header = [t("map.column.upazila", lang), t("flows.provider", lang), t("flows.service", lang),
              t("flows.referrals", lang), t("flows.people", lang), t("flows.received", lang),
              t("flows.pending", lang)]
    return header, [[areas[c.upazila_pcode].name(lang), data.providers[c.provider_id].name,
                     t(f"service.{c.service}", lang), c.referrals, c.people, c.received, c.pending]
                    for c in _drawn(data)]


ROW_COLUMNS = ["upazila_pcode", "upazila", "upazila_bn", "provider_id", "provider", "organisation",
               "provider_upazila", "service", "service_label", "people", "referrals", "received", "pending"]


def rows(data: FlowLayerData, view: LayerView) -> pd.DataFrame:
    """The flows as a table, one row per upazila, provider and service (as the map draws them)."""
    areas = admin_areas()
    table = []
    for c in _drawn(data):
        area, provider = areas[c.upazila_pcode], data.providers[c.provider_id]
        place = areas.get(provider.upazila_pcode)
        table.append([c.upazila_pcode, area.name_en, area.name_bn or "", provider.id, provider.name,
                      provider.organisation, place.name_en if place else provider.upazila_pcode, c.service,
                      t(f"service.{c.service}", view.lang), c.people, c.referrals, c.received, c.pending])
    return pd.DataFrame(table, columns=ROW_COLUMNS)


LAYER = register(MapLayer("referral_flows", "layer.referral_flows", False, 35, load, traces, rows, protect,
                          why_empty, table))
