"""Service providers: ringed dots coloured by type at district zoom; nationally, one
ringed circle per district sized by how many providers it has (hundreds of dots
would hide the map). Each ring has a white halo, so a dark-blue "Government" dot stays
visible on the map's darkest classes."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import pandas as pd
from plotly.basedatatypes import BaseTraceType
from sqlalchemy.orm import Session

from dashboard.core.scope import Scope
from dashboard.figures.style import (
    PROVIDER_COLOURS,
    PROVIDER_FALLBACK,
    PROVIDER_RING,
    WHITE,
    LegendItem,
    legend_meta,
)
from dashboard.i18n import format_number, t
from dashboard.models.vocabulary import ProviderType
from dashboard.queries import ProviderPoint, provider_counts, provider_points
from geodata import admin_areas
from layers.base import LayerView, MapLayer, marker_sizes, register, ringed_markers, safe

# The national summary's colour: none of the types', as it stands for all of them.
AGGREGATE_COLOUR = "#2F4B7C"


@dataclass(frozen=True)
class ProviderLayerData:
    """Providers one by one (district zoom), or counts per district and type (national)."""

    points: list[ProviderPoint] | None = None
    counts: list[tuple[str, str, int]] | None = None


def load(session: Session, scope: Scope, view: LayerView) -> ProviderLayerData:
    """Providers in the zoomed district, or counts per district; with a need filter, those offering it."""
    services = view.filters.chosen("need")
    if view.district is None:
        return ProviderLayerData(counts=provider_counts(session, scope, view.area_filters(), services))
    return ProviderLayerData(points=provider_points(session, scope, view.area_filters(), services=services))


def _type_label(kind: str, lang: str) -> str:
    return t(f"provider_type.{kind}", lang)


def traces(data: ProviderLayerData, view: LayerView) -> list[BaseTraceType]:
    """A trace pair per provider type (district zoom), or the national summary."""
    section = t("layer.providers", view.lang)
    if data.counts is not None:
        return _summary_traces(data.counts, view, section)
    by_type: dict[str, list[ProviderPoint]] = defaultdict(list)
    for point in data.points or []:
        by_type[point.provider_type].append(point)
    out: list[BaseTraceType] = []
    for kind in [k.value for k in ProviderType if k.value in by_type]:
        group, label = by_type[kind], _type_label(kind, view.lang)
        fill = PROVIDER_COLOURS.get(kind, PROVIDER_FALLBACK)
        out += ringed_markers(
            [p.lat for p in group], [p.lon for p in group], [9] * len(group), fill, PROVIDER_RING, 1.5, WHITE,
            customdata=[[safe(p.name), safe(p.organisation), label,
                         ", ".join(t(f"service.{s}", view.lang) for s in p.services), safe(p.contact_phone) or "–"]
                        for p in group],
            hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]} · %{customdata[2]}<br>%{customdata[3]}"
                          "<br>☎ %{customdata[4]}<extra></extra>",
            name=f"{section}: {label}", meta=legend_meta(section, LegendItem(label, fill, "dot")),
        )
    return out


def _summary_traces(counts: list[tuple[str, str, int]], view: LayerView, section: str) -> list[BaseTraceType]:
    per_district: dict[str, dict[str, int]] = defaultdict(dict)
    for district, kind, count in counts:
        per_district[district][kind] = count
    if not per_district:
        return []
    areas = admin_areas()
    districts = sorted(per_district)
    totals = [sum(per_district[d].values()) for d in districts]
    label = t("provider.per_district", view.lang)
    return ringed_markers(
        [areas[d].center_lat for d in districts], [areas[d].center_lon for d in districts],
        marker_sizes(totals, largest=24, smallest=7), AGGREGATE_COLOUR, PROVIDER_RING, 1.5, WHITE,
        customdata=[[safe(areas[d].name(view.lang)), format_number(total, view.lang),
                     "<br>".join(f"{_type_label(k, view.lang)}: {format_number(n, view.lang)}"
                                 for k, n in sorted(per_district[d].items()))]
                    for d, total in zip(districts, totals, strict=True)],
        hovertemplate=f"<b>%{{customdata[0]}}</b><br>{section}: %{{customdata[1]}}<br>%{{customdata[2]}}"
                      "<extra></extra>",
        name=f"{section}: {label}", meta=legend_meta(section, LegendItem(label, AGGREGATE_COLOUR, "dot")),
    )


def rows(data: ProviderLayerData, view: LayerView) -> pd.DataFrame:
    """One row per provider (types and services as words), or per district and type nationally."""
    lang = view.lang
    if data.counts is not None:
        areas = admin_areas()
        return pd.DataFrame([(d, areas[d].name_en, areas[d].name_bn or "", _type_label(k, lang), n)
                             for d, k, n in data.counts],
                            columns=["district_pcode", "district", "district_bn", "provider_type", "providers"])
    return pd.DataFrame(
        [(p.id, p.name, p.organisation, _type_label(p.provider_type, lang), p.upazila_pcode, p.lat, p.lon,
          p.contact_phone or "", "; ".join(t(f"service.{s}", lang) for s in p.services))
         for p in data.points or []],
        columns=["id", "name", "organisation", "provider_type", "upazila_pcode", "lat", "lon", "contact_phone",
                 "services"])


LAYER = register(MapLayer("providers", "layer.providers", False, 40, load, traces, rows))
