"""The map's timeline and split view: the chosen metric for every area in every step, or its
change on the step before, with one set of classes over all steps (``steps`` holds the periods).

Every step of a returnee metric comes from one query over the summary tables
(``queries.timeline``), cached; below headquarters each step's counts are published exactly as
the single-period map publishes them (``data._metric_from_cells``), so a step shows what the map
shows for that period, and a change is the difference of two published values, never of raw
counts. Other metrics, and person filters the summaries cannot answer, are the single-period
map's values step by step (each cached as the map caches it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import plotly.graph_objects as go

from dashboard.core import guard
from dashboard.core.cache import cached
from dashboard.core.disclosure import publish
from dashboard.core.filters import Filters
from dashboard.core.guard import effective_filters, reader_scope, require_area
from dashboard.core.metrics import SPECS, Metric
from dashboard.core.privacy import Count, Hidden
from dashboard.core.url import parse_query
from dashboard.features.map.data import _metric_from_cells, map_values
from dashboard.features.map.state import ViewState
from dashboard.features.map.steps import Change, Step, TimelineState
from dashboard.figures.choropleth import area_choropleth, format_metric
from dashboard.figures.classes import Classes, quantile_classes
from dashboard.i18n import format_number, t
from dashboard.queries.metrics import areas_in_view
from dashboard.queries.summaries import Cell
from dashboard.queries.timeline import month_ranges, returnee_cells_by_period, usable
from geodata import admin_areas

Values = dict[str, float | Hidden | None]
# The returnee metrics the one-query path computes (any other metric goes step by step).
_FROM_CELLS = (Metric.RETURNEES, Metric.RETURNEES_PER_100_SQKM, Metric.PLAN_SHARE, Metric.UNMET_NEED_SHARE)
_DECIMALS = {"count": 0, "density": 1, "share": 0, "score": 2, "ratio": 1}
# A change in percent needs a base: below this many (or the threshold below headquarters, if
# larger) in the step before, the area is hidden rather than shown as +300 %.
MIN_CHANGE_BASE = 5
# The uid of the traces colouring the areas in a step's figure, which the browser swaps per step.
AREA_UID = "timeline-area"
# ColorBrewer RdBu (diverging, safe for colour-vision deficiencies): falls in red, rises in
# blue, no change in a near-white that is neither "no data" nor "hidden".
FALLS = ("#B2182B", "#EF8A62", "#FDDBC7")
NO_CHANGE = "#F7F7F7"
RISES = ("#D1E5F0", "#67A9CF", "#2166AC")


class DivergingClasses(Classes):
    """Classes mirrored around zero (falls, no change, rises), labelled with their sign."""

    def labels(self, lang: str, suffix: str = "") -> list[str]:
        """"−40 to −11", "0", "+1 to +10" ... in ``lang``'s digits."""
        def number(value: float) -> str:
            sign = "+" if value > 0 else "−" if value < 0 else ""
            return sign + format_number(abs(value), lang, self.decimals)

        return [(number(low) if low == high else f"{number(low)} … {number(high)}") + suffix
                for low, high in self.ranges]


def diverging_classes(values: list[float], decimals: int) -> DivergingClasses | None:
    """Up to three classes of falls and of rises, mirrored so zero is the middle class whatever
    the data: the bounds are quantiles of the changes' sizes, pooled over falls and rises."""
    if not values:
        return None
    sizes = [abs(v) for v in values if round(abs(v), decimals) > 0]
    positive = quantile_classes(sizes, decimals, count=3) if sizes else None
    if positive is None:
        return DivergingClasses(((0.0, 0.0),), decimals)
    step = round(10.0 ** -decimals, decimals)
    highs = [high for _low, high in positive.ranges]
    # Each class starts just above the one below it, so every change has a class and a label.
    ups = [(step if i == 0 else round(highs[i - 1] + step, decimals), high) for i, high in enumerate(highs)]
    downs = [(-high, -low) for low, high in reversed(ups)]
    # The bounds are mirrored; the labels say what the data holds: a class beyond the largest fall
    # or rise is dropped, and the outermost classes end at the largest (a fall in percent is never
    # below -100 %, whatever the largest rise).
    lowest, highest = round(min(values), decimals), round(max(values), decimals)
    downs = [(max(low, lowest), high) for low, high in downs if lowest <= high]
    ups = [(low, min(high, highest)) for low, high in ups if low <= highest]
    return DivergingClasses((*downs, (0.0, 0.0), *ups), decimals)


