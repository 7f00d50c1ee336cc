"""Migration fairs: purple discs with a white edge, sized by visitors, one shade per year
(newer darker, the oldest still clearly visible), at district zoom; nationally, one disc per
district sized by how many fairs it held (the country's tens of thousands of fairs, one disc
each, hid the map under one another and were most of the national map's answer)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, partial

import pandas as pd
from plotly.basedatatypes import BaseTraceType
from sqlalchemy.orm import Session

from dashboard.core.scope import Scope
from dashboard.figures.style import FAIR_COLOURS, WHITE, LegendItem, legend_meta
from dashboard.i18n import format_date, format_digits, format_number, t
from dashboard.queries import FairPoint, FairsInDistrict, fair_points, fairs_per_district
from geodata import admin_areas
from layers.base import LayerView, MapLayer, marker_sizes, register, ringed_markers, safe

# Nationally a district's disc stands this far south of its centre (about 20 km, some 12 pixels
# at the country's zoom): the providers' national circle sits on the centre and would cover it.
DISTRICT_OFFSET_DEGREES = 0.18


@dataclass(frozen=True)
class FairLayerData:
    """Fairs one by one (district zoom), or summed per district (national)."""

    points: list[FairPoint] | None = None
    districts: list[FairsInDistrict] | None = None


def load(session: Session, scope: Scope, view: LayerView) -> FairLayerData:
    """Fairs in the period in the zoomed district, or per district nationally."""
    if view.district is None:
        return FairLayerData(districts=fairs_per_district(session, scope, view.area_filters()))
    return FairLayerData(points=fair_points(session, scope, view.area_filters()))


def year_colours(years: list[int]) -> dict[int, str]:
    """The newest year gets the darkest shade; older years step lighter (the oldest shades repeat)."""
    ordered = sorted(set(years), reverse=True)
    return {year: FAIR_COLOURS[max(len(FAIR_COLOURS) - 1 - i, 0)] for i, year in enumerate(ordered)}


def traces(data: FairLayerData, view: LayerView) -> list[BaseTraceType]:
    """One disc trace pair per year, sized by visitors on one scale; nationally, the districts' discs."""
    if data.districts is not None:
        return _district_traces(data.districts, view)
    fairs = data.points or []
    if not fairs:
        return []
    lang, section = view.lang, t("layer.fairs", view.lang)
    sizes = dict(zip([f.id for f in fairs], marker_sizes([f.visitors for f in fairs], largest=28, smallest=9),
                     strict=True))
    colours = year_colours([f.held_on.year for f in fairs])
    # Each distinct venue, day and number formatted once: nationally 22,400 fairs share a few
    # thousand of each, and formatting every cell anew was a fifth of the national map's answer.
    venue, day, number = (cache(safe), cache(lambda d: format_date(d, lang)),
                          cache(lambda n: format_number(n, lang)))
    out: list[BaseTraceType] = []
    for year in sorted(colours):
        group = [f for f in fairs if f.held_on.year == year]
        label = format_digits(str(year), lang)
        out += ringed_markers(
            [f.lat for f in group], [f.lon for f in group], [sizes[f.id] for f in group], colours[year], WHITE, 1.5,
            customdata=[[venue(f.venue), day(f.held_on), number(f.visitors), number(f.providers_present),
                         number(f.referrals_made)] for f in group],
            hovertemplate=("<b>%{customdata[0]}</b><br>" + section + " · %{customdata[1]}<br>"
                           + t("fair.visitors", lang) + ": %{customdata[2]}<br>"
                           + t("fair.providers", lang) + ": %{customdata[3]}<br>"
                           + t("fair.referrals", lang) + ": %{customdata[4]}<extra></extra>"),
            name=f"{section}: {label}", meta=legend_meta(section, LegendItem(label, colours[year], "disc")),
        )
    return out


def _district_traces(districts: list[FairsInDistrict], view: LayerView) -> list[BaseTraceType]:
    # The middle shade: the darkest reads as the providers' navy at the country's zoom.
    if not districts:
        return []
    areas, lang, section = admin_areas(), view.lang, t("layer.fairs", view.lang)
    label, colour = t("fair.per_district", lang), FAIR_COLOURS[len(FAIR_COLOURS) // 2]
    number = partial(format_number, lang=lang)
    centres = [areas[d.district_pcode] for d in districts]
    return ringed_markers(
        [c.center_lat - DISTRICT_OFFSET_DEGREES for c in centres], [c.center_lon for c in centres],
        marker_sizes([d.fairs for d in districts], largest=20, smallest=8), colour, WHITE, 1.5,
        customdata=[[safe(c.name(lang)), number(d.fairs), format_date(d.first_held, lang),
                     format_date(d.last_held, lang), number(d.visitors), number(d.referrals_made)]
                    for d, c in zip(districts, centres, strict=True)],
        hovertemplate=("<b>%{customdata[0]}</b><br>" + t("fair.held", lang) + ": %{customdata[1]}"
                       " (%{customdata[2]} – %{customdata[3]})<br>"
                       + t("fair.visitors", lang) + ": %{customdata[4]}<br>"
                       + t("fair.referrals", lang) + ": %{customdata[5]}<extra></extra>"),
        name=f"{section}: {label}", meta=legend_meta(section, LegendItem(label, colour, "disc")),
    )


def rows(data: FairLayerData, _view: LayerView) -> pd.DataFrame:
    """One row per fair, or per district nationally (with the district's names)."""
    if data.districts is not None:
        areas = admin_areas()
        return pd.DataFrame(
            [(d.district_pcode, areas[d.district_pcode].name_en, areas[d.district_pcode].name_bn or "", d.fairs,
              d.visitors, d.referrals_made, d.first_held, d.last_held) for d in data.districts],
            columns=["district_pcode", "district", "district_bn", "fairs", "visitors", "referrals_made",
                     "first_held", "last_held"])
    return pd.DataFrame.from_records(data.points or [], columns=list(FairPoint._fields))


LAYER = register(MapLayer("fairs", "layer.fairs", False, 30, load, traces, rows))
