"""Classing values for a choropleth legend: quantile breaks, labelled ranges."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dashboard.i18n import format_number


@dataclass(frozen=True)
class Classes:
    """Upper bounds of each class (the first class starts at ``low``) and each value's class."""

    low: float
    uppers: tuple[float, ...]

    def index(self, value: float) -> int:
        """The class a value falls in (classes include their upper bound)."""
        return int(np.searchsorted(self.uppers, value, side="left"))

    def labels(self, lang: str, decimals: int = 0, suffix: str = "") -> list[str]:
        """"0–12", "13–40", ... in ``lang``'s digits."""
        bounds = [self.low, *self.uppers]
        return [f"{format_number(bounds[i], lang, decimals)}–{format_number(bounds[i + 1], lang, decimals)}{suffix}"
                for i in range(len(self.uppers))]


def quantile_classes(values: list[float], count: int = 5) -> Classes | None:
    """Up to ``count`` quantile classes; fewer when values repeat; None for no values."""
    if not values:
        return None
    data = np.asarray(values, dtype=float)
    uppers = sorted(set(np.quantile(data, np.linspace(0, 1, count + 1)[1:]).round(6)))
    return Classes(float(data.min()), tuple(float(u) for u in uppers))