def diverging_colours(classes: Classes) -> list[str]:
    """A colour per class of :func:`diverging_classes`: reds for falls, near-white for none, blues for rises."""
    falls = sum(1 for _low, high in classes.ranges if high < 0)
    rises = sum(1 for low, _high in classes.ranges if low > 0)
    return [*FALLS[len(FALLS) - falls:], NO_CHANGE, *RISES[:rises]]


@dataclass(frozen=True)
class TimelineData:
    """Every step's values as the map colours them, the area's total per step (None where the
    metric has no total that may be shown), and the classes for all steps."""

    steps: list[Step]
    values: list[Values]
    totals: list[Count | float | None]
    classes: Classes | None
    colours: list[str] | None  # None: the metric's own sequential scheme
    change: Change
    metric_values: list[Values]  # the metric itself in each step (the same as values without a change)


def _exact_from_cells(metric: Metric, area_sqkm: float, cells: tuple[Cell, Cell, Cell] | None) -> float | None:
    # As queries.metrics computes it for headquarters (tests check the two agree step by step).
    (total, _k), (plans, _kp), (unmet, _ku) = cells or ((0, 0), (0, 0), (0, 0))
    if metric == Metric.RETURNEES:
        return total
    if metric == Metric.RETURNEES_PER_100_SQKM:
        return round(100 * total / area_sqkm, 2)
    part = unmet if metric == Metric.UNMET_NEED_SHARE else plans
    return round(100 * part / total, 1) if total else None


def metric_by_step(state: ViewState, all_steps: list[Step]) -> tuple[list[Values], list[Count | float | None]]:
    """The chosen metric for every area of the view in each step, as the single-period map shows
    it (below headquarters from published counts), and each step's total over the whole view."""
    require_area(state.district)
    scope, threshold = reader_scope(), guard.threshold()
    common = effective_filters(state.map_filters()).replace(start=None, end=None)
    if state.metric in _FROM_CELLS and usable(common) and all_steps:
        ranges = month_ranges([(s.start, s.end) for s in all_steps])
        per_step = cached("timeline-cells", (scope, common, state.level, tuple(ranges)),
                          lambda s: returnee_cells_by_period(s, scope, state.level, common, ranges))
        areas = admin_areas()
        pcodes = areas_in_view(scope, state.level, common)
        values: list[Values] = []
        totals: list[Count | float | None] = []
        for cells in per_step:
            if threshold is None:
                values.append({p: _exact_from_cells(state.metric, areas[p].area_sqkm, cells.get(p)) for p in pcodes})
            else:
                values.append({p: _metric_from_cells(state.metric, areas[p].area_sqkm, cells.get(p), threshold)
                               for p in pcodes})
            # The whole view's count is a cell of its own (the sum of raw counts and of key sums),
            # published as such: never a sum of published parts.
            count = sum(c[0][0] for p, c in cells.items() if p in pcodes)
            key_sum = sum(c[0][1] for p, c in cells.items() if p in pcodes)
            if state.metric != Metric.RETURNEES:
                totals.append(None)
            else:
                totals.append(count if threshold is None else publish(count, key_sum, threshold))
        return values, totals
    values = [map_values(replace(state, filters=state.filters.replace(start=s.start, end=s.end))) for s in all_steps]
    spec = SPECS[state.metric]
    # Below headquarters a total of published counts would be a sum of perturbed parts: none is given.
    summable = spec.unit == "count" and (threshold is None or not (spec.about_returnees or spec.perturbed))
    totals = [sum(v for v in step.values() if isinstance(v, int | float)) if summable else None for step in values]
    return values, totals


