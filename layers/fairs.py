"""Migration fairs: purple discs with a white edge, sized by visitors, one shade per year
(newer darker, the oldest still clearly visible)."""

from __future__ import annotations

from dataclasses import fields
from functools import cache

import pandas as pd
from plotly.basedatatypes import BaseTraceType
from sqlalchemy.orm import Session

from dashboard.core.scope import Scope
from dashboard.figures.style import FAIR_COLOURS, WHITE, LegendItem, legend_meta
from dashboard.i18n import format_date, format_digits, format_number, t
from dashboard.queries import FairPoint, fair_points
from layers.base import LayerView, MapLayer, marker_sizes, register, ringed_markers, safe


def load(session: Session, scope: Scope, view: LayerView) -> list[FairPoint]:
    """Fairs in the period, in the zoomed district when there is one."""
    return fair_points(session, scope, view.area_filters())


def year_colours(years: list[int]) -> dict[int, str]:
    """The newest year gets the darkest shade; older years step lighter (the oldest shades repeat)."""
    ordered = sorted(set(years), reverse=True)
    return {year: FAIR_COLOURS[max(len(FAIR_COLOURS) - 1 - i, 0)] for i, year in enumerate(ordered)}


def traces(fairs: list[FairPoint], view: LayerView) -> list[BaseTraceType]:
    """One disc trace pair per year, sized by visitors on one scale."""
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


def rows(fairs: list[FairPoint], _view: LayerView) -> pd.DataFrame:
    """One row per fair."""
    # Plain attribute reads, not dataclasses.asdict: asdict deep-copies every value, which was
    # a tenth of the brief's Python time for a district's 700 fairs.
    names = [f.name for f in fields(FairPoint)]
    return pd.DataFrame.from_records([tuple(getattr(f, n) for n in names) for f in fairs], columns=names)


LAYER = register(MapLayer("fairs", "layer.fairs", False, 30, load, traces, rows))
