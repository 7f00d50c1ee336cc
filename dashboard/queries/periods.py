"""Several periods counted in one pass: the KPI cards and the ranking show a period beside
the equally long one before it.

Counting each period with its own query reads the same rows twice (every figure is a scan
of a summary or raw table). Instead the WHERE clause covers the *span* of the periods and
each figure is summed once per period with its own condition, labelled ``figure@i``;
:meth:`Periods.split` turns the result back into one set of figures per period.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Label

from dashboard.core.filters import Filters
from dashboard.queries.grouping import Figures

_SEPARATOR = "@"


@dataclass(frozen=True)
class Periods:
    """Filters differing only in their start and end, counted together."""

    each: tuple[Filters, ...]

    def __post_init__(self) -> None:
        if not self.each:
            raise ValueError("Periods needs at least one period")
        first = self.each[0]
        if any(f.area != first.area or f.people != first.people for f in self.each):
            raise ValueError("periods counted together must share the area and person filters")

    @classmethod
    def of(cls, filters: Sequence[Filters]) -> Periods:
        """The periods of ``filters``, in that order."""
        return cls(tuple(filters))

    @property
    def common(self) -> Filters:
        """The area and person filters the periods share (and the first period)."""
        return self.each[0]

    @property
    def span(self) -> Filters:
        """From the earliest start to the latest end (open where any period is open)."""
        starts = [f.start for f in self.each]
        ends = [f.end for f in self.each]
        return self.common.replace(start=None if None in starts else min(s for s in starts if s),
                                   end=None if None in ends else max(e for e in ends if e))

    def sums(self, key: str, measure: Callable[[Filters], ColumnElement[int]]) -> list[Label[int]]:
        """``measure(period)`` for each period, labelled for :meth:`split`."""
        return [measure(period).label(self.label(key, i)) for i, period in enumerate(self.each)]

    @staticmethod
    def label(key: str, index: int) -> str:
        """The name of ``key`` in the period at ``index``, as :meth:`sums` labels it."""
        return f"{key}{_SEPARATOR}{index}"

    def split(self, figures: Figures) -> list[Figures]:
        """Figures labelled by :meth:`sums` as one ``{area: {figure: value}}`` per period."""
        out: list[Figures] = [{} for _ in self.each]
        for area, values in figures.items():
            for label, value in values.items():
                key, _, index = label.rpartition(_SEPARATOR)
                out[int(index)].setdefault(area, {})[key] = value
        return out
