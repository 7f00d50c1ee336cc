"""Classing values for a choropleth legend: quantile classes whose labels never overlap.

Values are first rounded to the precision the legend shows, then classed; each
class is labelled by the smallest and largest value actually in it. So classes
cannot repeat or overlap ("0–2, 2–3" cannot happen), a class holding one value
says so ("3", not "3–3"), and data with few distinct values gets one class per
value.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dashboard.i18n import format_number


@dataclass(frozen=True)
class Classes:
    """Each class as the (lowest, highest) value in it, in ascending order, at ``decimals``."""

    ranges: tuple[tuple[float, float], ...]
    decimals: int = 0

    def index(self, value: float) -> int:
        """The class a value falls in (by its rounded value; classes include both ends)."""
        rounded = round(value, self.decimals)
        uppers = [high for _low, high in self.ranges]
        return min(int(np.searchsorted(uppers, rounded, side="left")), len(uppers) - 1)

    def labels(self, lang: str, suffix: str = "") -> list[str]:
        """"0–12", "13–40", "41" ... in ``lang``'s digits."""
        def number(value: float) -> str:
            return format_number(value, lang, self.decimals)

        return [(number(low) if low == high else f"{number(low)}–{number(high)}") + suffix
                for low, high in self.ranges]


def quantile_classes(values: list[float], decimals: int = 0, count: int = 5) -> Classes | None:
    """Up to ``count`` classes holding about equally many areas; None for no values."""
    if not values:
        return None
    data = np.sort(np.round(np.asarray(values, dtype=float), decimals))
    distinct = np.unique(data)
    if len(distinct) <= count:
        return Classes(tuple((float(v), float(v)) for v in distinct), decimals)
    # Upper bounds at the quantiles, taken from the data itself (the value at rank
    # ceil(n·i/count), in integers so no rounding moves a bound), so every bound is a value
    # some area has; repeated bounds merge classes instead of emptying them.
    n = len(data)
    uppers = np.unique([data[-(-n * i // count) - 1] for i in range(1, count + 1)])
    ranges = []
    low_index = 0
    for upper in uppers:
        high_index = int(np.searchsorted(data, upper, side="right"))
        if high_index > low_index:
            ranges.append((float(data[low_index]), float(data[high_index - 1])))
            low_index = high_index
    return Classes(tuple(ranges), decimals)