def change_between(before: float | Hidden | None, after: float | Hidden | None, change: Change, decimals: int,
                   threshold: int | None) -> float | Hidden | None:
    """The change from ``before`` to ``after`` (both as published): absolute, or in percent of
    ``before``. Hidden when either is hidden or the base is too small to say; None (no data)
    when either has none."""
    if isinstance(before, Hidden) or isinstance(after, Hidden):
        return Hidden(threshold or MIN_CHANGE_BASE)
    if before is None or after is None:
        return None
    if change == Change.PERCENT:
        if before < max(threshold or 0, MIN_CHANGE_BASE):
            return Hidden(max(threshold or 0, MIN_CHANGE_BASE))
        return round(100 * (after - before) / before, 0)
    return round(after - before, decimals)


def effective_change(metric: Metric, change: Change) -> Change:
    """A change in percent is offered for counts only: a share changes in percentage points, and
    a density as its count does."""
    return Change.ABSOLUTE if change == Change.PERCENT and SPECS[metric].unit != "count" else change


def timeline_data(state: ViewState, timeline: TimelineState, span: Filters) -> TimelineData:
    """The timeline of ``state``'s metric over the steps of ``span``'s period (the period the
    filter panel holds, not the step's)."""
    change = effective_change(state.metric, timeline.change)
    all_steps = timeline.steps(span)
    values, totals = metric_by_step(state, all_steps)
    decimals = _DECIMALS[SPECS[state.metric].unit]
    threshold = guard.threshold()
    if change == Change.VALUE:
        numbers = [v for step in values for v in step.values() if isinstance(v, int | float)]
        return TimelineData(all_steps, values, totals, quantile_classes(numbers, decimals), None, change, values)
    shown_decimals = 0 if change == Change.PERCENT else decimals
    changes: list[Values] = [{p: None for p in values[0]}] if values else []
    changed_totals: list[Count | float | None] = [None] if values else []
    for before, after, total_before, total_after in zip(values, values[1:], totals, totals[1:], strict=False):
        changes.append({p: change_between(before.get(p), after[p], change, shown_decimals, threshold) for p in after})
        changed_totals.append(change_between(total_before, total_after, change, shown_decimals, threshold)
                              if total_before is not None and total_after is not None else None)
    numbers = [v for step in changes for v in step.values() if isinstance(v, int | float)]
    classes = diverging_classes(numbers, shown_decimals)
    return TimelineData(all_steps, changes, changed_totals, classes,
                        diverging_colours(classes) if classes else None, change, values)


def on_timeline(metric: Metric) -> bool:
    """Whether ``metric`` steps through periods. A reintegration score (issue 29) is measured per
    follow-up survey round, months after each person's return, not per calendar month: every
    step would show the same round, so the timeline does not offer scores (the map says why)."""
    return not SPECS[metric].outcome


def timeline_for(search: str | None, state: ViewState) -> tuple[TimelineState, TimelineData] | None:
    """The URL's timeline and its data for the view ``state`` (as ``current_state`` reads the
    same URL), or None when the timeline is off or the metric is not one it steps through."""
    timeline = TimelineState.from_search(search)
    if timeline.mode is None or not on_timeline(state.metric):
        return None
    return timeline, timeline_data(state, timeline, Filters.from_query(parse_query(search)))


def value_text(metric: Metric, change: Change, lang: str) -> Callable[[float | Hidden | None], str]:
    """How a value of the timeline is written: as the map writes the metric, or a signed change."""
    if change == Change.VALUE:
        return lambda value: format_metric(value, metric, lang)
    unit = SPECS[metric].unit
    decimals = 0 if change == Change.PERCENT else _DECIMALS[unit]
    suffix = "%" if change == Change.PERCENT else t("timeline.points", lang) if unit == "share" else ""

    def written(value: float | Hidden | None) -> str:
        if value is None or isinstance(value, Hidden):
            return format_metric(value, metric, lang)
        sign = "+" if value > 0 else "−" if value < 0 else ""
        return sign + format_number(abs(value), lang, decimals) + suffix

    return written


