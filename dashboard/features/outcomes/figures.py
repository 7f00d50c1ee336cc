"""The outcome page's figures (pure): the score map and the cohort curves."""

from __future__ import annotations

from collections.abc import Sequence
from copy import deepcopy
from typing import Any

import plotly.graph_objects as go

from dashboard.core.metrics import Metric
from dashboard.core.privacy import Hidden
from dashboard.figures.axes import hover_numbers
from dashboard.figures.choropleth import area_choropleth
from dashboard.figures.classes import quantile_classes
from dashboard.figures.message import message_figure
from dashboard.figures.style import FONT, HOVER_LABEL, safe
from dashboard.figures.template import default_template
from dashboard.i18n import format_digits, format_number, t


def score_text(value: float | Hidden | None, measure: str, lang: str) -> str:
    """A score (0.45) or a share (45%) as the page writes it; "<5" hidden; "no data" for None."""
    if value is None:
        return t("map.no_data", lang)
    if isinstance(value, Hidden):
        return format_number(value, lang)
    return format_number(value, lang, 0) + "%" if measure == "share" else format_number(value, lang, 2)


def score_map(values: dict[str, float | Hidden | None], title: str, measure: str, district: str | None,
              lang: str) -> go.Figure:
    """Districts (or the upazilas of ``district``) in quantile classes of the score or share;
    the hover names what is shown (``title``)."""
    numbers = [float(v) for v in values.values() if isinstance(v, int | float)]
    decimals = 0 if measure == "share" else 2
    classes = quantile_classes(numbers, decimals)
    # The map's choropleth names its metric in the hover; here the score is named instead.
    stand_in = Metric.PLAN_SHARE if measure == "share" else Metric.RETURNEES
    figure = area_choropleth(values, lang, district, stand_in, classes=classes,
                             legend_title=f"{title} ({t('map.legend.quantiles', lang)})",
                             text=lambda value: score_text(value, measure, lang))
    named = t(f"metric.{stand_in.value}", lang)
    for trace in figure.data:
        if trace.hovertemplate:
            trace.hovertemplate = trace.hovertemplate.replace(named, safe(title))
    return figure


def cohort_figure(points: Sequence[Any], title: str, lang: str) -> dict[str, Any]:
    """One line per quarter of return: the mean score at each round (months since return).
    Hidden points are left out of the line and said so in the hover of the others.

    Written as the JSON ``go.Figure`` would give, not through it: Plotly's validation of each
    trace and of the layout was 20 ms of the page's answer for 28 quarters (tests check the
    result is what Plotly itself makes of it)."""
    if not points:
        return message_figure(t("outcomes.none", lang))
    data: list[dict[str, Any]] = []
    months, people, label = safe(t("outcomes.months", lang)), safe(t("outcomes.people", lang)), safe(title)
    for cohort in sorted({p.cohort for p in points}):
        mine = [p for p in points if p.cohort == cohort and isinstance(p.mean, float | int)]
        if not mine:
            continue
        x = [p.round_months for p in mine]
        name = t("outcomes.quarter", lang, year=format_digits(str(cohort[0]), lang),
                 quarter=format_number(cohort[1], lang))
        y = [float(p.mean) for p in mine]
        data.append({
            "customdata": [[format_number(r, lang), score, format_number(p.people, lang)]
                           for r, score, p in zip(x, hover_numbers(y, lang, 2), mine, strict=True)],
            "hovertemplate": (f"{safe(name)}<br>{months}: %{{customdata[0]}}<br>{label}: %{{customdata[1]}}<br>"
                              f"{people}: %{{customdata[2]}}<extra></extra>"),
            "mode": "lines+markers", "name": name, "x": x, "y": y, "type": "scatter"})
    if not data:
        return message_figure(t("outcomes.all_hidden", lang))
    ticks = sorted({p.round_months for p in points})
    layout = {
        "font": dict(FONT), "hoverlabel": deepcopy(HOVER_LABEL), "height": 360,
        "margin": {"l": 50, "r": 10, "t": 10, "b": 40},
        "xaxis": {"title": {"text": t("outcomes.months", lang)}, "tickvals": ticks,
                  "ticktext": [format_number(v, lang) for v in ticks]},
        "yaxis": {"title": {"text": title}, "range": [0, 1], "tickvals": [0, 0.25, 0.5, 0.75, 1],
                  "ticktext": [format_number(v, lang, 2) for v in (0, 0.25, 0.5, 0.75, 1)]},
        "legend": {"title": {"text": t("outcomes.cohort", lang)}},
        "template": deepcopy(default_template())}
    return {"data": data, "layout": layout}
