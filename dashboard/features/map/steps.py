"""The map's timeline in the URL: its period mode, the step shown and whether the map shows
change, and the periods it steps through (pure: no database, no request).

The timeline owns the URL keys :data:`TIMELINE_KEYS`. The filter panel's period is the
timeline's range (the whole programme, April 2017 to April 2020, when no period is chosen);
``?timeline=quarter&step=2018-Q2`` shows the second quarter of 2018 on the map, the KPI cards
and the layers alike (``state.current_state`` narrows the filters to the step). Parsing is
forgiving: an unknown mode turns the timeline off, an unknown step means the first.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum

from dashboard.core.filters import PROGRAMME_END, PROGRAMME_START, Filters
from dashboard.core.url import parse_query
from dashboard.i18n import format_digits, format_month, t

TIMELINE_KEYS = ("timeline", "step", "change", "split")
MAX_STEPS = 120  # ten years of months: a longer chosen period keeps its last 120 steps


class Mode(StrEnum):
    """How the timeline cuts its range: calendar months, quarters or years."""

    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


class Change(StrEnum):
    """What the timeline colours areas by: the metric, or its change on the previous step."""

    VALUE = "value"
    ABSOLUTE = "abs"
    PERCENT = "pct"


@dataclass(frozen=True)
class Step:
    """One period of the timeline: whole months from ``start`` to ``end``, named ``key`` in the
    URL ("2018-04" for a month, "2018-Q2" for a quarter)."""

    start: date
    end: date
    key: str

    def label(self, lang: str) -> str:
        """"Apr 2018", "Q2 2018 (Apr–Jun)" or "2018", in ``lang``."""
        if "-Q" in self.key:
            year, quarter = self.key.split("-Q")
            months = f"{format_month(self.start, lang).split()[0]}–{format_month(self.end, lang).split()[0]}"
            return t("timeline.quarter", lang, quarter=format_digits(quarter, lang), year=format_digits(year, lang),
                     months=months)
        if "-" not in self.key:
            return t("timeline.year", lang, year=format_digits(self.key, lang))
        return format_month(self.start, lang)


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def _month_start(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)


def _month_end(index: int) -> date:
    return _month_start(index + 1) - timedelta(days=1)


def timeline_range(filters: Filters) -> tuple[date, date]:
    """The whole months the timeline covers: the chosen period, or the programme's."""
    start, end = filters.start or PROGRAMME_START, filters.end or PROGRAMME_END
    if end < start:
        start, end = end, start
    return _month_start(_month_index(start)), _month_end(_month_index(end))


def steps(mode: Mode, filters: Filters) -> list[Step]:
    """The periods the timeline steps through, oldest first; quarters and years are calendar
    quarters and years cut to the range (the programme's last quarter is April 2020 alone)."""
    start, end = timeline_range(filters)
    first, last = _month_index(start), _month_index(end)
    out: list[Step] = []
    if mode == Mode.MONTH:
        return [Step(_month_start(i), _month_end(i), f"{i // 12:04d}-{i % 12 + 1:02d}")
                for i in range(first, last + 1)][-MAX_STEPS:]
    length = 3 if mode == Mode.QUARTER else 12
    index = first
    while index <= last:
        period_last = index - index % length + length - 1
        key = f"{index // 12:04d}-Q{index % 12 // 3 + 1}" if mode == Mode.QUARTER else f"{index // 12:04d}"
        out.append(Step(_month_start(index), _month_end(min(period_last, last)), key))
        index = period_last + 1
    return out[-MAX_STEPS:]


@dataclass(frozen=True)
class TimelineState:
    """The timeline's part of the URL: mode (None: off), the step's key, what is coloured, and
    whether the split view is open."""

    mode: Mode | None = None
    step: str | None = None
    change: Change = Change.VALUE
    split: bool = False  # the split view: the step and the ones before it, side by side

    @classmethod
    def from_search(cls, search: str | None) -> TimelineState:
        """Parse a query string, dropping anything unknown."""
        query = parse_query(search)
        mode = next((m for m in Mode if m.value == query.get("timeline")), None)
        change = next((c for c in Change if c.value == query.get("change")), Change.VALUE)
        if mode is None:
            return cls()
        return cls(mode, query.get("step") or None, change, query.get("split") == "1")

    def to_query(self) -> dict[str, str]:
        """The timeline's URL parameters (none when it is off)."""
        if self.mode is None:
            return {}
        query = {"timeline": self.mode.value}
        if self.step:
            query["step"] = self.step
        if self.change != Change.VALUE:
            query["change"] = self.change.value
        if self.split:
            query["split"] = "1"
        return query

    def steps(self, filters: Filters) -> list[Step]:
        """The timeline's steps over ``filters``' period (none when it is off)."""
        return steps(self.mode, filters) if self.mode else []

    def index(self, all_steps: list[Step]) -> int:
        """Where the chosen step stands in ``all_steps``: the first for a key not among them."""
        return next((i for i, s in enumerate(all_steps) if s.key == self.step), 0)

    def at(self, index: int, all_steps: list[Step]) -> TimelineState:
        """The state showing step ``index`` (kept within the steps)."""
        if not all_steps:
            return self
        return replace(self, step=all_steps[max(0, min(index, len(all_steps) - 1))].key)


def step_filters(filters: Filters, search: str | None) -> Filters:
    """``filters`` narrowed to the timeline's step when the URL turns the timeline on: what the
    map, its layers, the cards and the detail show in that step."""
    timeline = TimelineState.from_search(search)
    all_steps = timeline.steps(filters)
    if not all_steps:
        return filters
    step = all_steps[timeline.index(all_steps)]
    return filters.replace(start=step.start, end=step.end)


__all__ = ["MAX_STEPS", "TIMELINE_KEYS", "Change", "Mode", "Step", "TimelineState", "step_filters", "steps",
           "timeline_range"]