def legend_title(metric: Metric, data: TimelineData, lang: str) -> str:
    """The legend's heading: what is coloured, and that the classes hold for every step."""
    name = t(f"metric.{metric.value}", lang)
    if data.change != Change.VALUE:
        name = t(f"timeline.change.{data.change.value}.of", lang, metric=name)
    return t("timeline.legend", lang, metric=name, count=format_number(len(data.steps), lang))


def step_figure(state: ViewState, data: TimelineData, index: int, lang: str, tile_url: str = "",
                attribution: str = "") -> go.Figure:
    """The map of step ``index``, coloured by the classes of all steps."""
    text = value_text(state.metric, data.change, lang)
    figure = area_choropleth(data.values[index], lang, state.district, state.metric, tile_url, attribution,
                             selected=state.upazila, classes=data.classes, colours=data.colours,
                             legend_title=legend_title(state.metric, data, lang),
                             text=text)
    # Tagged so the browser can replace the areas' traces with another step's (assets/timeline.js).
    for trace in figure.data:
        if trace.name != "selected":
            trace.uid = AREA_UID
    return figure


@dataclass(frozen=True)
class StepView:
    """What the map page draws for the URL's step: the values coloured, the metric's own values
    (for the table beside the map and its notes), the figure, and notes about the step."""

    values: Values
    shown: Values
    figure: go.Figure
    notes: list[str]
    legend_traces: list[go.Choroplethmap]  # the legend of every step: hidden and no data if any step has them


def step_values(search: str | None, state: ViewState) -> Values | None:
    """The metric's values at the URL's step (``StepView.shown``, what the table lists), without
    drawing the step's map; None when the timeline is off."""
    found = timeline_for(search, state)
    if found is None or not found[1].steps:
        return None
    timeline, data = found
    return data.metric_values[timeline.index(data.steps)]


def step_view(search: str | None, state: ViewState, lang: str, tile_url: str = "",
              attribution: str = "") -> StepView | None:
    """The map of the URL's step, classed over every step; None when the timeline is off."""
    found = timeline_for(search, state)
    if found is None or not found[1].steps:
        return None
    timeline, data = found
    index = timeline.index(data.steps)
    notes = [t("timeline.first_step", lang)] if index == 0 and data.change != Change.VALUE else []
    return StepView(data.values[index], data.metric_values[index],
                    step_figure(state, data, index, lang, tile_url, attribution), notes,
                    list(area_traces(state, data, lang).values()))


def area_traces(state: ViewState, data: TimelineData, lang: str) -> dict[str, go.Choroplethmap]:
    """How the timeline draws an area with a value ("values"), a hidden one ("hidden") and one
    without data ("none"), each kind any step has, as the single-period map draws them but with
    no area yet: the browser fills in each step's areas (``timeline_values``), and the legend
    lists every kind any step shows, so it stays the same from step to step."""
    sample = next(iter(data.values[0]), None) if data.values else None
    if sample is None:
        return {}
    every = [v for step in data.values for v in step.values()]
    kinds: dict[str, float | Hidden | None] = {}
    numbers = [v for v in every if isinstance(v, int | float)]
    if numbers and data.classes is not None:
        kinds["values"] = numbers[0]
    hidden = next((v for v in every if isinstance(v, Hidden)), None)
    if hidden is not None:
        kinds["hidden"] = hidden
    if any(v is None for v in every):
        kinds["none"] = None
    text = value_text(state.metric, data.change, lang)
    out: dict[str, go.Choroplethmap] = {}
    for kind, value in kinds.items():
        figure = area_choropleth({sample: value}, lang, state.district, state.metric, classes=data.classes,
                                 colours=data.colours, legend_title=legend_title(state.metric, data, lang), text=text)
        out[kind] = figure.data[0].update(uid=f"{AREA_UID}-{kind}")
    return out
