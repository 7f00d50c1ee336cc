"""Which target a figure is compared with: one rule for the map's cards, the comparison, the
brief and the API.

Targets are set per indicator, area and **programme year** (April-December 2017, 2018, 2019,
January-April 2020) and fall due at the year's last day (``core.filters.programme_year``); the
programme's target is the sum of its years. The rule, for the period the figures are counted
for (below headquarters: the whole months ``core.guard.effective_filters`` gives):

* **Whole programme years** (a programme year, several in a row, or the whole programme; days
  outside the programme do not count, so 2017-01-01 to 2017-12-31 is programme year 2017): a
  figure counted over the period is compared with the sum of the targets falling due in it.
* **Part of a programme year** (a quarter, the last 12 months, 15 March to 14 June): **not
  compared.** A year's target is one commitment for the whole year, and the work behind it is
  not spread evenly over the months (returns come in waves, fairs are held in the dry season,
  a committee is formed once), so a pro-rata share would be a target nobody set, and would
  call a district "behind" in March on a target due in December.
* **A stock** (DCCs formed *by the end of the period*) is compared with every target due by
  the period's end, whenever it starts, provided the period ends at a programme year's end.
* **Counts of returnees** (the reintegration indicators, ``RETURNEE_INDICATORS``) are not
  compared while a filter on who the returnees are is set: their targets cover every returnee.
  Activities (awareness, fairs, committees) have no person to filter, so theirs still are.
* No target falls due in the period (none set for those years, an upazila, a period outside
  the programme): nothing is compared and nothing is said.

Pure: targets and periods in, verdicts out (``tests/core/test_targets.py``). Below
headquarters the value compared is the published one the reader sees (``core.guard``), so a
percentage gives away nothing the published count does not.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from dashboard.core.filters import PROGRAMME_END, PROGRAMME_START, PROGRAMME_YEARS, Filters, programme_year
from dashboard.core.indicators import INDICATOR_KEYS, RETURNEE_INDICATORS

# Figures counted up to the period's end, whenever the period starts.
STOCK_INDICATORS: tuple[str, ...] = ("dccs_formed",)

# Due dates per target value of one indicator in one area (several rows due on one day add up).
Due = Mapping[date, int]


class TargetStatus(StrEnum):
    """What happens to an indicator's target for one period (messages ``target.status.<value>``)."""

    COMPARED = "compared"  # compared with :attr:`TargetVerdict.target`
    NONE = "none"  # no target falls due in the period: nothing to say
    PART_YEAR = "part_year"  # not compared: the period covers part of a programme year
    PEOPLE = "people"  # not compared: a filter on who the returnees are is set


@dataclass(frozen=True)
class TargetVerdict:
    """One indicator's target for one period: compared (with its value) or why not."""

    status: TargetStatus
    target: int | None = None  # the sum of the targets due in the period (COMPARED only)

    @property
    def compared(self) -> bool:
        """Whether the figure is compared with :attr:`target`."""
        return self.status == TargetStatus.COMPARED

    @property
    def not_compared(self) -> bool:
        """Whether a target exists but is not compared (the reader is told why)."""
        return self.status in (TargetStatus.PART_YEAR, TargetStatus.PEOPLE)


NO_TARGET = TargetVerdict(TargetStatus.NONE)
_STARTS = frozenset(programme_year(y)[0] for y in PROGRAMME_YEARS)
_ENDS = frozenset(programme_year(y)[1] for y in PROGRAMME_YEARS)


def _year_start(day: date) -> date:
    return programme_year(day.year)[0]


def _year_end(day: date) -> date:
    return programme_year(day.year)[1]


def programme_part(filters: Filters) -> tuple[date, date] | None:
    """The part of the period inside the programme (an open end is the programme's), or None
    when the period lies outside it or is backwards."""
    start = max(filters.start or PROGRAMME_START, PROGRAMME_START)
    end = min(filters.end or PROGRAMME_END, PROGRAMME_END)
    return (start, end) if start <= end and not filters.is_backwards else None


def whole_programme_years(filters: Filters) -> bool:
    """Whether the period's part inside the programme is whole programme years."""
    part = programme_part(filters)
    return part is not None and part[0] in _STARTS and part[1] in _ENDS


def _flow(due: Due, filters: Filters) -> TargetVerdict:
    part = programme_part(filters)
    if part is None:
        return NO_TARGET
    start, end = part
    if start in _STARTS and end in _ENDS:
        values = [value for day, value in due.items() if start <= day <= end]
        return TargetVerdict(TargetStatus.COMPARED, sum(values)) if values else NO_TARGET
    # Part of a year: say so only where the years it touches have a target.
    touched = _year_start(start), _year_end(end)
    return TargetVerdict(TargetStatus.PART_YEAR) if any(touched[0] <= d <= touched[1] for d in due) else NO_TARGET


def _stock(due: Due, filters: Filters) -> TargetVerdict:
    if filters.is_backwards or (filters.end is not None and filters.end < PROGRAMME_START):
        return NO_TARGET
    end = min(filters.end or PROGRAMME_END, PROGRAMME_END)
    if end in _ENDS:
        values = [value for day, value in due.items() if day <= end]
        return TargetVerdict(TargetStatus.COMPARED, sum(values)) if values else NO_TARGET
    return TargetVerdict(TargetStatus.PART_YEAR) if any(d <= _year_end(end) for d in due) else NO_TARGET


def target_verdict(indicator: str, due: Due, filters: Filters) -> TargetVerdict:
    """The target ``indicator`` is compared with for the period and person filters of
    ``filters`` (give the filters the figures were counted for), from its targets ``due``
    (value per due date) in the area. See the module's docstring for the rule."""
    if indicator not in INDICATOR_KEYS:
        raise KeyError(indicator)
    verdict = _stock(due, filters) if indicator in STOCK_INDICATORS else _flow(due, filters)
    if verdict.status != TargetStatus.NONE and indicator in RETURNEE_INDICATORS and filters.has_person_filters:
        return TargetVerdict(TargetStatus.PEOPLE)
    return verdict


def target_verdicts(due: Mapping[str, Due], filters: Filters) -> dict[str, TargetVerdict]:
    """:func:`target_verdict` for every indicator, from targets per indicator and due date."""
    return {key: target_verdict(key, due.get(key, {}), filters) for key in INDICATOR_KEYS}


def progress(value: int, verdict: TargetVerdict) -> float | None:
    """Per cent of the target reached, to 0.1 (None unless compared with a positive target).
    ``value`` is the figure as the reader sees it (published below headquarters)."""
    return round(100 * value / verdict.target, 1) if verdict.compared and verdict.target else None


__all__ = ["NO_TARGET", "STOCK_INDICATORS", "TargetStatus", "TargetVerdict", "programme_part", "progress",
           "target_verdict", "target_verdicts", "whole_programme_years"]
